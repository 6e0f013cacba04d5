/**
 * The change between two fleets in fleet terms: hosts, proxies, pools,
 * services (health checks, routing, backends), listeners, the load balancer
 * and the static IPs, each added, removed or changed, with the risk a
 * reviewer must weigh called out ("static IPs will change", "health check
 * path changed on a live service").
 *
 * Works on resolved models (defaults applied), so `interval: 15` written out
 * and left to its default compare equal, and a renamed default is a change.
 */
import type { Fleet, Host, Listener, Pool, Service, StaticIps } from '../../../model/fleet';
import { describePolicy } from '../describe';
import { diffMonitoring } from './monitoring';

export type Area = 'fleet' | 'network' | 'static-ips' | 'load-balancer' | 'listener' | 'service' | 'host' | 'proxies' | 'pool' | 'monitoring';
export type Risk = { level: 'high' | 'medium'; text: string };

export interface FleetChange {
  kind: 'added' | 'removed' | 'changed';
  area: Area;
  /** Name of the host, pool, service or listener port; empty for singletons. */
  name: string;
  /** `field: before → after` lines, or a one-line description for added/removed. */
  details: string[];
  risks: Risk[];
  /** Line in the head fleet.yaml (the base's for removals); 0 when unknown. */
  line: number;
}

export const AREA_ORDER: readonly Area[] = ['fleet', 'network', 'static-ips', 'load-balancer', 'listener', 'service', 'host', 'proxies', 'pool', 'monitoring'];

export function diffFleets(base: Fleet | null, head: Fleet | null): FleetChange[] {
  if (!base && !head) return [];
  if (!base) return [{ kind: 'added', area: 'fleet', name: head!.name, details: [summarizeFleet(head!)], risks: [], line: head!.source.span.start.line }];
  if (!head) return [{ kind: 'removed', area: 'fleet', name: base.name, details: [summarizeFleet(base)], risks: [{ level: 'high', text: 'the whole fleet is removed' }], line: 0 }];
  const out: FleetChange[] = [];
  diffTop(base, head, out);
  diffStaticIps(base.staticIps, head.staticIps, head, out);
  diffLoadBalancer(base, head, out);
  keyed(base.loadBalancer.listeners, head.loadBalancer.listeners, (l) => String(l.port), (b, h) => diffListener(b, h, out), (l, kind) => out.push(listenerAddRemove(l, kind)));
  keyed(base.services, head.services, (s) => s.name, (b, h) => diffService(b, h, base, out), (s, kind) => out.push(serviceAddRemove(s, kind)));
  keyed(base.hosts, head.hosts, (h) => h.name, (b, h) => diffHost(b, h, out), (h, kind) => out.push(hostAddRemove(h, kind, base, head)));
  diffProxies(base, head, out);
  keyed(base.pools, head.pools, (p) => p.name, (b, h) => diffPool(b, h, out), (p, kind) => out.push(poolAddRemove(p, kind)));
  backendRisks(base, head, out);
  out.push(...diffMonitoring(base.monitoring, head.monitoring));
  return out.filter((c) => c.kind !== 'changed' || c.details.length || c.risks.length);
}

/** Every risk of a diff, the high ones first. */
export function risksOf(changes: readonly FleetChange[]): Risk[] {
  const all = changes.flatMap((c) => c.risks);
  const seen = new Set<string>();
  return [...all.filter((r) => r.level === 'high'), ...all.filter((r) => r.level === 'medium')].filter((r) => !seen.has(r.text) && !!seen.add(r.text));
}

// ---------------------------------------------------------------- helpers

function keyed<T>(base: readonly T[], head: readonly T[], key: (t: T) => string, changed: (b: T, h: T) => void, addRemove: (t: T, kind: 'added' | 'removed') => void): void {
  const b = new Map(base.map((t) => [key(t), t]));
  const h = new Map(head.map((t) => [key(t), t]));
  for (const [k, t] of b) if (!h.has(k)) addRemove(t, 'removed');
  for (const [k, t] of h) {
    const old = b.get(k);
    if (old === undefined) addRemove(t, 'added');
    else changed(old, t);
  }
}

