import { test } from 'uvu';
import { BASE, expectLines, expectValid, keyAt, valueAt } from '../helpers';

const mon = (body: string): string => `${BASE}monitoring:\n  notify: { emails: [oncall@example.com] }\n${body}`;
const alarm = (name: string): string => `    - { name: ${name}, namespace: AWS/ApplicationELB, metric: RequestCount, statistic: Sum, service: chat, threshold: 1 }\n`;

test('names AWS accepts', () => {
  expectValid(mon(`  dashboard: { name: Demo_Fleet-1 }\n  service_overrides: { chat: { latency: false } }\n  alarms:\n${alarm('"requests: flood (chat)"')}`));
});

test('an alarm name over 255 characters with the fleet prefix', () => {
  const long = 'x'.repeat(251);
  const t = mon(`  alarms:\n${alarm(long)}`);
  expectLines(t, [`FF530 ${valueAt(t, `name: ${long}`)} monitoring.alarms[0].name makes the alarm name demo-... 256 characters long; CloudWatch allows at most 255`]);
});

test('duplicate names, and a name Fleetform uses itself', () => {
  let t = mon(`  alarms:\n${alarm('flood')}${alarm('flood')}`);
  expectLines(t, [`FF531 ${secondName(t)} monitoring.alarms[1].name is "flood", like monitoring.alarms[0].name; alarm names are unique in a region`]);
  t = mon(`  alarms:\n${alarm('host-box-1-unreachable')}`);
  expectLines(t, [`FF531 ${valueAt(t, 'name: host-box-1-unreachable')} monitoring.alarms[0].name is "host-box-1-unreachable", the name of an alarm Fleetform creates (demo-host-box-1-unreachable)`]);
});

/** Position of the second `name: flood`. */
function secondName(t: string): string {
  const i = t.indexOf('name: flood', t.indexOf('name: flood') + 1) + 'name: '.length;
  const before = t.slice(0, i).split('\n');
  return `${before.length}:${before[before.length - 1].length + 1}`;
}

test('a dashboard name with a space, and an override for a service that does not exist', () => {
  const t = mon('  dashboard: { name: "demo fleet" }\n  service_overrides: { caht: { latency: false } }\n');
  expectLines(t, [
    `FF532 ${valueAt(t, 'name: "demo fleet"')} monitoring.dashboard.name is "demo fleet"; a dashboard name is at most 255 letters, digits, - and _`,
    `FF533 ${keyAt(t, 'caht')} monitoring.service_overrides.caht names "caht", which is not a service of this fleet; services: chat`,
  ]);
});

test.run();
