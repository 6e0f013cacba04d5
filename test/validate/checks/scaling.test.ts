import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { edit, expectLines, expectValid, keyAt, onlyHint, posOf, valueAt } from '../helpers';

const STEP = `      - step:
          alarm: { metric: cpu, above: true, threshold: 70 }
          steps:
            - { from: 0, to: 20, change: 1 }
            - { from: 20, change: 2 }
`;
const step = (alarm: string, steps: string[], extra = ''): string =>
  edit([STEP, `      - step:\n          alarm: { ${alarm} }\n${extra}          steps:\n${steps.map((s) => `            - { ${s} }\n`).join('')}`]);
const policy = (entry: string): string => edit(['      - schedule:', `      - ${entry}\n      - schedule:`]);

test('valid policies of every kind', () => {
  expectValid(step('metric: cpu, above: false, threshold: 30', ['to: -10, change: -2', 'from: -10, to: 0, change: -1']));
  expectValid(step('metric: custom, custom_metric: { namespace: LegalChat, name: QueueDepth }, above: true, threshold: 70, period: 20, evaluation_periods: 3', ['from: 0, change: 1']));
  expectValid(step('metric: cpu, above: true, threshold: 70', ['from: 0, change: 3'], '          adjustment_type: exact_capacity\n'));
  expectValid(policy('simple: { alarm: { metric: custom, custom_metric: { namespace: LegalChat, name: QueueDepth }, above: true, threshold: 10 }, change: 1 }'));
  expectValid(policy('predictive: { metric: cpu, target: 40, max_capacity_breach: increase, max_capacity_buffer: 10 }'));
});

test('custom metric pairing', () => {
  let t = policy('target_tracking: { metric: custom, target: 5 }');
  expectLines(t, [`FF282 ${valueAt(t, 'metric: custom')} pools[0].scaling[2].target_tracking.metric is custom, but pools[0].scaling[2].target_tracking has no custom_metric`]);
  t = policy('target_tracking: { metric: cpu, target: 5, custom_metric: { namespace: A, name: B } }');
  expectLines(t, [`FF282 ${keyAt(t, 'custom_metric:')} pools[0].scaling[2].target_tracking.custom_metric is set, but the metric is cpu; custom_metric goes with \`metric: custom\``]);
});

test('service pairing for request metrics', () => {
  let t = policy('predictive: { metric: requests_per_target, target: 50 }');
  expectLines(t, [`FF283 ${valueAt(t, 'metric: requests_per_target, target: 50')} pools[0].scaling[2].predictive.metric is requests_per_target, but pools[0].scaling[2].predictive names no service; the request count belongs to one service's target group`]);
  t = policy('target_tracking: { metric: cpu, service: chat, target: 40 }');
  expectLines(t, [`FF283 ${keyAt(t, 'service: chat, target: 40 }\n      - schedule')} pools[0].scaling[2].target_tracking.service is set, but the metric is cpu; service goes with \`metric: requests_per_target\``]);
});

test('step intervals: gaps, overlaps, open ends', () => {
  let t = step('metric: cpu, above: true, threshold: 70', ['from: 0, to: 10, change: 1', 'from: 20, change: 2']);
  expectLines(t, [`FF284 ${valueAt(t, 'from: 20')} pools[0].scaling[1].step.steps[1].from is 20, but pools[0].scaling[1].step.steps[0] ends at 10; steps must leave no gap`]);
  t = step('metric: cpu, above: true, threshold: 70', ['from: 0, to: 30, change: 1', 'from: 20, change: 2']);
  expectLines(t, [`FF284 ${valueAt(t, 'from: 20')} pools[0].scaling[1].step.steps[1].from is 20, but pools[0].scaling[1].step.steps[0] ends at 30; steps must not overlap`]);
  t = step('metric: cpu, above: true, threshold: 70', ['change: 1']);
  expectLines(t, [`FF284 ${posOf(t, '{ change: 1 }')} pools[0].scaling[1].step.steps[0] has neither from nor to; a step must be bounded on at least one side`]);
  assert.is(onlyHint(t), 'Add `from: 0` for "anything above the threshold".');
  t = step('metric: cpu, above: true, threshold: 70', ['from: 0, change: 1', 'from: 10, change: 2']);
  expectLines(t, [`FF284 ${posOf(t, '{ from: 10')} pools[0].scaling[1].step.steps[1] has no to, like pools[0].scaling[1].step.steps[0]; only one step may be open above`]);
  t = step('metric: cpu, above: true, threshold: 70', ['from: 10, to: 5, change: 1']);
  expectLines(t, [`FF284 ${valueAt(t, 'to: 5')} pools[0].scaling[1].step.steps[0].to is 5, not above from (10); a step covers from (inclusive) up to to`]);
  t = step('metric: cpu, above: true, threshold: 70', ['from: 0, to: 10, change: 1']);
  expectLines(t, [`FF284 ${valueAt(t, 'to: 10')} pools[0].scaling[1].step.steps[0].to is 10, above the threshold, but no step is open above; AWS requires a step without to to cover everything higher`]);
});

