/**
 * Every AWS name Fleetform derives (compiler/lower/names.ts) fits AWS's
 * rules before anything reaches AWS. The schema bounds each name part, but
 * only the combination decides: a 24-character fleet and a 24-character
 * service make a 49-character target group name, and ELB allows 32.
 * Findings point at the part the user can shorten.
 */
import type { PathSegment } from '../../diagnostics/diagnostic';
import type { Check } from './check';
import { albName, elbNameProblem, ELB_NAME_MAX, nlbName, nlbTargetGroupName, serviceTargetGroupName } from '../../lower/names';
import { at, int, list, listenersOf, obj, servicesOf, show, str } from './read';

// Fleet and resource names as the schema allows them (pattern and 24
// characters); others get the schema's diagnostic only.
const NAME = /^[a-z][a-z0-9-]{0,23}$/;
// Names outside ELB need no check: the schema caps fleet, host and pool
// names at 24 characters, so `<fleet>-proxy-<host>` (IAM roles: at most 64,
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html)
// is at most 55, and Auto Scaling group and alarm names (at most 255) at
// most 80.

export const awsNames: Check = {
  name: 'aws-names',
  codes: {
    FF243: 'a derived load balancer name breaks AWS\'s rules (32 characters, letters, digits, hyphens)',
    FF244: 'a service\'s derived target group name breaks AWS\'s rules',
    FF245: 'a static-IP NLB target group name breaks AWS\'s rules',
    FF246: 'two derived target group names are the same',
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
        ctx.report({ code: 'FF243', path: ['name'], message: `the load balancer name ${show(name)}, derived from name ${show(fleet)}, ${problem}`, hint: hintFor(name, problem, 'the fleet name') });
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
        ctx.report({ code: 'FF244', path, message: `the target group name ${show(name)} (<fleet>-<service>) ${problem}`, hint: hintFor(name, problem, `the service name or the fleet name (together)`) });
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
          ctx.report({ code: 'FF245', path: ['name'], message: `the static-IP target group name ${show(name)} (<fleet>-nlb-<port>) for port ${port} ${problem}`, hint: hintFor(name, problem, 'the fleet name') });
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
          message: `${at(first)} derives the target group name ${show(tg.name)}, which ${at(tg.path)} derives too; target group names are unique per account and region`,
          hint: 'Rename the service: names of the form `nlb-<port>` are taken by the static-IP target groups.',
        });
      } else if (!seen) byName.set(tg.name, { path: tg.path, source: tg.source });
    }
  },
};

function hintFor(name: string, problem: string, part: string): string {
  if (name.length > ELB_NAME_MAX) return `Shorten ${part} by ${name.length - ELB_NAME_MAX} character${name.length - ELB_NAME_MAX === 1 ? '' : 's'}.`;
  if (problem.includes('internal-')) return 'Choose a fleet name that does not start with `internal-`: AWS reserves that prefix for internal load balancers\' DNS names.';
  return 'Use only lower-case letters, digits and single hyphens inside the name.';
}
