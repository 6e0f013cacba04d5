import { test } from 'uvu';
import { edit, expectLines, expectValid, valueAt } from '../helpers';

const logs = (prefix: string): string => edit(['  static_ips: { zones: all }', `  static_ips: { zones: all }\n  access_logs: { bucket: demo-logs, prefix: ${prefix} }`]);

test('a plain prefix', () => {
  expectValid(logs('fleets/demo'));
});

test('AWSLogs and slashes at either end', () => {
  let t = logs('x/AWSLogs');
  expectLines(t, [`FF299 ${valueAt(t, 'prefix: x/AWSLogs')} load_balancer.access_logs.prefix is "x/AWSLogs"; it may not contain AWSLogs, which the load balancer adds itself`]);
  t = logs('/alb');
  expectLines(t, [`FF299 ${valueAt(t, 'prefix: /alb')} load_balancer.access_logs.prefix is "/alb"; it may not start or end with /`]);
});

test.run();
