/**
 * The fleet as a Mermaid flowchart (left to right, the way a request flows):
 * clients → static IPs → NLB → ALB listeners → rules → target groups →
 * proxies (grouped by zone) → SSH tunnels → GPU hosts, and pools with their
 * capacity and scaling. GitHub renders it in a ```mermaid fence.
 *
 * Only long-standing flowchart syntax is used (`flowchart LR`, subgraphs,
 * `-->|"label"|`, `-.->`, `[( )]` and `[[ ]]` shapes), because GitHub's Mermaid
 * version trails the latest. Tests parse the output with the real Mermaid parser.
 */
import type { Fleet, Pool, Service } from '../../model/fleet';
import { describeNotify, describePolicy } from './describe';

export function fleetGraph(fleet: Fleet): string {
  // Nodes and subgraphs first, edges after: a node first mentioned in an edge
  // would be placed outside the subgraph that declares it later.
  const g = new Lines();
  const e = new Lines();
  g.add('flowchart LR');
  g.add(`  clients(["${label(fleet.loadBalancer.internal && !fleet.staticIps ? 'Clients in the VPC' : 'Clients')}"])`);

  // Front door: static IPs and the NLB, when there are any.
  const forwardingListeners = fleet.loadBalancer.listeners.filter((l) => l.redirectTo === null);
  if (fleet.staticIps) {
    const s = fleet.staticIps;
    g.add(`  subgraph static_ips["${label(`Static IPs (${s.internal ? 'internal' : 'internet-facing'})`)}"]`);
    g.add('    direction TB');
    s.addresses.forEach((a, i) => g.add(`    eip_${i}["${label(`Elastic IP<br/>${a.zone}${a.allocationId ? `<br/>${a.allocationId}` : ''}`)}"]`));
    g.add(`    nlb["${label(`NLB ${s.name}`)}"]`);
    g.add('  end');
    s.addresses.forEach((_, i) => {
      e.add(`  clients --> eip_${i}`);
      e.add(`  eip_${i} --> nlb`);
    });
    for (const p of s.ports) e.add(`  nlb -->|"${label(`TCP :${p.port}`)}"| listener_${p.port}`);
  }

  // The ALB and its listeners.
  const lb = fleet.loadBalancer;
  g.add(`  subgraph alb["${label(`ALB ${lb.name}${lb.internal ? ' (internal)' : ''}`)}"]`);
  for (const l of lb.listeners) g.add(`    listener_${l.port}["${label(`${l.protocol} :${l.port}${l.redirectTo ? `<br/>redirect to :${l.redirectTo}` : ''}`)}"]`);
  g.add('  end');
  const viaNlb = new Set(fleet.staticIps?.ports.map((p) => p.port) ?? []);
  for (const l of lb.listeners) {
    if (!viaNlb.has(l.port)) e.add(`  clients -->|"${label(l.protocol)}"| listener_${l.port}`);
    if (l.redirectTo !== null) e.add(`  listener_${l.port} -.->|"301"| listener_${l.redirectTo}`);
  }

  // Rules: each routed service from each forwarding listener; the default last.
  for (const svc of fleet.services) g.add(`  ${tgId(svc)}["${label(targetGroupLabel(svc))}"]`);
  for (const l of forwardingListeners) {
    for (const svc of fleet.services.filter((s) => s.routing)) e.add(`  listener_${l.port} -->|"${label(ruleLabel(svc))}"| ${tgId(svc)}`);
    const def = lb.defaultService ? fleet.services.find((s) => s.name === lb.defaultService) : undefined;
    if (def) e.add(`  listener_${l.port} -->|"default"| ${tgId(def)}`);
    else {
      if (!g.has('  fixed_404')) g.add(`  fixed_404["${label('fixed 404')}"]`);
      e.add(`  listener_${l.port} -->|"default"| fixed_404`);
    }
  }

  // Proxies by zone, tunnels, hosts.
  for (const [zi, zone] of fleet.zones.entries()) {
    const proxies = fleet.hosts.filter((h) => h.zone === zone);
    if (!proxies.length) continue;
    g.add(`  subgraph zone_${zi}["${label(zone)}"]`);
    for (const h of proxies) g.add(`    proxy_${id(h.name)}["${label(`Proxy ${h.proxy.name}<br/>${fleet.proxies.instanceType}`)}"]`);
    g.add('  end');
  }
  if (fleet.hosts.length) {
    g.add(`  subgraph gpu_hosts["${label('GPU hosts (reached over SSH)')}"]`);
    for (const h of fleet.hosts) g.add(`    host_${id(h.name)}[("${label(`${h.name}${h.gpu ? `<br/>${h.gpu.count}× ${h.gpu.model}` : ''}`)}")]`);
    g.add('  end');
  }
  for (const h of fleet.hosts) {
    for (const s of h.services) e.add(`  ${tgId({ name: s })} --> proxy_${id(h.name)}`);
    const t = h.tunnel;
    const tunnel = t.direction === 'forward' ? `ssh -L :${h.servicePort ?? h.modelPort} → :${h.modelPort}<br/>to ${t.address}:${t.sshPort}` : `ssh -R :${h.servicePort ?? h.modelPort} ← :${h.modelPort}<br/>from ${t.dialsFrom}`;
    e.add(`  proxy_${id(h.name)} -.->|"${label(tunnel)}"| host_${id(h.name)}`);
  }

  // Pools.
  for (const p of fleet.pools) {
    g.add(`  pool_${id(p.name)}[["${label(poolLabel(p))}"]]`);
    for (const s of p.services) e.add(`  ${tgId({ name: s })} --> pool_${id(p.name)}`);
  }

  // Monitoring: what is watched (dotted edges into the alarms) and where alerts go.
  const m = fleet.monitoring;
  if (m) {
    g.add(`  subgraph monitoring["${label('Monitoring')}"]`);
    g.add(`    alarms{{"${label(`${m.alarms.length} CloudWatch alarm${m.alarms.length === 1 ? '' : 's'}${m.dashboard ? `<br/>dashboard ${m.dashboard}` : ''}`)}"}}`);
    g.add(`    alerts(["${label(`Alerts: ${describeNotify(m)}`)}"])`);
    g.add('  end');
    const watched = new Map<string, string[]>();
    const node = (kind: string, name: string): string | null => {
      switch (kind) {
        case 'service':
          return tgId({ name });
        case 'host':
          return `host_${id(name)}`;
        case 'pool':
          return `pool_${id(name)}`;
        case 'load-balancer':
          return lb.listeners.length ? `listener_${lb.listeners[0].port}` : null;
        case 'front-door':
          return fleet.staticIps ? 'nlb' : null;
        default:
          return null;
      }
    };
    for (const a of m.alarms) {
      const n = node(a.subject.kind, a.subject.name);
      if (!n) continue;
      const list = watched.get(n) ?? [];
      list.push(a.title.replace(/^[^:]*: /, ''));
      watched.set(n, list);
    }
    for (const [n, titles] of watched) e.add(`  ${n} -.->|"${label(titles.join('<br/>'))}"| alarms`);
    e.add(`  alarms -->|"${label('ALARM / OK')}"| alerts`);
  }
  return g.text() + e.text();
}

