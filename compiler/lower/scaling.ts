/** Lowering of a pool's scaling entries into policies with derived names. */
import type { SourceMap } from '../load/source-map';
import type { AdjustmentType, Alarm, MetricRef, ScalingPolicy } from '../model/fleet';
import type { Alarm as AlarmSpec, CustomMetric, Pool as PoolSpec, ScalingMetric } from '../../generated/types/fleet';
import { DEFAULTS } from './defaults';
import { alarmName, policyName, scheduleName } from './names';
import { compareStrings, sourceAt } from './source';

const ADJUSTMENT: Record<string, AdjustmentType> = {
  change_in_capacity: 'ChangeInCapacity',
  exact_capacity: 'ExactCapacity',
  percent_change_in_capacity: 'PercentChangeInCapacity',
};

export function metricRef(metric: ScalingMetric, service: string | undefined, custom: CustomMetric | undefined, asgName: string): MetricRef {
  switch (metric) {
    case 'requests_per_target':
      return { kind: 'requests_per_target', service: service ?? '' };
    case 'custom': {
      const c = custom!;
      return {
        kind: 'custom',
        namespace: c.namespace,
        name: c.name,
        statistic: c.statistic ?? 'Average',
        unit: c.unit ?? null,
        dimensions: Object.entries(c.dimensions ?? {})
          .map(([name, value]) => ({ name, value: value === '$pool' ? asgName : value }))
          .sort((a, b) => compareStrings(a.name, b.name)),
      };
    }
    default:
      return { kind: metric };
  }
}

function lowerAlarm(spec: AlarmSpec, name: string, asgName: string): Alarm {
  return {
    name,
    metric: metricRef(spec.metric, spec.service, spec.custom_metric, asgName),
    comparison: spec.above ? 'GreaterThanThreshold' : 'LessThanThreshold',
    threshold: spec.threshold,
    period: spec.period ?? DEFAULTS.alarmPeriod,
    evaluationPeriods: spec.evaluation_periods ?? DEFAULTS.alarmEvaluationPeriods,
  };
}

export function lowerScaling(fleet: string, pool: PoolSpec, poolIndex: number, asgName: string, sourceMap: SourceMap): ScalingPolicy[] {
  const warmup = pool.warmup ?? DEFAULTS.poolWarmup;
  return (pool.scaling ?? []).map((entry, i): ScalingPolicy => {
    const base = ['pools', poolIndex, 'scaling', i] as const;
    if (entry.target_tracking) {
      const t = entry.target_tracking;
      return {
        kind: 'target_tracking',
        name: policyName('target_tracking', i),
        metric: metricRef(t.metric, t.service, t.custom_metric, asgName),
        target: t.target,
        disableScaleIn: t.disable_scale_in ?? false,
        source: sourceAt(sourceMap, [...base, 'target_tracking']),
      };
    }
    if (entry.step) {
      const s = entry.step;
      const steps = s.steps
        .map((x) => ({ lower: x.from ?? null, upper: x.to ?? null, change: x.change }))
        .sort((a, b) => (a.lower ?? -Infinity) - (b.lower ?? -Infinity));
      return {
        kind: 'step',
        name: policyName('step', i),
        alarm: lowerAlarm(s.alarm, alarmName(fleet, pool.name, 'step', i), asgName),
        adjustmentType: ADJUSTMENT[s.adjustment_type ?? 'change_in_capacity'],
        steps,
        warmup: s.warmup ?? warmup,
        source: sourceAt(sourceMap, [...base, 'step']),
      };
    }
    if (entry.simple) {
      const s = entry.simple;
      return {
        kind: 'simple',
        name: policyName('simple', i),
        alarm: lowerAlarm(s.alarm, alarmName(fleet, pool.name, 'simple', i), asgName),
        adjustmentType: ADJUSTMENT[s.adjustment_type ?? 'change_in_capacity'],
        change: s.change,
        cooldown: s.cooldown ?? DEFAULTS.simpleCooldown,
        source: sourceAt(sourceMap, [...base, 'simple']),
      };
    }
    if (entry.schedule) {
      const s = entry.schedule;
      return {
        kind: 'schedule',
        name: s.name ?? scheduleName(pool.name, i),
        recurrence: s.cron ?? null,
        timezone: s.timezone ?? DEFAULTS.scheduleTimezone,
        startTime: s.at ?? null,
        endTime: s.end ?? null,
        min: s.min ?? null,
        desired: s.desired ?? null,
        max: s.max ?? null,
        source: sourceAt(sourceMap, [...base, 'schedule']),
      };
    }
    const p = entry.predictive!;
    return {
      kind: 'predictive',
      name: policyName('predictive', i),
      metric: p.metric,
      service: p.service ?? null,
      target: p.target,
      mode: p.mode === 'forecast_and_scale' ? 'ForecastAndScale' : 'ForecastOnly',
      buffer: p.buffer ?? DEFAULTS.predictiveBuffer,
      maxCapacityBreach: p.max_capacity_breach === 'increase' ? 'IncreaseMaxCapacity' : 'HonorMaxCapacity',
      maxCapacityBuffer: p.max_capacity_breach === 'increase' ? (p.max_capacity_buffer ?? 0) : null,
      source: sourceAt(sourceMap, [...base, 'predictive']),
    };
  });
}
