import { test } from 'uvu';
import { BASE, expectLines, expectValid, keyAt, posOf, valueAt } from '../helpers';

const mon = (body: string): string => `${BASE}monitoring:\n  notify: { emails: [oncall@example.com] }\n${body}`;

test('defaults, and periods of whole minutes with whole numbers of periods', () => {
  expectValid(mon(''));
  expectValid(mon('  period: 300\n  services: { no_healthy_target: { minutes: 10 } }\n  hosts: { every: 60, minutes: 15 }\n'));
});

test('a period that is not a multiple of 60', () => {
  const t = mon('  period: 90\n');
  expectLines(t, [`FF510 ${valueAt(t, 'period: 90')} monitoring.period is 90; alarm periods here must be a multiple of 60 seconds (load balancer metrics are published every minute)`]);
});

test('minutes that are not a whole number of periods', () => {
  const t = mon('  period: 300\n  pools: { at_max: { minutes: 12 } }\n');
  expectLines(t, [`FF511 ${valueAt(t, 'minutes: 12')} monitoring.pools.at_max.minutes is 12, not a whole number of 300-second periods (monitoring.period)`]);
});

test('proxies and the GPU agent must publish at least once per period', () => {
  const t = mon('  hosts: { every: 120 }\n  pools: { every: 90 }\n');
  expectLines(t, [
    `FF513 ${valueAt(t, 'every: 120')} monitoring.hosts.every is 120 s, longer than the 60-second alarm period: some periods would have no datapoint, and a host alarm counts a missing datapoint as unreachable`,
    `FF513 ${valueAt(t, 'every: 90')} monitoring.pools.every is 90 s, longer than the 60-second alarm period: some periods would have no datapoint`,
  ]);
});

const alarm = (extra: string, ns = 'AWS/ApplicationELB', metric = 'RequestCount', of = 'service: chat'): string =>
  mon(`  alarms:\n    - { name: x, namespace: ${ns}, metric: ${metric}, statistic: Sum, ${of}, threshold: 1${extra} }\n`);

test('custom alarm periods: sub-minute, not a multiple of 60, EC2 basic monitoring, data published less often', () => {
  let t = alarm(', period: 10');
  expectLines(t, [`FF510 ${valueAt(t, 'period: 10')} monitoring.alarms[0].period is 10; 10-second periods need a high-resolution metric, and the metrics a fleet publishes are standard resolution (one datapoint a minute)`]);
  t = alarm(', period: 100');
  expectLines(t, [`FF510 ${valueAt(t, 'period: 100')} monitoring.alarms[0].period is 100; CloudWatch accepts 10, 20, 30 or a multiple of 60 seconds`]);
  t = alarm(', period: 60', 'AWS/EC2', 'CPUUtilization', 'pool: burst');
  expectLines(t, [`FF510 ${valueAt(t, 'period: 60')} monitoring.alarms[0] watches AWS/EC2 with a 60-second period, but EC2 publishes every 300 s (basic monitoring): most periods would be empty`]);
  expectValid(alarm(', period: 300', 'AWS/EC2', 'CPUUtilization', 'pool: burst'));
  t = mon('  hosts: { every: 120 }\n  period: 240\n  alarms:\n    - { name: x, namespace: Fleetform/demo, metric: TunnelHealthy, statistic: Minimum, host: box-1, threshold: 1, period: 60 }\n');
  expectLines(t, [`FF513 ${valueAt(t, 'period: 60')} monitoring.alarms[0] has a 60-second period, but TunnelHealthy is published every 120 s (monitoring.hosts.every): some periods would be empty`]);
});

test('evaluation window: one day under an hour, seven days from an hour', () => {
  let t = alarm(', period: 60, evaluation_periods: 1441');
  expectLines(t, [`FF512 ${valueAt(t, 'evaluation_periods: 1441')} monitoring.alarms[0] evaluates 1441 periods of 60 s, 86460 s in all; CloudWatch allows at most 86400 (one day, for periods under an hour)`]);
  expectValid(alarm(', period: 60, evaluation_periods: 1440'));
  expectValid(alarm(', period: 3600, evaluation_periods: 168'));
  t = alarm(', period: 3600, evaluation_periods: 169');
  expectLines(t, [`FF512 ${valueAt(t, 'evaluation_periods: 169')} monitoring.alarms[0] evaluates 169 periods of 3600 s, 608400 s in all; CloudWatch allows at most 604800 (seven days)`]);
  void keyAt;
  void posOf;
});

test.run();
