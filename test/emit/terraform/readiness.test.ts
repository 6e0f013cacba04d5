/**
 * A pool's readiness clocks, read from what a build writes: the boot
 * script's wait (cloud-config), the launch hook's heartbeat and the group's
 * wait_for_capacity_timeout (main.tf.json). An apply must outlast the hook,
 * and the hook the boot script, or a model that loads slowly fails the apply.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readiness } from '../../../compiler/lower/readiness';
import { buildFleet } from './fleets';

/** Go duration ("2100s", "35m", "1h5m") -> seconds. */
function seconds(d: string): number {
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(d);
  if (!m || d === '') throw new Error(`not a duration: ${d}`);
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

test('hybrid-autoscaling (health_grace 900): boot wait < hook heartbeat < apply wait', () => {
  const files = buildFleet('examples/hybrid-autoscaling/fleet.yaml');
  const tf = JSON.parse(files.find((f) => f.path === 'main.tf.json')!.content);
  const group = Object.values<any>(tf.resource.aws_autoscaling_group).find((g) => g.name === 'hybrid-pool-burst');
  assert.ok(group, 'the pool group');
  const heartbeat: number = group.initial_lifecycle_hook[0].heartbeat_timeout;
  assert.ok(group.wait_for_capacity_timeout, 'the group sets wait_for_capacity_timeout (the provider default of 10m is shorter than the hook)');
  const applyWait = seconds(group.wait_for_capacity_timeout);
  const cloudConfig = files.find((f) => f.path === 'pools/burst/cloud-config.yaml')!.content;
  const bootWait = Number(/readonly READY_TIMEOUT=(\d+)/.exec(cloudConfig)![1]);
  assert.is(bootWait, 900, 'the boot script waits health_grace');
  assert.is(heartbeat, 1500);
  assert.is(applyWait, 2100);
  assert.ok(bootWait < heartbeat && heartbeat < applyWait);
});

test('readiness: derived from health_grace; the heartbeat never exceeds 7200 and stays above the boot wait', () => {
  assert.equal(readiness(600), { bootWait: 600, hookTimeout: 1200, applyTimeout: 1800 });
  assert.equal(readiness(0), { bootWait: 0, hookTimeout: 600, applyTimeout: 1200 });
  assert.equal(readiness(7200), { bootWait: 6600, hookTimeout: 7200, applyTimeout: 7800 });
  for (let grace = 0; grace <= 7200; grace += 150) {
    const r = readiness(grace);
    assert.ok(r.bootWait < r.hookTimeout && r.hookTimeout < r.applyTimeout && r.hookTimeout <= 7200, `health_grace ${grace}`);
  }
});

test.run();
