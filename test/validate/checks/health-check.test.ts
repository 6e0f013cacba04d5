import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { edit, expectLines, expectValid, onlyHint, valueAt } from '../helpers';
import { matcherProblem, pathProblem } from '../../../compiler/validate/checks/health-check';

const health = (h: string): string => edit(['health: { path: /health }', `health: { ${h} }`]);

test('values at the edges of AWS\'s ranges are valid', () => {
  expectValid(health('path: /health, interval: 300, timeout: 120, healthy: 10, unhealthy: 2, matcher: "200-299,302"'));
  expectValid(health('interval: 6, timeout: 5'));
  expectValid(health('path: "/v1/health?deep=1&x=%20"'));
});

test('interval, timeout and thresholds out of range', () => {
  let t = health('interval: 3');
  expectLines(t, [`FF253 ${valueAt(t, 'interval: 3')} services[0].health.interval is 3; must be 5 to 300 seconds`]);
  t = health('timeout: 121, interval: 300');
  expectLines(t, [`FF254 ${valueAt(t, 'timeout: 121')} services[0].health.timeout is 121; must be 2 to 120 seconds`]);
  t = health('healthy: 1, unhealthy: 11');
  expectLines(t, [
    `FF256 ${valueAt(t, 'healthy: 1,')} services[0].health.healthy is 1; must be 2 to 10 checks`,
    `FF256 ${valueAt(t, 'unhealthy: 11')} services[0].health.unhealthy is 11; must be 2 to 10 checks`,
  ]);
});

test('the timeout must be less than the interval, defaults included', () => {
  let t = health('interval: 10, timeout: 10');
  expectLines(t, [`FF255 ${valueAt(t, 'timeout: 10')} services[0].health.timeout is 10 and services[0].health.interval is 10; the timeout must be less than the interval`]);
  t = health('interval: 5');
  expectLines(t, [`FF255 ${valueAt(t, 'interval: 5')} services[0].health.timeout is 5 (the default) and services[0].health.interval is 5; the timeout must be less than the interval`]);
  assert.is(onlyHint(t), 'Lower the timeout below 5, or raise the interval above 5.');
  t = health('timeout: 20');
  expectLines(t, [`FF255 ${valueAt(t, 'timeout: 20')} services[0].health.timeout is 20 and services[0].health.interval is 15 (the default); the timeout must be less than the interval`]);
});

test('matcher syntax and ranges', () => {
  const t = health('matcher: "299-200"');
  expectLines(t, [`FF257 ${valueAt(t, 'matcher: "299-200"')} services[0].health.matcher is "299-200"; the range 299-200 runs backwards`]);
  assert.is(matcherProblem('200'), null);
  assert.is(matcherProblem('200,202'), null);
  assert.is(matcherProblem('500'), 'code 500 is outside 200 to 499');
  assert.is(matcherProblem('2xx'), '"2xx" is not an HTTP code or a range like 200-299');
  assert.is(matcherProblem('200,'), '"" is not an HTTP code or a range like 200-299');
});

test('path rules', () => {
  const t = health('path: health');
  expectLines(t, [`FF258 ${valueAt(t, 'path: health')} services[0].health.path is "health"; it must start with /`]);
  assert.is(pathProblem('/a b'), 'it contains " ", which is not allowed in a URI path');
  assert.is(pathProblem('/100%'), 'a % must start a %XX escape');
  assert.is(pathProblem(`/${'a'.repeat(1024)}`), 'it is 1025 characters long; at most 1024');
});

test.run();
