/**
 * The fleet diff for people: Markdown for the PR comment, plain text for a
 * terminal. The Markdown is built with markdown.ts: every name, value and
 * risk text (all of them carry fleet data) is escaped where it lands.
 */
import { AREA_ORDER, risksOf, type Area, type FleetChange } from './diff';
import { join, md, trusted, type Md } from '../markdown';
import { compareStrings } from '../../../order';

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
  return [...changes].sort((a, b) => AREA_ORDER.indexOf(a.area) - AREA_ORDER.indexOf(b.area) || kindRank[a.kind] - kindRank[b.kind] || compareStrings(a.name, b.name));
}

export function diffMarkdown(changes: readonly FleetChange[], headFile = 'fleet.yaml'): Md {
  if (!changes.length) return trusted('_No change to the fleet: hosts, pools, services, listeners and static IPs are as before._\n');
  const risks = risksOf(changes);
  const lines: Md[] = [];
  if (risks.length) {
    lines.push(trusted('**Risks**'), trusted(''));
    for (const r of risks) lines.push(md`- ${trusted(r.level === 'high' ? '🔴' : '🟠')} ${r.text}`);
    lines.push(trusted(''));
  }
  const sign = { added: '➕', removed: '➖', changed: '✏️' };
  for (const c of sorted(changes)) {
    const where = c.line ? md` <sub>${headFile}:${c.line}</sub>` : md``;
    if (c.details.length === 1 && c.kind !== 'changed') {
      lines.push(md`- ${trusted(sign[c.kind])} **${subject(c)}** ${c.kind}: ${c.details[0]}${where}`);
    } else {
      lines.push(md`- ${trusted(sign[c.kind])} **${subject(c)}** ${c.kind}${where}`);
      for (const d of c.details) lines.push(md`  - ${d}`);
    }
  }
  return md`${join(lines, '\n')}\n`;
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
