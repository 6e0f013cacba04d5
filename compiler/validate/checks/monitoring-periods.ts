/**
 * Alarm periods CloudWatch accepts and the data can fill.
 *
 * - PutMetricAlarm takes periods of 10, 20, 30 or a multiple of 60 seconds;
 *   10 to 30 only make sense for high-resolution metrics, and nothing this
 *   fleet watches is published at high resolution, so: multiples of 60.
 * - Period x evaluation periods may not exceed one day for periods under an
 *   hour, seven days otherwise.
 *   https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html
 * - EC2 publishes basic-monitoring metrics every 5 minutes: an AWS/EC2 alarm
 *   needs a period that is a multiple of 300, or every other period is empty.
 *   https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/manage-detailed-monitoring.html
 * - The proxies and the pools' agent publish every `every` seconds: a period
 *   shorter than that has empty datapoints, which for the host alarm (missing
 *   data counts as unreachable) means false alarms.
 * - `minutes` must be a whole number of periods.
 */
import type { PathSegment } from '../../diagnostics/diagnostic';
import type { Check, CheckContext } from './check';
import { at, entries, int, obj, type Obj, str } from './read';
import { EC2_BASIC_MONITORING_PERIOD, fleetNamespace, GPU_MEASUREMENTS, gpuMetricName, HOST_HEALTH_METRIC } from '../../../modules/monitoring/metrics';

const DEFAULT_PERIOD = 60;
const SHORT_PERIOD = 3600;
const MAX_SHORT = 86400;
const MAX_LONG = 604800;

export const monitoringPeriods: Check = {
  name: 'monitoring-periods',
  codes: {
    FF510: 'an alarm period that is not a multiple of 60 seconds, or shorter than its metric is published',
    FF511: 'alarm minutes that are not a whole number of periods',
    FF512: 'an evaluation window (period x evaluation periods) over one day (periods under an hour) or seven days',
    FF513: 'proxies or the GPU agent publish less often than the alarm period, leaving periods without data',
  },
  run(ctx) {
    const m = obj(ctx.spec.monitoring);
    if (!m) return;
    const base: PathSegment[] = ['monitoring'];
    const period = int(m.period);
    if (period !== undefined && period >= 60 && period % 60 !== 0) {
      ctx.report({ code: 'FF510', path: [...base, 'period'], message: `${at([...base, 'period'])} is ${period}; alarm periods here must be a multiple of 60 seconds (load balancer metrics are published every minute)`, hint: `Use ${Math.max(60, Math.round(period / 60) * 60)}.` });
      return;
    }
    const p = period !== undefined && period >= 60 ? period : DEFAULT_PERIOD;
    // Every `minutes` in the section, wherever it sits.
    const walk = (v: unknown, path: PathSegment[]): void => {
      const o = obj(v);
      if (!o) return;
      for (const [k, x] of Object.entries(o)) {
        if (k === 'alarms') continue;
        if (k === 'minutes') {
          const minutes = int(x);
          if (minutes !== undefined && (minutes * 60) % p !== 0) {
            ctx.report({ code: 'FF511', path: [...path, k], message: `${at([...path, k])} is ${minutes}, not a whole number of ${p}-second periods (monitoring.period)`, hint: `Use a multiple of ${p / 60} minutes, e.g. ${Math.max(p / 60, Math.round((minutes * 60) / p) * (p / 60))}.` });
          }
        } else walk(x, [...path, k]);
      }
    };
    walk(m, base);
    for (const key of ['hosts', 'pools'] as const) {
      const every = int(obj(m[key])?.every);
      if (every !== undefined && every > p) {
        const path = [...base, key, 'every'];
        ctx.report({ code: 'FF513', path, message: `${at(path)} is ${every} s, longer than the ${p}-second alarm period: some periods would have no datapoint${key === 'hosts' ? ', and a host alarm counts a missing datapoint as unreachable' : ''}`, hint: `Publish at least once per period: every: ${p} or less, or raise monitoring.period.` });
      }
    }
    for (const a of entries(m, ['alarms'])) customPeriod(ctx, a.value, [...base, ...a.path], p, m);
  },
};

function customPeriod(ctx: CheckContext, alarm: Obj, path: PathSegment[], defaultPeriod: number, m: Obj): void {
  const own = int(alarm.period);
  const period = own ?? defaultPeriod;
  const periodPath = own !== undefined ? [...path, 'period'] : path;
  const namespace = str(alarm.namespace);
  const metric = str(alarm.metric);
  if (own !== undefined && own % 60 !== 0) {
    const subMinute = [10, 20, 30].includes(own);
    ctx.report({
      code: 'FF510',
      path: periodPath,
      message: subMinute
        ? `${at(periodPath)} is ${own}; ${own}-second periods need a high-resolution metric, and the metrics a fleet publishes are standard resolution (one datapoint a minute)`
        : `${at(periodPath)} is ${own}; CloudWatch accepts 10, 20, 30 or a multiple of 60 seconds`,
      hint: `Use ${Math.max(60, Math.round(own / 60) * 60)}.`,
    });
    return;
  }
  if (namespace === 'AWS/EC2' && period % EC2_BASIC_MONITORING_PERIOD !== 0) {
    ctx.report({ code: 'FF510', path: periodPath, message: `${at(path)} watches AWS/EC2 with a ${period}-second period, but EC2 publishes every ${EC2_BASIC_MONITORING_PERIOD} s (basic monitoring): most periods would be empty`, hint: `Use period: ${Math.max(EC2_BASIC_MONITORING_PERIOD, Math.round(period / EC2_BASIC_MONITORING_PERIOD) * EC2_BASIC_MONITORING_PERIOD)} or a multiple of it.` });
    return;
  }
  const fleet = str(ctx.spec.name);
  if (fleet !== undefined && namespace === fleetNamespace(fleet) && metric !== undefined) {
    const key = metric === HOST_HEALTH_METRIC ? 'hosts' : (GPU_MEASUREMENTS as readonly string[]).map(gpuMetricName).includes(metric) ? 'pools' : null;
    const every = key ? (int(obj(m[key])?.every) ?? 60) : undefined;
    if (every !== undefined && period < every) {
      ctx.report({ code: 'FF513', path: periodPath, message: `${at(path)} has a ${period}-second period, but ${metric} is published every ${every} s (monitoring.${key}.every): some periods would be empty`, hint: `Use period: ${Math.ceil(every / 60) * 60} or more.` });
      return;
    }
  }
  const evaluations = int(alarm.evaluation_periods) ?? 5;
  const max = period < SHORT_PERIOD ? MAX_SHORT : MAX_LONG;
  if (period * evaluations > max) {
    const key: PathSegment[] = alarm.evaluation_periods !== undefined ? [...path, 'evaluation_periods'] : periodPath;
    ctx.report({
      code: 'FF512',
      path: key,
      message: `${at(path)} evaluates ${evaluations} periods of ${period} s, ${period * evaluations} s in all; CloudWatch allows at most ${max} (${max === MAX_LONG ? 'seven days' : 'one day, for periods under an hour'})`,
      hint: `Use at most ${Math.floor(max / period)} evaluation periods${max === MAX_SHORT ? ', or a period of an hour or more' : ''}.`,
    });
  }
}
