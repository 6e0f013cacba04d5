/**
 * Scaling policies as AWS accepts them: each metric with exactly the fields
 * it needs, step adjustments that tile the metric's distance from the
 * threshold without gaps or overlaps, changes that do something, alarm
 * periods CloudWatch supports, and predictive options that apply.
 * https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_StepAdjustment.html
 * https://docs.aws.amazon.com/autoscaling/ec2/userguide/as-scaling-simple-step.html
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html
 */
import type { PathSegment } from '../../diagnostics/diagnostic';
import type { Check, CheckContext } from './check';
import { at, entries, int, list, num, obj, type Obj, poolsOf, show } from './read';

// CloudWatch: "Valid values are 10, 20, 30, and any multiple of 60"; the
// period times the evaluation periods may not exceed seven days, or one day
// for periods under an hour.
const SUB_MINUTE_PERIODS = [10, 20, 30];
const MAX_EVALUATION_SECONDS = 604800;
const MAX_EVALUATION_SECONDS_SHORT = 86400;
const SHORT_PERIOD = 3600;

export const scaling: Check = {
  name: 'scaling',
  codes: {
    FF282: 'metric `custom` without custom_metric, or custom_metric with another metric',
    FF283: 'metric `requests_per_target` without service, or service with another metric',
    FF284: 'step adjustments overlap, leave a gap, or have open or reversed bounds AWS rejects',
    FF285: 'a step interval lies on the side of the threshold where its alarm never fires',
    FF286: 'a scaling change that does nothing or that AWS rejects',
    FF287: 'an alarm period CloudWatch does not support, or an evaluation window over one day (periods under an hour) or seven days',
    FF288: 'predictive max_capacity_buffer without max_capacity_breach: increase',
  },
  run(ctx) {
    for (const p of poolsOf(ctx.spec)) {
      for (const e of entries(p.value, ['scaling'])) {
        const base: PathSegment[] = [...p.path, 'scaling', e.index];
        const tt = obj(e.value.target_tracking);
        if (tt) metricFields(ctx, tt, [...base, 'target_tracking'], true);
        const pr = obj(e.value.predictive);
        if (pr) {
          metricFields(ctx, pr, [...base, 'predictive'], false);
          if (pr.max_capacity_buffer !== undefined && pr.max_capacity_breach !== 'increase') {
            const path = [...base, 'predictive', 'max_capacity_buffer'];
            ctx.report({ code: 'FF288', path, atKey: true, message: `${at(path)} is set, but max_capacity_breach is ${pr.max_capacity_breach === undefined ? 'honor (the default)' : show(pr.max_capacity_breach)}; the buffer applies only when the forecast may raise max`, hint: 'Set `max_capacity_breach: increase`, or remove max_capacity_buffer.' });
          }
        }
        for (const kind of ['step', 'simple'] as const) {
          const policy = obj(e.value[kind]);
          if (!policy) continue;
          const pBase = [...base, kind];
          const alarm = obj(policy.alarm);
          if (alarm) {
            metricFields(ctx, alarm, [...pBase, 'alarm'], true);
            alarmPeriod(ctx, alarm, [...pBase, 'alarm']);
          }
          const exact = policy.adjustment_type === 'exact_capacity';
          const changes = kind === 'simple' ? [{ v: int(policy.change), path: [...pBase, 'change'] }] : entries(policy, ['steps']).map((s) => ({ v: int(s.value.change), path: [...pBase, 'steps', s.index, 'change'] }));
          for (const { v, path } of changes) {
            if (v === undefined) continue;
            if (exact && v < 0) {
              ctx.report({ code: 'FF286', path, message: `${at(path)} is ${v}, but adjustment_type is exact_capacity; an exact capacity is 0 or more`, hint: 'Give the instance count to set, or use change_in_capacity to remove instances.' });
            } else if (!exact && v === 0) {
              ctx.report({ code: 'FF286', path, message: `${at(path)} is 0, which changes nothing`, hint: 'Use a positive change to add capacity, a negative one to remove it.' });
            }
          }
          if (kind === 'step' && alarm) stepIntervals(ctx, policy, pBase, alarm.above);
        }
      }
    }
  },
};

