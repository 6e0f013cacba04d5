import { test } from 'uvu';
import { edit, expectLines, expectValid, keyAt, valueAt } from '../helpers';

const svc = (extra: string): string => edit(['    health: { path: /health }', `    health: { path: /health }\n${extra}`]);

test('valid combinations', () => {
  expectValid(svc('    slow_start: 30\n    deregistration_delay: 0'));
  expectValid(svc('    algorithm: weighted_random\n    anomaly_mitigation: true'));
  expectValid(svc('    stickiness: { type: app_cookie, cookie: SESSIONID, duration: 604800 }'));
  expectValid(svc('    stickiness: { duration: 1 }'));
});

test('slow start out of range or with an algorithm that forbids it', () => {
  let t = svc('    slow_start: 10');
  expectLines(t, [`FF260 ${valueAt(t, 'slow_start: 10')} services[0].slow_start is 10; must be 0 (off) or 30 to 900 seconds`]);
  t = svc('    algorithm: least_outstanding_requests\n    slow_start: 60');
  expectLines(t, [`FF261 ${valueAt(t, 'slow_start: 60')} services[0].slow_start is 60, but the algorithm is least_outstanding_requests; AWS supports slow start only with round_robin`]);
  t = svc('    algorithm: weighted_random\n    slow_start: 60');
  expectLines(t, [`FF261 ${valueAt(t, 'slow_start: 60')} services[0].slow_start is 60, but the algorithm is weighted_random; AWS supports slow start only with round_robin`]);
  expectValid(svc('    algorithm: least_outstanding_requests\n    slow_start: 0'));
});

test('anomaly mitigation needs weighted random', () => {
  const t = svc('    anomaly_mitigation: true');
  expectLines(t, [`FF262 ${valueAt(t, 'anomaly_mitigation: true')} services[0].anomaly_mitigation is true, but the algorithm is round_robin (the default); anomaly mitigation works only with weighted_random`]);
});

test('stickiness duration and cookies', () => {
  let t = svc('    stickiness: { duration: 604801 }');
  expectLines(t, [`FF263 ${valueAt(t, 'duration: 604801')} services[0].stickiness.duration is 604801; must be 1 to 604800 seconds (7 days)`]);
  t = svc('    stickiness: { type: app_cookie }');
  expectLines(t, [`FF264 ${keyAt(t, 'stickiness:')} services[0].stickiness has type app_cookie but no cookie; name the application's cookie`]);
  t = svc('    stickiness: { cookie: SESSIONID }');
  expectLines(t, [`FF264 ${keyAt(t, 'cookie: SESSIONID')} services[0].stickiness.cookie is set, but the type is lb_cookie (the default); the load balancer names its own cookie`]);
  t = svc('    stickiness: { type: app_cookie, cookie: AWSALBAPP-0 }');
  expectLines(t, [`FF264 ${valueAt(t, 'cookie: AWSALBAPP-0')} services[0].stickiness.cookie is "AWSALBAPP-0"; names starting with AWSALB (AWSALB, AWSALBAPP, AWSALBTG) are reserved for the load balancer`]);
  t = svc('    stickiness: { type: app_cookie, cookie: "my session" }');
  expectLines(t, [`FF264 ${valueAt(t, 'cookie: "my session"')} services[0].stickiness.cookie is "my session", which is not a cookie name (letters, digits and !#$%&'*+-.^_\`|~, no spaces or separators)`]);
});

test('deregistration delay', () => {
  const t = svc('    deregistration_delay: 3601');
  expectLines(t, [`FF265 ${valueAt(t, 'deregistration_delay: 3601')} services[0].deregistration_delay is 3601; must be 0 to 3600 seconds`]);
});

test.run();