/** Pushes `label: before → after` when the values differ; returns whether they did. */
function field(details: string[], label: string, before: unknown, after: unknown): boolean {
  if (same(before, after)) return false;
  details.push(`${label}: ${show(before)} → ${show(after)}`);
  return true;
}

/** `||` without short-circuit: every field is compared (and listed) before deciding. */
function anyOf(...changed: boolean[]): boolean {
  return changed.some(Boolean);
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function show(v: unknown): string {
  if (v === null || v === undefined) return 'none';
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(show).join(', ')}]`;
  if (typeof v === 'object') return JSON.stringify(stripSource(v));
  return String(v);
}

function stripSource(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripSource);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'source').map(([k, x]) => [k, stripSource(x)]));
  return v;
}

function change(area: Area, name: string, line: number): FleetChange {
  return { kind: 'changed', area, name, details: [], risks: [], line };
}

function summarizeFleet(f: Fleet): string {
  return `fleet ${f.name} in ${f.region}: ${f.hosts.length} host(s), ${f.pools.length} pool(s), ${f.services.length} service(s)${f.staticIps ? `, ${f.staticIps.addresses.length} static IP(s)` : ''}`;
}

// ---------------------------------------------------------------- fleet, network

function diffTop(base: Fleet, head: Fleet, out: FleetChange[]): void {
  const c = change('fleet', '', head.source.span.start.line);
  if (field(c.details, 'name', base.name, head.name)) c.risks.push({ level: 'high', text: 'the fleet is renamed: every AWS name changes, so the whole fleet is replaced (static IPs included)' });
  if (field(c.details, 'region', base.region, head.region)) c.risks.push({ level: 'high', text: `the fleet moves to ${head.region}: it is rebuilt from scratch there` });
  field(c.details, 'zones', base.zones, head.zones);
  const removedZones = base.zones.filter((z) => !head.zones.includes(z));
  if (removedZones.length) c.risks.push({ level: 'medium', text: `zone ${removedZones.join(', ')} is dropped: proxies there move` });
  if (field(c.details, 'state', pickState(base), pickState(head))) c.risks.push({ level: 'high', text: 'the state backend changes: run `terraform init -migrate-state` before the next apply, or Terraform starts from empty state' });
  field(c.details, 'tags', base.tags, head.tags);
  out.push(c);
  const n = change('network', '', head.network.source.span.start.line);
  if (field(n.details, 'network', stripSource(base.network), stripSource(head.network))) {
    n.risks.push({ level: 'high', text: 'the network changes: everything placed in the VPC (load balancers, proxies, pools) is replaced, static IPs included' });
  }
  out.push(n);
}

function pickState(f: Fleet): unknown {
  const { bucket, key, region, lockTable, lockfile } = f.state;
  return { bucket, key, region, lockTable, lockfile };
}

// ---------------------------------------------------------------- static IPs

const IPS_CHANGE = 'static IPs will change';

function diffStaticIps(base: StaticIps | null, head: StaticIps | null, headFleet: Fleet, out: FleetChange[]): void {
  if (!base && !head) return;
  if (!base) {
    out.push({ kind: 'added', area: 'static-ips', name: '', details: [`NLB ${head!.name} with static IPs in ${head!.addresses.map((a) => a.zone).join(', ')} forwarding ${head!.ports.map((p) => p.port).join(', ')}`], risks: [{ level: 'medium', text: 'new static IPs: clients must be given the new addresses' }], line: head!.source.span.start.line });
    return;
  }
  if (!head) {
    out.push({ kind: 'removed', area: 'static-ips', name: '', details: [`NLB ${base.name} and its static IPs`], risks: [{ level: 'high', text: `${IPS_CHANGE}: the static IPs are released and clients calling them fail` }], line: 0 });
    return;
  }
  const c = change('static-ips', '', head.source.span.start.line);
  if (field(c.details, 'NLB name', base.name, head.name)) c.risks.push({ level: 'high', text: `${IPS_CHANGE}: the NLB is replaced (renamed)` });
  if (field(c.details, 'internal', base.internal, head.internal)) c.risks.push({ level: 'high', text: `${IPS_CHANGE}: the NLB is replaced (internal ↔ internet-facing)` });
  const bz = new Map(base.addresses.map((a) => [a.zone, a.allocationId]));
  const hz = new Map(head.addresses.map((a) => [a.zone, a.allocationId]));
  const removed = [...bz.keys()].filter((z) => !hz.has(z));
  const added = [...hz.keys()].filter((z) => !bz.has(z));
  const realloc = [...hz.keys()].filter((z) => bz.has(z) && bz.get(z) !== hz.get(z));
  if (removed.length || added.length) {
    field(c.details, 'zones with a static IP', [...bz.keys()], [...hz.keys()]);
    // An NLB's subnets (and so its addresses) are fixed when it is created.
    c.risks.push({ level: 'high', text: `${IPS_CHANGE}: the NLB's zones change (${[...added.map((z) => `+${z}`), ...removed.map((z) => `-${z}`)].join(', ')}), so the NLB is replaced` });
  }
  for (const z of realloc) {
    field(c.details, `allocation in ${z}`, bz.get(z), hz.get(z));
    c.risks.push({ level: 'high', text: `${IPS_CHANGE}: the Elastic IP allocation of ${z} changes` });
  }
  const bp = base.ports.map((p) => p.port);
  const hp = head.ports.map((p) => p.port);
  if (field(c.details, 'forwarded ports', bp, hp)) {
    const gone = bp.filter((p) => !hp.includes(p));
    if (gone.length) c.risks.push({ level: 'high', text: `port ${gone.join(', ')} is no longer forwarded by the static IPs` });
  }
  void headFleet;
  out.push(c);
}