function targetGroupLabel(s: Service): string {
  return `Target group ${s.targetGroupName}<br/>${s.protocol} :${s.port} · ${s.algorithm.replace(/_/g, ' ')}<br/>health ${s.health.path} every ${s.health.interval}s`;
}

function ruleLabel(s: Service): string {
  const r = s.routing!;
  return [r.paths.length ? `path ${r.paths.join(' ')}` : '', r.hosts.length ? `host ${r.hosts.join(' ')}` : '', `priority ${r.priority}`].filter(Boolean).join('<br/>');
}

function poolLabel(p: Pool): string {
  const policies = p.scaling.slice(0, 4).map(describePolicy);
  if (p.scaling.length > 4) policies.push(`… ${p.scaling.length - 4} more`);
  return [`Pool ${p.name} (Auto Scaling)`, `${p.instanceType} · min ${p.capacity.min} / desired ${p.capacity.desired} / max ${p.capacity.max}`, ...policies].join('<br/>');
}

function tgId(s: { name: string }): string {
  return `tg_${id(s.name)}`;
}

/** Node IDs: names are [a-z0-9-]; Mermaid IDs take [A-Za-z0-9_]. */
function id(name: string): string {
  return name.replace(/[^A-Za-z0-9]/g, '_');
}

/**
 * Text inside a quoted Mermaid label: quotes, `#` and backticks (which open
 * Mermaid's Markdown strings) become entity codes (Mermaid's own escape),
 * angle brackets other than our `<br/>` are escaped, line breaks (which end
 * a statement) become spaces. The Markdown fence around the graph is
 * markdown.ts's, longer than any backtick run.
 */
function label(text: string): string {
  return text
    .replace(/#/g, '#35;')
    .replace(/"/g, '#quot;')
    .replace(/`/g, '#96;')
    .replace(/[\r\n]+/g, ' ')
    .replace(/<(?!br\/>)/g, '#lt;')
    .replace(/(?<!<br\/)>/g, '#gt;');
}

class Lines {
  private readonly lines: string[] = [];
  add(line: string): void {
    this.lines.push(line);
  }
  has(prefix: string): boolean {
    return this.lines.some((l) => l.startsWith(prefix));
  }
  text(): string {
    return `${this.lines.join('\n')}\n`;
  }
}
