/** One-line descriptions of model parts, shared by the fleet diff and the graph. */
import type { MetricRef, ScalingPolicy } from '../../model/fleet';

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
