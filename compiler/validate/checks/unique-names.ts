/**
 * Names and keys that must be unique: hosts and pools share one namespace
 * (both become backends and derive AWS names from it), services, scheduled
 * actions within a pool (AWS: a scheduled action name is unique per Auto
 * Scaling group), listener ports (AWS: one listener per port and load
 * balancer), forwarded static-IP ports and Elastic IP allocations (an
 * allocation can be associated with one address only).
 */
import type { PathSegment } from '../../diagnostics/diagnostic';
import type { Check, CheckContext } from './check';
import { at, entries, hostsOf, int, list, listenersOf, obj, poolsOf, servicesOf, show, str } from './read';

export const uniqueNames: Check = {
  name: 'unique-names',
  codes: {
    FF202: 'two hosts or pools have the same name (hosts and pools share one namespace)',
    FF203: 'two services have the same name',
    FF204: 'two scheduled actions of one pool have the same name',
    FF205: 'two ALB listeners use the same port',
    FF206: 'load_balancer.static_ips.ports lists a port twice',
    FF207: 'load_balancer.static_ips.allocations lists an allocation twice',
    FF208: 'a list of backends or zones names the same entry twice',
  },
  run(ctx) {
    const { spec } = ctx;
    const firstBy = new Map<string, PathSegment[]>();
    for (const e of [...hostsOf(spec), ...poolsOf(spec)]) {
      const name = str(e.value.name);
      if (name === undefined) continue;
      const first = firstBy.get(name);
      if (first) {
        ctx.report({
          code: 'FF202',
          path: [...e.path, 'name'],
          message: `${at([...e.path, 'name'])} is ${show(name)}, already used by ${at(first)}; host and pool names must be unique together`,
          hint: 'Rename one of them: services name their backends by these names, and each derives its own AWS names.',
        });
      } else firstBy.set(name, e.path);
    }
    duplicates(ctx, servicesOf(spec).map((e) => ({ key: str(e.value.name), path: [...e.path, 'name'] })), 'FF203', (first) => `; service names must be unique`, 'Rename one of the services: each becomes its own target group.');
    for (const pool of poolsOf(spec)) {
      const schedules = entries(pool.value, ['scaling']).flatMap((e) => {
        const s = obj(e.value.schedule);
        const name = str(s?.name);
        return name === undefined ? [] : [{ key: name, path: [...pool.path, 'scaling', e.index, 'schedule', 'name'] }];
      });
      duplicates(ctx, schedules, 'FF204', () => '; scheduled action names must be unique within a pool', 'Rename one of the scheduled actions: AWS keys them by name within the Auto Scaling group.');
    }
    duplicates(ctx, listenersOf(spec).map((e) => ({ key: int(e.value.port), path: [...e.path, 'port'] })), 'FF205', () => '; an ALB has one listener per port', 'Use a different port, or merge the two listeners.');
    const staticIps = obj(obj(spec.load_balancer)?.static_ips);
    const sPath = ['load_balancer', 'static_ips'];
    duplicates(ctx, list(staticIps?.ports).map((p, i) => ({ key: int(p), path: [...sPath, 'ports', i] })), 'FF206', () => '; the NLB has one listener per port', 'Remove the duplicate port.');
    duplicates(ctx, list(staticIps?.allocations).map((a, i) => ({ key: str(a), path: [...sPath, 'allocations', i] })), 'FF207', () => '; an Elastic IP can give one zone its address, not two', 'Give each static-IP zone its own allocation ID.');
    for (const svc of servicesOf(spec)) {
      const b = obj(svc.value.backends);
      for (const kind of ['hosts', 'pools'] as const) {
        duplicates(ctx, list(b?.[kind]).map((n, i) => ({ key: str(n), path: [...svc.path, 'backends', kind, i] })), 'FF208', () => '', 'Remove the duplicate: a backend is registered with the target group once.');
      }
    }
    if (Array.isArray(staticIps?.zones)) {
      duplicates(ctx, list(staticIps?.zones).map((z, i) => ({ key: str(z), path: [...sPath, 'zones', i] })), 'FF208', () => '', 'Remove the duplicate: each zone gets one static IP.');
    }
  },
};

/** Reports every repeat of a key after its first occurrence, at the repeat. */
function duplicates(ctx: CheckContext, items: { key: string | number | undefined; path: PathSegment[] }[], code: string, tail: (first: PathSegment[]) => string, hint: string): void {
  const seen = new Map<string | number, PathSegment[]>();
  for (const { key, path } of items) {
    if (key === undefined) continue;
    const first = seen.get(key);
    if (first) {
      ctx.report({ code, path, message: `${at(path)} is ${show(key)}, the same as ${at(first)}${tail(first)}`, hint });
    } else seen.set(key, path);
  }
}
