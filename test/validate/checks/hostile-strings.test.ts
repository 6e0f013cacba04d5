import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { diagnostics, edit, expectLines, expectValid, keyAt, onlyHint, valueAt } from '../helpers';

const env = (body: string): string => edit(['port: 8080 }', `port: 8080, env: { ${body} } }`]);

test('plain values, quotes and unicode letters are fine', () => {
  expectValid(env(`GREETING: "안녕하세요 'world' $(not run)", MODEL_ID: ssm:/demo/model`));
});

test('a newline in an env value', () => {
  const t = env('GREETING: "line1\\nline2"');
  expectLines(t, [`FF298 ${valueAt(t, 'GREETING: "line1')} pools[0].container.env.GREETING contains U+000A (a newline) at position 6; fleet values are plain single-line text`]);
  assert.is(onlyHint(t), 'Put multi-line content in SSM or a file the container reads; one value is one line.');
});

test('a right-to-left override in a metric dimension', () => {
  const t = edit(['      - schedule:', '      - target_tracking: { metric: custom, target: 5, custom_metric: { namespace: A, name: B, dimensions: { Queue: "jobs\u202Egnp.exe" } } }\n      - schedule:']);
  expectLines(t, [`FF298 ${valueAt(t, 'Queue: "jobs')} pools[0].scaling[2].target_tracking.custom_metric.dimensions.Queue contains U+202E (a text direction control) at position 5; fleet values are plain single-line text`]);
});

test('a NUL byte in a dimension name (a key)', () => {
  const t = edit(['      - schedule:', '      - target_tracking: { metric: custom, target: 5, custom_metric: { namespace: A, name: B, dimensions: { "Q\\0": x } } }\n      - schedule:']);
  expectLines(t, [`FF298 ${keyAt(t, '"Q\\0"')} the key of pools[0].scaling[2].target_tracking.custom_metric.dimensions["Q\\u0000"] contains U+0000 (a NUL byte) at position 2; fleet values are plain single-line text`]);
});

test('a tab is allowed; a zero-width space is not', () => {
  expectValid(env('SEP: "a\\tb"'));
  assert.equal(diagnostics(env('SEP: "a\u200Bb"')).map((d) => d.code), ['FF298']);
});

test.run();