test('steps on the side of the threshold the alarm never reaches', () => {
  const t = step('metric: cpu, above: true, threshold: 70', ['to: 0, change: -1', 'from: 0, change: 1']);
  expectLines(t, [`FF285 ${valueAt(t, 'to: 0')} pools[0].scaling[1].step.steps[0].to is 0, but the alarm fires only above the threshold (above: true); this step would never apply`]);
});

test('changes that do nothing or that AWS rejects', () => {
  let t = step('metric: cpu, above: true, threshold: 70', ['from: 0, change: 0']);
  expectLines(t, [`FF286 ${valueAt(t, 'change: 0')} pools[0].scaling[1].step.steps[0].change is 0, which changes nothing`]);
  t = step('metric: cpu, above: true, threshold: 70', ['from: 0, change: -1'], '          adjustment_type: exact_capacity\n');
  expectLines(t, [`FF286 ${valueAt(t, 'change: -1')} pools[0].scaling[1].step.steps[0].change is -1, but adjustment_type is exact_capacity; an exact capacity is 0 or more`]);
  t = policy('simple: { alarm: { metric: cpu, above: false, threshold: 30 }, change: 0 }');
  expectLines(t, [`FF286 ${valueAt(t, 'change: 0 }')} pools[0].scaling[2].simple.change is 0, which changes nothing`]);
});

test('alarm periods', () => {
  let t = step('metric: cpu, above: true, threshold: 70, period: 45', ['from: 0, change: 1']);
  expectLines(t, [`FF287 ${valueAt(t, 'period: 45')} pools[0].scaling[1].step.alarm.period is 45; must be 10, 20, 30 or a multiple of 60 seconds`]);
  t = step('metric: cpu, above: true, threshold: 70, period: 1800, evaluation_periods: 50', ['from: 0, change: 1']);
  expectLines(t, [`FF287 ${valueAt(t, 'evaluation_periods: 50')} pools[0].scaling[1].step.alarm evaluates 50 periods of 1800 s, 90000 s in all; CloudWatch allows at most 86400 (one day, for periods under an hour)`]);
  expectValid(step('metric: cpu, above: true, threshold: 70, period: 3600, evaluation_periods: 25', ['from: 0, change: 1']));
  t = step('metric: cpu, above: true, threshold: 70, period: 86400, evaluation_periods: 8', ['from: 0, change: 1']);
  expectLines(t, [`FF287 ${valueAt(t, 'evaluation_periods: 8')} pools[0].scaling[1].step.alarm evaluates 8 periods of 86400 s, 691200 s in all; CloudWatch allows at most 604800 (seven days)`]);
});

test('predictive buffer without increase', () => {
  const t = policy('predictive: { metric: cpu, target: 40, max_capacity_buffer: 10 }');
  expectLines(t, [`FF288 ${keyAt(t, 'max_capacity_buffer')} pools[0].scaling[2].predictive.max_capacity_buffer is set, but max_capacity_breach is honor (the default); the buffer applies only when the forecast may raise max`]);
});

test.run();