/** custom <-> custom_metric, requests_per_target <-> service. */
function metricFields(ctx: CheckContext, holder: Obj, path: PathSegment[], customAllowed: boolean): void {
  const metric = holder.metric;
  if (typeof metric !== 'string') return;
  if (customAllowed) {
    if (metric === 'custom' && holder.custom_metric === undefined) {
      ctx.report({ code: 'FF282', path: [...path, 'metric'], message: `${at([...path, 'metric'])} is custom, but ${at(path)} has no custom_metric`, hint: 'Add `custom_metric: { namespace: ..., name: ... }` naming the CloudWatch metric.' });
    } else if (metric !== 'custom' && holder.custom_metric !== undefined) {
      ctx.report({ code: 'FF282', path: [...path, 'custom_metric'], atKey: true, message: `${at([...path, 'custom_metric'])} is set, but the metric is ${metric}; custom_metric goes with \`metric: custom\``, hint: 'Set `metric: custom`, or remove custom_metric.' });
    }
  }
  if (metric === 'requests_per_target' && holder.service === undefined) {
    ctx.report({ code: 'FF283', path: [...path, 'metric'], message: `${at([...path, 'metric'])} is requests_per_target, but ${at(path)} names no service; the request count belongs to one service's target group`, hint: 'Add `service: <name>`, a service whose backends include this pool.' });
  } else if (metric !== 'requests_per_target' && holder.service !== undefined) {
    ctx.report({ code: 'FF283', path: [...path, 'service'], atKey: true, message: `${at([...path, 'service'])} is set, but the metric is ${metric}; service goes with \`metric: requests_per_target\``, hint: 'Remove service, or scale on requests_per_target.' });
  }
}

function alarmPeriod(ctx: CheckContext, alarm: Obj, path: PathSegment[]): void {
  const period = int(alarm.period);
  if (period !== undefined && !SUB_MINUTE_PERIODS.includes(period) && period % 60 !== 0) {
    ctx.report({ code: 'FF287', path: [...path, 'period'], message: `${at([...path, 'period'])} is ${period}; must be 10, 20, 30 or a multiple of 60 seconds`, hint: `Use ${Math.max(60, Math.round(period / 60) * 60)} or one of 10, 20, 30.` });
    return;
  }
  const evaluations = int(alarm.evaluation_periods) ?? 2;
  const effPeriod = period ?? 60;
  const max = effPeriod < SHORT_PERIOD ? MAX_EVALUATION_SECONDS_SHORT : MAX_EVALUATION_SECONDS;
  if (effPeriod * evaluations > max) {
    const key = alarm.evaluation_periods !== undefined ? 'evaluation_periods' : 'period';
    ctx.report({
      code: 'FF287',
      path: [...path, key],
      message: `${at(path)} evaluates ${evaluations} periods of ${effPeriod} s, ${effPeriod * evaluations} s in all; CloudWatch allows at most ${max} (${max === MAX_EVALUATION_SECONDS ? 'seven days' : 'one day, for periods under an hour'})`,
      hint: 'Use fewer or shorter periods.',
    });
  }
}

interface Step {
  from: number | null;
  to: number | null;
  index: number;
  path: PathSegment[];
}

/**
 * AWS's rules for step adjustments: ranges neither overlap nor leave gaps;
 * at most one open lower bound and one open upper bound, never both in one
 * step; a negative lower bound needs an open-below step, a positive upper
 * bound an open-above one. Plus ours: a step on the side of the threshold
 * that its alarm never reaches would never apply.
 */
