/**
 * The fast synthesis path produces exactly what cdktf's own
 * `TerraformStack.toTerraform()` does (minus `//` metadata), on every fleet
 * with committed output, and leaves cdktf's stack traces as it found them.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lowerFleet } from '../../../compiler/emit/terraform/lower';
import { stableJson } from '../../../compiler/emit/terraform/serialize';
import { synthesize, withoutTokenStackTraces } from '../../../compiler/emit/terraform/synth';
import { goldenFleets, loadFleet } from './fleets';

for (const g of goldenFleets()) {
  test(`${g.file}: synthesize equals cdktf toTerraform`, () => {
    const lowered = lowerFleet(loadFleet(g.file));
    assert.fixture(stableJson(synthesize(lowered.stack)), stableJson(lowered.stack.toTerraform()));
  });
}

test('stack overrides (escape hatches) are applied and resolved', () => {
  const lowered = lowerFleet(loadFleet('test/fixtures/seed/fleet.yaml'));
  lowered.stack.addOverride('output.extra', { value: lowered.alb.lb.arn });
  const tf = synthesize(lowered.stack) as Record<string, any>;
  assert.equal(tf.output.extra, { value: '${aws_lb.alb.arn}' });
});

test('strings holding several tokens resolve as in cdktf: in JSON, repeated, after stray braces, inside a template escape, beside an encoded number', () => {
  const lowered = lowerFleet(loadFleet('test/fixtures/seed/fleet.yaml'));
  const lb = lowered.alb.lb;
  const strings = {
    json: JSON.stringify({ widgets: [{ alarms: [lb.arn, lb.arnSuffix, lb.arn] }], nested: { deep: { x: lb.arnSuffix } } }),
    braces: `}}${lb.arn}{${lb.arnSuffix}}`,
    // cdktf writes a token inside a template escape without its own braces.
    escaped: `\${lower("${lb.arn}")}-${lb.arnSuffix}`,
    number: `${lb.arn}:${lb.arnSuffix}:${lb.idleTimeout}`,
  };
  lowered.stack.addOverride('output.multi', { value: strings });
  const tf = synthesize(lowered.stack) as Record<string, any>;
  assert.fixture(stableJson(tf), stableJson(lowered.stack.toTerraform()));
  assert.is(tf.output.multi.value.json, '{"widgets":[{"alarms":["${aws_lb.alb.arn}","${aws_lb.alb.arn_suffix}","${aws_lb.alb.arn}"]}],"nested":{"deep":{"x":"${aws_lb.alb.arn_suffix}"}}}');
  assert.is(tf.output.multi.value.braces, '}}${aws_lb.alb.arn}{${aws_lb.alb.arn_suffix}}');
  assert.is(tf.output.multi.value.escaped, '${lower("aws_lb.alb.arn")}-${aws_lb.alb.arn_suffix}');
  assert.is(tf.output.multi.value.number, '${aws_lb.alb.arn}:${aws_lb.alb.arn_suffix}:${aws_lb.alb.idle_timeout}');
});

test('cdktf stack-trace capture is restored after synthesis, even on error', () => {
  const st = require('cdktf/lib/tokens/private/stack-trace');
  const before = st.captureStackTrace;
  assert.throws(() => withoutTokenStackTraces(() => {
    assert.equal(st.captureStackTrace(), []);
    throw new Error('boom');
  }), /boom/);
  assert.is(st.captureStackTrace, before);
  assert.ok(before().length > 0);
});

test.run();
