/**
 * Cross-references resolve: services name existing hosts and pools and have
 * at least one backend; a scaling policy on ALB requests names a service
 * that this pool actually backs (AWS ties ALBRequestCountPerTarget to one
 * target group through its resource label, and the pool's instances are
 * registered only with the target groups of the services it backs); zones
 * named by hosts and static IPs are fleet zones. Hosts and pools that back
 * no service cost money and serve nothing: a warning.
 */
import type { Check } from './check';
import { didYouMean } from '../suggest';
import { at, capitalize, entries, hostsOf, list, namesOf, obj, poolsOf, serviceHostNames, servicePoolNames, servicesOf, show, str, zonesOf } from './read';

export const references: Check = {
  name: 'references',
  codes: {
    FF210: 'a service names a host that does not exist',
    FF211: 'a service names a pool that does not exist',
    FF212: 'a service has no backends',
    FF213: 'a scaling policy names a service that does not exist',
    FF214: 'a scaling policy counts requests of a service this pool does not back',
    FF215: 'load_balancer.static_ips.zones names a zone that is not one of the fleet zones',
    FF216: 'a host names a zone that is not one of the fleet zones',
    FF217: 'a host or pool backs no service (warning)',
  },
  run(ctx) {
    const { spec } = ctx;
    // Each name once: a duplicate name is FF202's to report, not a second listing here.
    const hostNames = [...new Set(namesOf(hostsOf(spec)))];
    const poolNames = [...new Set(namesOf(poolsOf(spec)))];
    const services = servicesOf(spec);
    const serviceNames = namesOf(services);
    const zones = zonesOf(spec);
    // Suggest only zones that are right for the region: a zone FF218 rejects is no fix.
    const region = str(spec.region);
    const goodZones = [...new Set(zones.filter((z) => region === undefined || z.slice(0, -1) === region))];
    const used = new Set<string>();

    for (const svc of services) {
      const b = obj(svc.value.backends);
      const bPath = [...svc.path, 'backends'];
      list(b?.hosts).forEach((h, i) => {
        if (typeof h !== 'string' || hostNames.includes(h)) return;
        const dym = didYouMean(h, hostNames);
        ctx.report({
          code: 'FF210',
          path: [...bPath, 'hosts', i],
          message: `${at([...bPath, 'hosts', i])} is ${show(h)}, which is not a host of this fleet${hostNames.length ? `; hosts: ${hostNames.join(', ')}` : ' (it has no hosts)'}`,
          hint: dym ? capitalize(dym) : poolNames.includes(h) ? `\`${h}\` is a pool: list it under backends.pools.` : 'Add the host under `hosts`, or remove it from the list.',
        });
      });
      list(b?.pools).forEach((p, i) => {
        if (typeof p !== 'string' || poolNames.includes(p)) return;
        const dym = didYouMean(p, poolNames);
        ctx.report({
          code: 'FF211',
          path: [...bPath, 'pools', i],
          message: `${at([...bPath, 'pools', i])} is ${show(p)}, which is not a pool of this fleet${poolNames.length ? `; pools: ${poolNames.join(', ')}` : ' (it has no pools)'}`,
          hint: dym ? capitalize(dym) : hostNames.includes(p) ? `\`${p}\` is a host: list it under backends.hosts.` : 'Add the pool under `pools`, or remove it from the list.',
        });
      });
      const hosts = serviceHostNames(spec, svc.value);
      const pools = servicePoolNames(svc.value);
      hosts.forEach((h) => used.add(h));
      pools.forEach((p) => used.add(p));
      // Only when backends is a well-formed mapping: otherwise the schema speaks.
      if (b && (b.hosts === undefined || b.hosts === 'all' || Array.isArray(b.hosts)) && (b.pools === undefined || Array.isArray(b.pools)) && hosts.length + pools.length === 0) {
        ctx.report({
          code: 'FF212',
          path: bPath,
          atKey: true,
          message: `${at(bPath)} resolves to no hosts and no pools; a service needs at least one backend`,
          hint: b.hosts === 'all' ? '`hosts: all` means every host, and this fleet has none: add hosts or name a pool.' : 'Name hosts (`hosts: all` or a list) or pools that serve it.',
        });
      }
    }

    for (const pool of poolsOf(spec)) {
      const poolName = str(pool.value.name);
      for (const e of entries(pool.value, ['scaling'])) {
        for (const [kind, sub] of [['target_tracking', []], ['predictive', []], ['step', ['alarm']], ['simple', ['alarm']]] as const) {
          const policy = obj(e.value[kind]);
          const holder = sub.length ? obj(policy?.alarm) : policy;
          const service = str(holder?.service);
          if (service === undefined) continue;
          const path = [...pool.path, 'scaling', e.index, kind, ...sub, 'service'];
          const target = services.find((s) => s.value.name === service);
          if (!target) {
            const dym = didYouMean(service, serviceNames);
            ctx.report({
              code: 'FF213',
              path,
              message: `${at(path)} is ${show(service)}, which is not a service of this fleet; services: ${serviceNames.join(', ') || 'none'}`,
              hint: dym ? capitalize(dym) : 'Name the service whose target group this pool is registered with.',
            });
          } else if (poolName !== undefined && !servicePoolNames(target.value).includes(poolName)) {
            ctx.report({
              code: 'FF214',
              path,
              message: `${at(path)} is ${show(service)}, but that service's backends do not include pool ${show(poolName)}; its request count per target says nothing about this pool`,
              hint: `Add \`${poolName}\` to services[${target.index}].backends.pools, or scale on a service this pool backs.`,
            });
          }
        }
      }
    }

    const sz = obj(obj(spec.load_balancer)?.static_ips)?.zones;
    list(sz).forEach((z, i) => {
      if (typeof z !== 'string' || zones.includes(z)) return;
      const path = ['load_balancer', 'static_ips', 'zones', i];
      const dym = didYouMean(z, goodZones);
      ctx.report({
        code: 'FF215',
        path,
        message: `${at(path)} is ${show(z)}, which is not one of the fleet zones (${zones.join(', ')})`,
        hint: dym ? capitalize(dym) : 'Static IPs live in zones the fleet (and so the ALB) uses: pick from `zones`, or add the zone there.',
      });
    });

    for (const h of hostsOf(spec)) {
      const z = str(h.value.zone);
      if (z === undefined || zones.includes(z)) continue;
      const dym = didYouMean(z, goodZones);
      ctx.report({
        code: 'FF216',
        path: [...h.path, 'zone'],
        message: `${at([...h.path, 'zone'])} is ${show(z)}, which is not one of the fleet zones (${zones.join(', ')})`,
        hint: dym ? capitalize(dym) : 'A proxy lives in one of the fleet zones: pick one from `zones`, or omit `zone` to spread hosts automatically.',
      });
    }

    // Unused backends: only meaningful when every service's backends could
    // be read; otherwise the schema's error is the whole story.
    const readable = services.every((s) => {
      const b = obj(s.value.backends);
      return b !== undefined && (b.hosts === undefined || b.hosts === 'all' || Array.isArray(b.hosts)) && (b.pools === undefined || Array.isArray(b.pools));
    });
    if (services.length === 0 || !readable || services.length !== list(spec.services).length) return;
    for (const [kind, items] of [['host', hostsOf(spec)], ['pool', poolsOf(spec)]] as const) {
      for (const e of items) {
        const name = str(e.value.name);
        if (name === undefined || used.has(name)) continue;
        ctx.report({
          code: 'FF217',
          severity: 'warning',
          path: [...e.path, 'name'],
          message: `${kind} ${show(name)} backs no service; it will run ${kind === 'host' ? 'a proxy that receives' : 'instances that receive'} no traffic`,
          hint: `Add it to a service's backends.${kind}s, or remove it.`,
        });
      }
    }
  },
};
