/**
 * Every AWS name Fleetform derives (compiler/lower/names.ts) fits AWS's
 * rules before anything reaches AWS. The schema bounds each name part, but
 * only the combination decides: a 24-character fleet and a 24-character
 * service make a 49-character target group name, and ELB allows 32.
 * Findings point at the part the user can shorten.
 */
import type { PathSegment } from '../../diagnostics/diagnostic';
import type { Check } from './check';
import { albName, alarmName, elbNameProblem, ELB_NAME_MAX, nlbName, nlbTargetGroupName, poolAsgName, proxyName, serviceTargetGroupName } from '../../lower/names';
import { at, entries, hostsOf, int, list, listenersOf, obj, poolsOf, servicesOf, str } from './read';

// Fleet and resource names as the schema allows them; others get the schema's diagnostic only.
const NAME = /^[a-z][a-z0-9-]*$/;
// Auto Scaling group names: 1-255 characters.
// https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_CreateAutoScalingGroup.html
const ASG_NAME_MAX = 255;
// CloudWatch alarm names: 1-255 characters.
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html
const ALARM_NAME_MAX = 255;
// IAM role names (the proxy's role is named like its group): at most 64 characters.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html
const ROLE_NAME_MAX = 64;

export const awsNames: Check = {
  name: 'aws-names',
  codes: {
    FF243: 'a derived load balancer name breaks AWS\'s rules (32 characters, letters, digits, hyphens)',
    FF244: 'a service\'s derived target group name breaks AWS\'s rules',
    FF245: 'a static-IP NLB target group name breaks AWS\'s rules',
    FF246: 'two derived target group names are the same',
    FF247: 'a derived Auto Scaling group, role or alarm name is too long',
  },
  run(ctx) {
    const { spec } = ctx;
    const fleet = str(spec.name);
    if (fleet === undefined || !NAME.test(fleet)) return;
    const lb = obj(spec.load_balancer);
    const staticIps = obj(lb?.static_ips);

    for (const [name, present] of [[albName(fleet), true], [nlbName(fleet), staticIps !== undefined]] as const) {
      const problem = present ? elbNameProblem(name, 'load balancer') : null;
      if (problem) {
        ctx.report({ code: 'FF243', path: ['name'], message: `the load balancer name ${JSON.stringify(name)}, derived from name ${JSON.stringify(fleet)}, ${problem}`, hint: hintFor(name, problem, 'the fleet name') });
      }
    }

    const targetGroups: { name: string; path: PathSegment[]; source: string }[] = [];
    for (const s of servicesOf(spec)) {
      const service = str(s.value.name);
      if (service === undefined || !NAME.test(service)) continue;
      const name = serviceTargetGroupName(fleet, service);
      const path = [...s.path, 'name'];
      targetGroups.push({ name, path, source: `service ${service}` });
      const problem = elbNameProblem(name, 'target group');
      if (problem) {
        ctx.report({ code: 'FF244', path, message: `the target group name ${JSON.stringify(name)} (<fleet>-<service>) ${problem}`, hint: hintFor(name, problem, `the service name or the fleet name (together)`) });
      }
    }
    if (staticIps) {
      const explicit = Array.isArray(staticIps.ports);
      const ports = explicit
        ? list(staticIps.ports).map((p, i) => ({ port: int(p), path: ['load_balancer', 'static_ips', 'ports', i] as PathSegment[] }))
        : listenersOf(spec).map((l) => ({ port: int(l.value.port), path: [...l.path, 'port'] }));
      const seen = new Set<number>();
      for (const { port, path } of ports) {
        if (port === undefined || seen.has(port)) continue;
        seen.add(port);
        const name = nlbTargetGroupName(fleet, port);
        targetGroups.push({ name, path, source: `port ${port}` });
        const problem = elbNameProblem(name, 'target group');
        if (problem) {
          ctx.report({ code: 'FF245', path: ['name'], message: `the static-IP target group name ${JSON.stringify(name)} (<fleet>-nlb-<port>) for port ${port} ${problem}`, hint: hintFor(name, problem, 'the fleet name') });
        }
      }
    }
    // Two services with one name collide too, but unique-names says so.
    const byName = new Map<string, { path: PathSegment[]; source: string }>();
    for (const tg of targetGroups) {
      const seen = byName.get(tg.name);
      const first = seen?.path;
      if (seen && first && seen.source !== tg.source) {
        ctx.report({
          code: 'FF246',
          path: first,
          message: `${at(first)} derives the target group name ${JSON.stringify(tg.name)}, which ${at(tg.path)} derives too; target group names are unique per account and region`,
          hint: 'Rename the service: names of the form `nlb-<port>` are taken by the static-IP target groups.',
        });
      } else if (!seen) byName.set(tg.name, { path: tg.path, source: tg.source });
    }

    const longName = (name: string, max: number, what: string, path: PathSegment[]): void => {
      if (name.length <= max) return;
      ctx.report({ code: 'FF247', path, message: `the ${what} name ${JSON.stringify(name)} is ${name.length} characters long; AWS allows at most ${max}`, hint: `Shorten the names it is built from by ${name.length - max} characters.` });
    };
    for (const h of hostsOf(spec)) {
      const host = str(h.value.name);
      if (host !== undefined && NAME.test(host)) longName(proxyName(fleet, host), ROLE_NAME_MAX, 'proxy role', [...h.path, 'name']);
    }
    for (const p of poolsOf(spec)) {
      const pool = str(p.value.name);
      if (pool === undefined || !NAME.test(pool)) continue;
      longName(poolAsgName(fleet, pool), ASG_NAME_MAX, 'Auto Scaling group', [...p.path, 'name']);
      for (const e of entries(p.value, ['scaling'])) {
        for (const kind of ['step', 'simple']) {
          if (e.value[kind] !== undefined) longName(alarmName(fleet, pool, kind, e.index), ALARM_NAME_MAX, 'alarm', [...p.path, 'name']);
        }
      }
    }
  },
};

function hintFor(name: string, problem: string, part: string): string {
  if (name.length > ELB_NAME_MAX) return `Shorten ${part} by ${name.length - ELB_NAME_MAX} character${name.length - ELB_NAME_MAX === 1 ? '' : 's'}.`;
  if (problem.includes('internal-')) return 'Choose a fleet name that does not start with `internal-`: AWS reserves that prefix for internal load balancers\' DNS names.';
  return 'Use only lower-case letters, digits and single hyphens inside the name.';
}
