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
