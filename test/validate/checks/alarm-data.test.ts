import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkSource } from '../../../compiler/index';
import { edit, expectLines, expectValid, onlyHint, posOf, valueAt } from '../helpers';

const ALARM = '          alarm: { metric: cpu, above: true, threshold: 70 }\n';
const alarm = (fields: string, pool = ''): string => edit([ALARM, `          alarm: { ${fields} }\n`], ...(pool ? [['    instance_type: g5.xlarge\n', `    instance_type: g5.xlarge\n${pool}`] as [string, string]] : []));

test('the default 60 s period on CPU: detailed monitoring comes on, nothing to warn', () => {
  expectValid(alarm('metric: cpu, above: true, threshold: 70'));
  const fleet = checkSource(alarm('metric: cpu, above: true, threshold: 70'), 'fleet.yaml').fleet!;
  assert.is(fleet.pools[0].detailedMonitoring, true);
  expectValid(alarm('metric: cpu, above: true, threshold: 70, period: 300', '    detailed_monitoring: false\n'));
});

test('detailed_monitoring: false with a period under 300 s on an EC2 metric', () => {
  let t = alarm('metric: network_in, above: true, threshold: 70, period: 120', '    detailed_monitoring: false\n');
  expectLines(t, [`FF601 ${valueAt(t, 'period: 120')} pools[0].scaling[1].step.alarm.period is 120, but pools[0] has detailed_monitoring: false, so its instances publish network_in every 300 s; most periods would hold no datapoint`]);
  assert.is(onlyHint(t), 'Use period: 300 or a multiple of it, or remove detailed_monitoring: false (1-minute metrics, charged per metric).');
  t = alarm('metric: cpu, above: true, threshold: 70', '    detailed_monitoring: false\n');
  expectLines(t, [`FF601 ${posOf(t, '{ metric: cpu, above: true, threshold: 70 }')} pools[0].scaling[1].step.alarm has the default period of 60 s, but pools[0] has detailed_monitoring: false, so its instances publish cpu every 300 s; most periods would hold no datapoint`]);
  assert.equal(checkSource(t, 'fleet.yaml').diagnostics.map((d) => d.severity), ['warning']);
});

test('sub-minute periods on metrics published once a minute', () => {
  let t = alarm('metric: cpu, above: true, threshold: 70, period: 20');
  expectLines(t, [`FF601 ${valueAt(t, 'period: 20')} pools[0].scaling[1].step.alarm.period is 20, but cpu is published at most every 60 s (EC2 detailed monitoring); most periods would hold no datapoint`]);
  t = alarm('metric: requests_per_target, service: chat, above: true, threshold: 70, period: 10');
  expectLines(t, [`FF601 ${valueAt(t, 'period: 10')} pools[0].scaling[1].step.alarm.period is 10, but requests_per_target is published at most every 60 s (ALB metrics); most periods would hold no datapoint`]);
  expectValid(alarm('metric: custom, custom_metric: { namespace: Acme, name: QueueDepth }, above: true, threshold: 70, period: 10'));
});

test.run();
