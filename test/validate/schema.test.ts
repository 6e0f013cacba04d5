/**
 * The schema's errors in our words (compiler/validate/schema.ts): one case
 * per ajv keyword the translation handles, with the exact message, the
 * position (the offending key for unknown keys, the value otherwise) and
 * the hint the corpus relies on.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { diagnostics, edit, expectLines, keyAt, posOf, valueAt } from './helpers';

const only = (text: string): { code: string; at: string; message: string; hint: string } => {
  const d = diagnostics(text);
  assert.is(d.length, 1, d.map((x) => `${x.code} ${x.message}`).join('\n'));
  return { code: d[0].code, at: `${d[0].span.start.line}:${d[0].span.start.col}`, message: d[0].message, hint: d[0].hint };
};

test('additionalProperties: FF101 at the unknown key, with did-you-mean and the allowed keys', () => {
  const t = edit(['health: { path: /health }', 'helth: { path: /health }']);
  const d = only(t);
  assert.equal([d.code, d.at, d.message], ['FF101', keyAt(t, 'helth'), 'unknown key `helth` in services[0]']);
  assert.match(d.hint, /^Did you mean `health`\? Allowed keys: name, port, protocol, health,/);
});

test('required: FF102 at the mapping that lacks the key', () => {
  const t = edit(['    port: 8585\n    health', '    health']);
  const d = only(t);
  assert.equal([d.code, d.at, d.message], ['FF102', posOf(t, 'name: chat'), 'services[0] is missing the required key `port`']);
  assert.match(d.hint, /^Add `port`: /);
});

test('type: FF103 with "write it without quotes" for quoted numbers', () => {
  const t = edit(['    port: 8585\n    health', '    port: "8585"\n    health']);
  const d = only(t);
  assert.equal([d.code, d.at, d.message, d.hint], ['FF103', valueAt(t, 'port: "8585"'), 'services[0].port is "8585" (a string); must be an integer', 'Write 8585 without quotes.']);
});

test('enum and const: FF104 with did-you-mean', () => {
  let t = edit(['    health: { path: /health }', '    health: { path: /health }\n    algorithm: least-outstanding-requests']);
  let d = only(t);
  assert.equal([d.code, d.at, d.message, d.hint], ['FF104', valueAt(t, 'algorithm: least'), 'services[0].algorithm is "least-outstanding-requests"; must be one of round_robin, least_outstanding_requests, weighted_random', 'Did you mean `least_outstanding_requests`?']);
  t = edit(['version: 1', 'version: 2']);
  d = only(t);
  assert.equal([d.code, d.at, d.message], ['FF104', valueAt(t, 'version: 2'), 'version is 2; must be 1']);
});

test('pattern: FF105 naming the kind of value', () => {
  const t = edit(['instance_type: g5.xlarge', 'instance_type: g5']);
  expectLines(t, [`FF105 ${valueAt(t, 'instance_type: g5')} pools[0].instance_type is "g5", which is not a valid EC2 instance type`]);
});

test('minimum/maximum: FF106 with the range', () => {
  const t = edit(['port: 8080 }', 'port: 0 }']);
  expectLines(t, [`FF106 ${valueAt(t, 'port: 0 }')} pools[0].container.port is 0; must be 1 to 65535`]);
});

test('maxLength: FF107 with the length found', () => {
  const t = edit(['name: demo', 'name: abcdefghijklmnopqrstuvwxyz']);
  expectLines(t, [`FF107 ${valueAt(t, 'name: abcdef')} name is 26 characters long; must be 1 to 24 characters`]);
});

test('minItems: FF108', () => {
  const t = edit(['  listeners:\n    - { port: 80 }', '  listeners: []']);
  expectLines(t, [`FF108 ${valueAt(t, 'listeners: []')} load_balancer.listeners has 0 entries; must have at least 1 entry`]);
});

test('minProperties/maxProperties: FF109 names the policy kinds found', () => {
  const t = edit(['      - schedule: {', '      - step: {}\n        schedule: {']);
  const d = diagnostics(t).filter((x) => x.code === 'FF109');
  assert.equal(d.map((x) => `${x.span.start.line}:${x.span.start.col} ${x.message} | ${x.hint}`), [`${keyAt(t, 'step: {}')} pools[0].scaling[2] must have exactly one of target_tracking, step, simple, schedule, predictive; found step, schedule | Split it into one list entry per policy.`]);
});

test('propertyNames: FF110 at the key, with the rule for env names', () => {
  const t = edit(['port: 8080 }', 'port: 8080, env: { model: x } }']);
  const d = only(t);
  assert.equal([d.code, d.at, d.message, d.hint], ['FF110', keyAt(t, 'model: x'), 'key "model" in pools[0].container.env is not allowed', 'Environment variable names are upper-case letters, digits and underscores, not starting with a digit.']);
});

test('anyOf: FF112 lists the accepted forms', () => {
  const t = edit(['hosts: all, pools', 'hosts: every, pools']);
  expectLines(t, [`FF112 ${valueAt(t, 'hosts: every')} services[0].backends.hosts is "every"; must be \`all\` or a list`]);
});

test('a secret is reported once, never echoed, and hides the schema error for that value', () => {
  const t = edit(['private_key: ssm:/demo/ssh/box-1', 'private_key: "-----BEGIN OPENSSH PRIVATE KEY-----"']);
  const d = only(t);
  assert.equal([d.code, d.at], ['FF201', valueAt(t, 'private_key: "-----BEGIN')]);
  assert.not.match(d.message + d.hint, /BEGIN/);
});

test.run();