// ---------------------------------------------------------------- load balancer, listeners

function diffLoadBalancer(base: Fleet, head: Fleet, out: FleetChange[]): void {
  const b = base.loadBalancer;
  const h = head.loadBalancer;
  const c = change('load-balancer', '', h.source.span.start.line);
  if (field(c.details, 'ALB name', b.name, h.name)) c.risks.push({ level: 'high', text: 'the ALB is replaced (renamed): its DNS name changes' });
  if (field(c.details, 'internal', b.internal, h.internal)) {
    const why = h.internal && head.staticIps ? ' (behind static IPs the ALB is internal unless load_balancer.internal is false)' : '';
    c.risks.push({ level: 'high', text: `the ALB is replaced (${b.internal ? 'internal → internet-facing' : 'internet-facing → internal'}): its DNS name changes${why}` });
  }
  if (field(c.details, 'ingress', b.ingress, h.ingress)) {
    const lost = b.ingress.filter((x) => !h.ingress.includes(x));
    if (lost.length) c.risks.push({ level: 'medium', text: `clients from ${lost.join(', ')} can no longer reach the listeners` });
  }
  field(c.details, 'idle timeout', b.idleTimeout, h.idleTimeout);
  if (field(c.details, 'deletion protection', b.deletionProtection, h.deletionProtection) && !h.deletionProtection) {
    c.risks.push({ level: 'medium', text: 'deletion protection is turned off' });
  }
  field(c.details, 'access logs', b.accessLogs, h.accessLogs);
  if (field(c.details, 'default service', b.defaultService, h.defaultService)) {
    c.risks.push({ level: 'medium', text: `requests no rule matches now go to ${h.defaultService ?? 'a fixed 404'}` });
  }
  out.push(c);
}

function listenerAddRemove(l: Listener, kind: 'added' | 'removed'): FleetChange {
  return {
    kind,
    area: 'listener',
    name: String(l.port),
    details: [`${l.protocol} :${l.port}${l.redirectTo ? ` redirecting to :${l.redirectTo}` : ''}`],
    risks: kind === 'removed' ? [{ level: 'high', text: `clients on port ${l.port} lose the service` }] : [],
    line: kind === 'added' ? l.source.span.start.line : 0,
  };
}

