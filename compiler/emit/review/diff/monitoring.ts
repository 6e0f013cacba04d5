/**
 * Monitoring changes in fleet terms: "alarm 'chat: no healthy target'
 * threshold 1 → 2", "alerts for v100-3 removed", "alerts now go to ...".
 * Alarms are matched by their AWS name (stable across threshold changes) and
 * shown by their title.
 */
import type { Monitoring, WatchAlarm } from '../../../model/fleet';
import { alarmMinutes, describeAlarm, describeNotify } from '../describe';
import type { FleetChange } from './diff';

export function diffMonitoring(base: Monitoring | null, head: Monitoring | null): FleetChange[] {
  if (!base && !head) return [];
  if (!base) {
    const h = head!;
    return [{ kind: 'added', area: 'monitoring', name: '', details: [`${h.alarms.length} alarm(s), alerts to ${describeNotify(h)}${h.dashboard ? `, dashboard ${h.dashboard}` : ''}`], risks: [], line: h.source.span.start.line }];
  }
  if (!head) {
    return [{ kind: 'removed', area: 'monitoring', name: '', details: [`${base.alarms.length} alarm(s) and their alerts${base.dashboard ? `, dashboard ${base.dashboard}` : ''}`], risks: [{ level: 'medium', text: 'monitoring is removed: nothing watches the fleet or alerts anyone any more' }], line: 0 }];
  }
  const c: FleetChange = { kind: 'changed', area: 'monitoring', name: '', details: [], risks: [], line: head.source.span.start.line };
  const bn = describeNotify(base);
  const hn = describeNotify(head);
  if (bn !== hn) c.details.push(`alerts go to ${hn} (was ${bn})`);
  const lost = lostDestinations(base, head);
  const gained = lostDestinations(head, base);
  for (const d of lost) c.details.push(`alerts no longer go to ${d}`);
  for (const d of gained) c.details.push(`alerts now also go to ${d}`);
  if (lost.length) c.risks.push({ level: 'medium', text: `${lost.join(', ')} no longer receive${lost.length === 1 ? 's' : ''} alerts` });
  if (base.dashboard !== head.dashboard) c.details.push(head.dashboard ? (base.dashboard ? `dashboard renamed ${base.dashboard} → ${head.dashboard}` : `dashboard ${head.dashboard} added`) : `dashboard ${base.dashboard} removed`);
  const b = new Map(base.alarms.map((a) => [a.name, a]));
  const h = new Map(head.alarms.map((a) => [a.name, a]));
  for (const [name, a] of b) if (!h.has(name)) c.details.push(a.subject.kind === 'host' ? `alerts for ${a.subject.name} removed (alarm '${a.title}')` : `alarm '${a.title}' removed`);
  for (const [name, a] of h) {
    const old = b.get(name);
    if (!old) c.details.push(a.subject.kind === 'host' ? `alerts for ${a.subject.name} added: ${describeAlarm(a)}` : `alarm '${a.title}' added: ${describeAlarm(a)}`);
    else c.details.push(...alarmChanges(old, a));
  }
  return c.details.length || c.risks.length ? [c] : [];
}

function alarmChanges(b: WatchAlarm, h: WatchAlarm): string[] {
  const out: string[] = [];
  const f = (label: string, x: unknown, y: unknown): void => {
    if (JSON.stringify(x) !== JSON.stringify(y)) out.push(`alarm '${h.title}' ${label} ${String(x)} → ${String(y)}`);
  };
  f('threshold', b.threshold, h.threshold);
  f('minutes', alarmMinutes(b), alarmMinutes(h));
  f('period', `${b.period}s`, `${h.period}s`);
  f('statistic', b.metrics.map((m) => m.statistic).join('/'), h.metrics.map((m) => m.statistic).join('/'));
  f('metric', b.metrics.map((m) => `${m.namespace} ${m.name}`).join(', '), h.metrics.map((m) => `${m.namespace} ${m.name}`).join(', '));
  f('comparison', b.comparison, h.comparison);
  f('missing data', b.missingData, h.missingData);
  return out;
}

/** E-mail addresses and HTTPS hosts that alerts reached in `base` and no longer do in `head`. */
function lostDestinations(base: Monitoring, head: Monitoring): string[] {
  const dest = (m: Monitoring): string[] => (m.notify.kind === 'existing' ? [`topic ${m.notify.topicArn.split(':').pop()}`] : [...m.notify.emails, ...m.notify.https.map((u) => `https endpoint on ${hostOf(u)}`)]);
  const now = new Set(dest(head));
  return dest(base).filter((d) => !now.has(d));
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return 'an endpoint';
  }
}
