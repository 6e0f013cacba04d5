/**
 * Names CloudWatch accepts, and references that resolve.
 *
 * - Alarm names: 1 to 255 characters, UTF-8, no ASCII control characters,
 *   unique in the account and region (a second alarm of the same name
 *   silently replaces the first).
 *   https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html
 * - Dashboard names: up to 255 characters, letters, digits, `-` and `_`.
 *   https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutDashboard.html
 * - service_overrides name services of this fleet.
 */
import type { Check } from './check';
import { didYouMean } from '../suggest';
import { at, capitalize, entries, hostsOf, list, namesOf, obj, poolsOf, servicesOf, show, str } from './read';
import { watchAlarmName } from '../../lower/names';

const ALARM_NAME_MAX = 255;
const DASHBOARD_NAME = /^[A-Za-z0-9_-]{1,255}$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

export const monitoringNames: Check = {
  name: 'monitoring-names',
  codes: {
    FF530: 'an alarm name that is too long or holds control characters',
    FF531: 'two alarms with one name (the second would replace the first)',
    FF532: 'a dashboard name CloudWatch rejects',
    FF533: 'monitoring.service_overrides names a service that does not exist',
  },
  run(ctx) {
    const m = obj(ctx.spec.monitoring);
    if (!m) return;
    const fleet = str(ctx.spec.name) ?? '';
    const builtIn = new Set(builtInSuffixes(ctx.spec));
    const seen = new Map<string, string>();
    for (const a of entries(m, ['alarms'])) {
      const name = str(a.value.name);
      if (name === undefined) continue;
      const path = ['monitoring', ...a.path, 'name'];
      const full = watchAlarmName(fleet, name);
      if (CONTROL.test(name)) {
        ctx.report({ code: 'FF530', path, message: `${at(path)} is ${show(name)}, which holds a control character; alarm names may not`, hint: 'Use letters, digits, spaces and punctuation.' });
      } else if (full.length > ALARM_NAME_MAX) {
        ctx.report({ code: 'FF530', path, message: `${at(path)} makes the alarm name ${fleet}-... ${full.length} characters long; CloudWatch allows at most ${ALARM_NAME_MAX}`, hint: `Shorten it to at most ${ALARM_NAME_MAX - fleet.length - 1} characters.` });
      }
      if (builtIn.has(name)) {
        ctx.report({ code: 'FF531', path, message: `${at(path)} is ${show(name)}, the name of an alarm Fleetform creates (${full})`, hint: 'Choose another name; to change a built-in alarm, set its thresholds under monitoring.' });
      } else if (seen.has(name)) {
        ctx.report({ code: 'FF531', path, message: `${at(path)} is ${show(name)}, like ${seen.get(name)}; alarm names are unique in a region`, hint: 'Give each alarm its own name.' });
      } else seen.set(name, at(path));
    }
    const dashboard = obj(m.dashboard);
    const dName = str(dashboard?.name);
    if (dName !== undefined && !DASHBOARD_NAME.test(dName)) {
      const path = ['monitoring', 'dashboard', 'name'];
      ctx.report({ code: 'FF532', path, message: `${at(path)} is ${show(dName)}; a dashboard name is at most 255 letters, digits, - and _`, hint: `Use e.g. ${dName.replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 255) || fleet}.` });
    }
    const services = namesOf(servicesOf(ctx.spec));
    for (const name of Object.keys(obj(m.service_overrides) ?? {})) {
      if (services.includes(name)) continue;
      const path = ['monitoring', 'service_overrides', name];
      const dym = didYouMean(name, services);
      ctx.report({ code: 'FF533', path, atKey: true, message: `${at(path)} names ${show(name)}, which is not a service of this fleet; services: ${services.join(', ')}`, hint: dym ? capitalize(dym) : 'Use the name of a service under `services`.' });
    }
  },
};

/** Suffixes of the alarms Fleetform derives (see compiler/lower/monitoring.ts), whether or not they are on. */
function builtInSuffixes(spec: unknown): string[] {
  const out = ['alb-elb-5xx', 'alb-rejected-connections', 'nlb-tcp-resets'];
  for (const s of namesOf(servicesOf(spec))) out.push(...['no-healthy-target', 'healthy-below', 'target-5xx', 'latency'].map((k) => `${s}-${k}`));
  for (const h of namesOf(hostsOf(spec))) out.push(`host-${h}-unreachable`);
  for (const p of namesOf(poolsOf(spec))) out.push(...['gpu-utilization', 'gpu-memory', 'not-ready', 'at-max'].map((k) => `pool-${p}-${k}`));
  const lb = obj(obj(spec)?.load_balancer);
  const ports = list(obj(lb?.static_ips)?.ports).length ? list(obj(lb?.static_ips)?.ports) : entries(lb, ['listeners']).map((l) => l.value.port);
  for (const port of ports) out.push(`nlb-${String(port)}-no-healthy-alb`);
  return out;
}