function diffListener(b: Listener, h: Listener, out: FleetChange[]): void {
  const c = change('listener', String(h.port), h.source.span.start.line);
  if (field(c.details, 'protocol', b.protocol, h.protocol)) c.risks.push({ level: 'high', text: `listener :${h.port} switches ${b.protocol} → ${h.protocol}: clients must change scheme` });
  field(c.details, 'certificate', b.certificateArn, h.certificateArn);
  field(c.details, 'TLS policy', b.sslPolicy, h.sslPolicy);
  if (field(c.details, 'redirect to', b.redirectTo, h.redirectTo) && h.redirectTo) c.risks.push({ level: 'medium', text: `listener :${h.port} now only redirects to :${h.redirectTo}` });
  out.push(c);
}

// ---------------------------------------------------------------- services

function serviceAddRemove(s: Service, kind: 'added' | 'removed'): FleetChange {
  const backends = [...s.hosts.map((h) => `host ${h}`), ...s.pools.map((p) => `pool ${p}`)];
  return {
    kind,
    area: 'service',
    name: s.name,
    details: [`${s.protocol} :${s.port}, ${s.algorithm.replace(/_/g, ' ')}, health ${s.health.path}, backends: ${backends.join(', ') || 'none'}${s.routing ? `, routes ${[...s.routing.paths, ...s.routing.hosts].join(' ')}` : ' (default)'}`],
    risks: kind === 'removed' ? [{ level: 'high', text: `service ${s.name} is removed: its routes stop answering` }] : [],
    line: kind === 'added' ? s.source.span.start.line : 0,
  };
}

function diffService(b: Service, h: Service, base: Fleet, out: FleetChange[]): void {
  const c = change('service', h.name, h.source.span.start.line);
  const live = b.hosts.length + b.pools.length > 0;
  if (anyOf(field(c.details, 'port', b.port, h.port), field(c.details, 'protocol', b.protocol, h.protocol), field(c.details, 'target group', b.targetGroupName, h.targetGroupName))) {
    c.risks.push({ level: 'high', text: `service ${h.name}'s target group is replaced: backends re-register and pass health checks again before serving` });
  }
  const hb = b.health;
  const hh = h.health;
  if (field(c.details, 'health.path', hb.path, hh.path) && live) {
    c.risks.push({ level: 'high', text: `health check path changed on a live service (${h.name}: ${hb.path} → ${hh.path}): if the model server does not answer the new path, every backend leaves rotation` });
  }
  if (anyOf(field(c.details, 'health.port', hb.port, hh.port), field(c.details, 'health.protocol', hb.protocol, hh.protocol), field(c.details, 'health.matcher', hb.matcher, hh.matcher)) && live) {
    c.risks.push({ level: 'medium', text: `health check of live service ${h.name} changes how backends are judged` });
  }
  field(c.details, 'health.interval', hb.interval, hh.interval);
  field(c.details, 'health.timeout', hb.timeout, hh.timeout);
  field(c.details, 'health.healthy', hb.healthy, hh.healthy);
  if (field(c.details, 'health.unhealthy', hb.unhealthy, hh.unhealthy) && hh.unhealthy < hb.unhealthy && live) {
    c.risks.push({ level: 'medium', text: `${h.name}: backends leave rotation after fewer failed checks (${hh.unhealthy})` });
  }
  field(c.details, 'algorithm', b.algorithm, h.algorithm);
  field(c.details, 'anomaly mitigation', b.anomalyMitigation, h.anomalyMitigation);
  field(c.details, 'stickiness', b.stickiness, h.stickiness);
  field(c.details, 'deregistration delay', b.deregistrationDelay, h.deregistrationDelay);
  field(c.details, 'slow start', b.slowStart, h.slowStart);
  if (field(c.details, 'routing', b.routing, h.routing) && live) {
    c.risks.push({ level: 'medium', text: `routing of live service ${h.name} changes: some requests go elsewhere` });
  }
  const removedHosts = b.hosts.filter((x) => !h.hosts.includes(x));
  const removedPools = b.pools.filter((x) => !h.pools.includes(x));
  field(c.details, 'hosts', b.hosts, h.hosts);
  field(c.details, 'pools', b.pools, h.pools);
  if ((removedHosts.length || removedPools.length) && h.hosts.length + h.pools.length > 0) {
    c.risks.push({ level: 'medium', text: `service ${h.name} loses backends (${[...removedHosts, ...removedPools].join(', ')}): less capacity` });
  }
  void base;
  out.push(c);
}