function stepIntervals(ctx: CheckContext, policy: Obj, base: PathSegment[], above: unknown): void {
  const raw = entries(policy, ['steps']);
  if (raw.length !== list(policy.steps).length) return;
  const steps: Step[] = [];
  for (const s of raw) {
    const from = s.value.from === undefined ? null : num(s.value.from);
    const to = s.value.to === undefined ? null : num(s.value.to);
    if (from === undefined || to === undefined) return; // malformed: the schema reports it
    steps.push({ from, to, index: s.index, path: [...base, ...s.path] });
  }
  const report = (path: PathSegment[], message: string, hint: string, code = 'FF284'): void => ctx.report({ code, path, message, hint });
  let bad = false;
  for (const s of steps) {
    if (s.from === null && s.to === null) {
      report(s.path, `${at(s.path)} has neither from nor to; a step must be bounded on at least one side`, above === false ? 'Add `to: 0` for "anything below the threshold".' : 'Add `from: 0` for "anything above the threshold".');
      bad = true;
    } else if (s.from !== null && s.to !== null && s.from >= s.to) {
      report([...s.path, 'to'], `${at([...s.path, 'to'])} is ${s.to}, not above from (${s.from}); a step covers from (inclusive) up to to`, 'Swap or fix the bounds.');
      bad = true;
    }
  }
  if (bad) return;
  const openBelow = steps.filter((s) => s.from === null);
  const openAbove = steps.filter((s) => s.to === null);
  if (openBelow.length > 1) return report([...openBelow[1].path], `${at(openBelow[1].path)} has no from, like ${at(openBelow[0].path)}; only one step may be open below`, 'Give every step but the lowest a `from`.');
  if (openAbove.length > 1) return report([...openAbove[1].path], `${at(openAbove[1].path)} has no to, like ${at(openAbove[0].path)}; only one step may be open above`, 'Give every step but the highest a `to`.');
  const sorted = [...steps].sort((a, b) => (a.from ?? -Infinity) - (b.from ?? -Infinity));
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1];
    const cur = sorted[i];
    const prevTo = prev.to ?? Infinity;
    const curFrom = cur.from ?? -Infinity;
    if (prevTo !== curFrom) {
      const overlap = prevTo > curFrom;
      return report(
        [...cur.path, 'from'],
        `${at([...cur.path, 'from'])} is ${cur.from ?? 'open'}, but ${at(prev.path)} ends at ${prev.to ?? 'infinity'}; steps must ${overlap ? 'not overlap' : 'leave no gap'}`,
        `Start this step at ${prev.to ?? 'the end of the previous one'} (from is inclusive, to exclusive).`,
      );
    }
  }
  const negative = steps.find((s) => s.from !== null && s.from < 0);
  if (negative && openBelow.length === 0) {
    return report([...negative.path, 'from'], `${at([...negative.path, 'from'])} is ${negative.from}, below the threshold, but no step is open below; AWS requires a step without from to cover everything lower`, 'Remove `from` from the lowest step.');
  }
  const positive = steps.find((s) => s.to !== null && s.to > 0);
  if (positive && openAbove.length === 0) {
    return report([...positive.path, 'to'], `${at([...positive.path, 'to'])} is ${positive.to}, above the threshold, but no step is open above; AWS requires a step without to to cover everything higher`, 'Remove `to` from the highest step.');
  }
  for (const s of steps) {
    if (above === true && s.to !== null && s.to <= 0) {
      report([...s.path, 'to'], `${at([...s.path, 'to'])} is ${s.to}, but the alarm fires only above the threshold (above: true); this step would never apply`, 'Steps of an `above` alarm start at from: 0 or higher.', 'FF285');
    } else if (above === false && s.from !== null && s.from >= 0) {
      report([...s.path, 'from'], `${at([...s.path, 'from'])} is ${s.from}, but the alarm fires only below the threshold (above: false); this step would never apply`, 'Steps of a `below` alarm end at to: 0 or lower.', 'FF285');
    }
  }
}
