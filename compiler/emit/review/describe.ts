/** One-line descriptions of model parts, shared by the fleet diff and the graph. */
import type { MetricRef, Monitoring, ScalingPolicy, WatchAlarm } from '../../model/fleet';

export function describePolicy(p: ScalingPolicy): string {
  switch (p.kind) {
    case 'target_tracking':
      return `target tracking ${metricName(p.metric)} at ${p.target}${p.disableScaleIn ? ' (no scale-in)' : ''}`;
    case 'step':
      return `step on ${metricName(p.alarm.metric)} ${p.alarm.comparison.startsWith('Greater') ? '>' : '<'} ${p.alarm.threshold}: ${p.steps.map((s) => `${s.change > 0 ? '+' : ''}${s.change}`).join(', ')}`;
    case 'simple':
      return `simple on ${metricName(p.alarm.metric)} ${p.alarm.comparison.startsWith('Greater') ? '>' : '<'} ${p.alarm.threshold}: ${p.change > 0 ? '+' : ''}${p.change}, cooldown ${p.cooldown}s`;
    case 'schedule':
      return `schedule ${p.recurrence ? `"${p.recurrence}" ${p.timezone}` : `at ${p.startTime}`}: ${[p.min !== null ? `min ${p.min}` : '', p.desired !== null ? `desired ${p.desired}` : '', p.max !== null ? `max ${p.max}` : ''].filter(Boolean).join(', ')}`;
    case 'predictive':
      return `predictive ${p.metric.replace(/_/g, ' ')} at ${p.target} (${p.mode === 'ForecastOnly' ? 'forecast only' : 'forecast and scale'})`;
  }
}

function metricName(m: MetricRef): string {
  switch (m.kind) {
    case 'requests_per_target':
      return `requests per target (${m.service})`;
    case 'custom':
      return `${m.namespace}/${m.name}`;
    default:
      return m.kind.replace(/_/g, ' ');
  }
}

const OPERATOR: Record<WatchAlarm['comparison'], string> = {
  GreaterThanThreshold: '>',
  GreaterThanOrEqualToThreshold: '≥',
  LessThanThreshold: '<',
  LessThanOrEqualToThreshold: '≤',
};

/** `HealthyHostCount Minimum < 1 for 2 min`, or `backend 5xx % > 5 for 5 min` for metric math. */
export function describeAlarm(a: WatchAlarm): string {
  const what = a.expression ? a.title.replace(/^[^:]*: /, '') : `${a.metrics[0].name} ${a.metrics[0].statistic}`;
  return `${what} ${OPERATOR[a.comparison]} ${a.threshold} for ${alarmMinutes(a)} min`;
}

/** How long the condition must hold, in minutes. */
export function alarmMinutes(a: WatchAlarm): number {
  return (a.period * a.evaluationPeriods) / 60;
}

/** Where alerts go, without echoing endpoints: `SNS topic x (1 e-mail, 1 HTTPS endpoint)`. */
export function describeNotify(m: Monitoring): string {
  if (m.notify.kind === 'existing') return `existing SNS topic ${m.notify.topicArn.split(':').pop()}`;
  const parts = [m.notify.emails.length ? `${m.notify.emails.length} e-mail${m.notify.emails.length === 1 ? '' : 's'}` : '', m.notify.https.length ? `${m.notify.https.length} HTTPS endpoint${m.notify.https.length === 1 ? '' : 's'}` : ''].filter(Boolean);
  return `SNS topic ${m.notify.topicName} (${parts.join(', ')})`;
}