/** A live service left with no backend at all serves only 503s. */
function backendRisks(base: Fleet, head: Fleet, out: FleetChange[]): void {
  for (const h of head.services) {
    const b = base.services.find((s) => s.name === h.name);
    if (b && b.hosts.length + b.pools.length > 0 && h.hosts.length + h.pools.length === 0) {
      const c = out.find((x) => x.area === 'service' && x.name === h.name);
      c?.risks.push({ level: 'high', text: `service ${h.name} is left with no backends: every request fails` });
    }
  }
}

// ---------------------------------------------------------------- hosts and proxies

function hostAddRemove(h: Host, kind: 'added' | 'removed', base: Fleet, head: Fleet): FleetChange {
  const t = h.tunnel;
  const how = t.direction === 'forward' ? `forward tunnel to ${t.user}@${t.address}:${t.sshPort}` : `reverse tunnel from ${t.dialsFrom}`;
  const risks: Risk[] = [];
  if (kind === 'removed' && h.services.length) risks.push({ level: 'medium', text: `host ${h.name} leaves ${h.services.join(', ')}: less capacity` });
  void base;
  void head;
  return {
    kind,
    area: 'host',
    name: h.name,
    details: [`${h.gpu ? `${h.gpu.count}× ${h.gpu.model}, ` : ''}${how}, model port ${h.modelPort}, proxy ${h.proxy.name} in ${h.zone}${h.services.length ? `, serves ${h.services.join(', ')}` : ''}`],
    risks,
    line: kind === 'added' ? h.source.span.start.line : 0,
  };
}

function diffHost(b: Host, h: Host, out: FleetChange[]): void {
  const c = change('host', h.name, h.source.span.start.line);
  field(c.details, 'gpu', b.gpu, h.gpu);
  if (field(c.details, 'tunnel', b.tunnel.direction, h.tunnel.direction)) c.risks.push({ level: 'medium', text: `host ${h.name}'s tunnel changes direction: the box must be reconfigured (reverse tunnels need its installer run)` });
  const bt = b.tunnel;
  const ht = h.tunnel;
  if (bt.direction === 'forward' && ht.direction === 'forward') {
    field(c.details, 'ssh address', `${bt.user}@${bt.address}:${bt.sshPort}`, `${ht.user}@${ht.address}:${ht.sshPort}`);
    if (field(c.details, 'host key', fingerprintish(bt.hostKey), fingerprintish(ht.hostKey))) c.risks.push({ level: 'medium', text: `host ${h.name}'s pinned host key changes: the tunnel fails unless the box presents the new key` });
    field(c.details, 'private key', `${bt.privateKey.store}:${bt.privateKey.name}`, `${ht.privateKey.store}:${ht.privateKey.name}`);
  } else if (bt.direction === 'reverse' && ht.direction === 'reverse') {
    field(c.details, 'tunnel user', bt.user, ht.user);
    field(c.details, 'authorized key', fingerprintish(bt.authorizedKey), fingerprintish(ht.authorizedKey));
    if (field(c.details, 'proxy host key', fingerprintish(bt.proxyHostPublicKey), fingerprintish(ht.proxyHostPublicKey))) c.risks.push({ level: 'medium', text: `host ${h.name}: the box's installer must be re-run to pin the new proxy host key` });
    field(c.details, 'dials from', bt.dialsFrom, ht.dialsFrom);
  }
  if (field(c.details, 'model port', b.modelPort, h.modelPort)) c.risks.push({ level: 'medium', text: `host ${h.name}'s proxy is re-provisioned to forward to port ${h.modelPort}` });
  if (field(c.details, 'zone', b.zone, h.zone)) c.risks.push({ level: 'medium', text: `host ${h.name}'s proxy moves to ${h.zone}: it is replaced and the tunnel reconnects` });
  field(c.details, 'services', b.services, h.services);
  field(c.details, 'service port', b.servicePort, h.servicePort);
  out.push(c);
}

/** Keys are long; the type and the tail identify them well enough in a review. */
function fingerprintish(key: string): string {
  const [type, body] = key.split(' ');
  return body ? `${type} …${body.slice(-12)}` : key;
}

