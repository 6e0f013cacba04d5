/** The fleet diff for people: Markdown for the PR comment, plain text for a terminal. */
import { AREA_ORDER, risksOf, type Area, type FleetChange } from './diff';

const AREA_LABEL: Record<Area, string> = {
  fleet: 'fleet',
  network: 'network',
  'static-ips': 'static IPs',
  'load-balancer': 'load balancer',
  listener: 'listener',
  service: 'service',
  host: 'host',
  proxies: 'proxies',
  pool: 'pool',
  monitoring: 'monitoring',
};

function subject(c: FleetChange): string {
  if (c.area === 'listener') return `listener :${c.name}`;
  return c.name ? `${AREA_LABEL[c.area]} ${c.name}` : AREA_LABEL[c.area];
}

function sorted(changes: readonly FleetChange[]): FleetChange[] {
  const kindRank = { removed: 0, changed: 1, added: 2 };
  return [...changes].sort((a, b) => AREA_ORDER.indexOf(a.area) - AREA_ORDER.indexOf(b.area) || kindRank[a.kind] - kindRank[b.kind] || a.name.localeCompare(b.name));
}

export function diffMarkdown(changes: readonly FleetChange[], headFile = 'fleet.yaml'): string {
  if (!changes.length) return '_No change to the fleet: hosts, pools, services, listeners and static IPs are as before._\n';
  const risks = risksOf(changes);
  const lines: string[] = [];
  if (risks.length) {
    lines.push('**Risks**', '');
    for (const r of risks) lines.push(`- ${r.level === 'high' ? '🔴' : '🟠'} ${escapeMd(r.text)}`);
    lines.push('');
  }
  const sign = { added: '➕', removed: '➖', changed: '✏️' };
  for (const c of sorted(changes)) {
    const where = c.line ? ` <sub>${headFile}:${c.line}</sub>` : '';
    if (c.details.length === 1 && c.kind !== 'changed') {
      lines.push(`- ${sign[c.kind]} **${escapeMd(subject(c))}** ${c.kind}: ${escapeMd(c.details[0])}${where}`);
    } else {
      lines.push(`- ${sign[c.kind]} **${escapeMd(subject(c))}** ${c.kind}${where}`);
      for (const d of c.details) lines.push(`  - ${escapeMd(d)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

export function diffText(changes: readonly FleetChange[]): string {
  if (!changes.length) return 'no change to the fleet\n';
  const lines: string[] = [];
  const risks = risksOf(changes);
  for (const r of risks) lines.push(`${r.level === 'high' ? 'RISK' : 'note'}: ${r.text}`);
  if (risks.length) lines.push('');
  const sign = { added: '+', removed: '-', changed: '~' };
  for (const c of sorted(changes)) {
    lines.push(`${sign[c.kind]} ${subject(c)}${c.kind === 'changed' ? '' : ` ${c.kind}`}${c.line ? ` (line ${c.line})` : ''}`);
    for (const d of c.details) lines.push(`    ${d}`);
  }
  return `${lines.join('\n')}\n`;
}

export function diffJson(changes: readonly FleetChange[]): string {
  return `${JSON.stringify({ risks: risksOf(changes), changes: sorted(changes) }, null, 2)}\n`;
}

/** Values come from the spec; keep them from turning into Markdown or HTML. */
function escapeMd(s: string): string {
  return s.replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;')).replace(/([*_`|[\]])/g, '\\$1');
}