function diffProxies(base: Fleet, head: Fleet, out: FleetChange[]): void {
  const b = base.proxies;
  const h = head.proxies;
  const c = change('proxies', '', h.source.span.start.line);
  const live = base.hosts.length > 0;
  if (anyOf(field(c.details, 'instance type', b.instanceType, h.instanceType), field(c.details, 'ami', b.ami, h.ami)) && live) {
    c.risks.push({ level: 'medium', text: 'every proxy is replaced: each tunnel drops while its proxy restarts' });
  }
  if (field(c.details, 'self healing', b.selfHealing, h.selfHealing) && live) c.risks.push({ level: 'medium', text: 'proxies move between a plain instance and an Auto Scaling group of one: each is replaced' });
  field(c.details, 'root volume GiB', b.rootVolumeGb, h.rootVolumeGb);
  out.push(c);
}

// ---------------------------------------------------------------- pools

function poolAddRemove(p: Pool, kind: 'added' | 'removed'): FleetChange {
  return {
    kind,
    area: 'pool',
    name: p.name,
    details: [`${p.instanceType}, capacity ${cap(p)}, image ${p.container.image}${p.scaling.length ? `, scaling: ${p.scaling.map(describePolicy).join('; ')}` : ''}`],
    risks: kind === 'removed' && p.services.length ? [{ level: 'medium', text: `pool ${p.name} and its instances are removed from ${p.services.join(', ')}` }] : [],
    line: kind === 'added' ? p.source.span.start.line : 0,
  };
}

function cap(p: Pool): string {
  return `min ${p.capacity.min} / desired ${p.capacity.desired} / max ${p.capacity.max}`;
}

function diffPool(b: Pool, h: Pool, out: FleetChange[]): void {
  const c = change('pool', h.name, h.source.span.start.line);
  if (anyOf(field(c.details, 'instance type', b.instanceType, h.instanceType), field(c.details, 'ami', b.ami, h.ami))) {
    c.risks.push({ level: 'medium', text: `pool ${h.name}'s launch template changes: new instances differ from running ones until they are replaced` });
  }
  if (field(c.details, 'capacity', cap(b), cap(h)) && h.capacity.max < b.capacity.max) {
    c.risks.push({ level: 'medium', text: `pool ${h.name} can shrink to at most ${h.capacity.max} instance(s)` });
  }
  field(c.details, 'image', b.container.image, h.container.image);
  field(c.details, 'container port', b.container.port, h.container.port);
  diffEnvironment(b, h, c.details);
  field(c.details, 'root volume GiB', b.rootVolumeGb, h.rootVolumeGb);
  field(c.details, 'warmup', b.warmup, h.warmup);
  field(c.details, 'health grace', b.healthGrace, h.healthGrace);
  field(c.details, 'services', b.services, h.services);
  keyed(
    b.scaling,
    h.scaling,
    (p) => p.name,
    (x, y) => field(c.details, `scaling ${y.name}`, describePolicy(x), describePolicy(y)),
    (p, kind) => c.details.push(`scaling ${p.name} ${kind}: ${describePolicy(p)}`),
  );
  out.push(c);
}

/**
 * Environment variables one by one, values shown: a literal is what the
 * reviewer must see (which model version ships), and the checks already
 * refuse a literal that looks like a secret (those must be `ssm:` or
 * `secretsmanager:` references, shown as the reference, never the secret).
 */
function diffEnvironment(b: Pool, h: Pool, details: string[]): void {
  const shown = (v: Pool['container']['env'][number]['value']): string => (v.kind === 'secret' ? `from ${v.ref.store}:${v.ref.name}` : show(v.value));
  keyed(
    b.container.env,
    h.container.env,
    (e) => e.name,
    (x, y) => {
      if (shown(x.value) !== shown(y.value)) details.push(`environment ${y.name}: ${shown(x.value)} → ${shown(y.value)}`);
    },
    (e, kind) => details.push(kind === 'added' ? `environment ${e.name} added: ${shown(e.value)}` : `environment ${e.name} removed (was ${shown(e.value)})`),
  );
}
