/**
 * Construct validation is the second line of defence: when a fleet the
 * check stage let through is still invalid for a construct, the emitter
 * returns FF301 diagnostics that point into fleet.yaml, and no files.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { emitTerraform } from '../../../compiler/emit/terraform/index';
import { emitFleet } from '../../../compiler/emit/index';
import { loadFleet } from './fleets';

test('a one-zone ALB (which check should have stopped) becomes an FF301 diagnostic at load_balancer, not a throw', () => {
  const fleet = loadFleet('test/fixtures/seed/fleet.yaml');
  if (fleet.network.kind !== 'existing') throw new Error('spec fleet uses an existing VPC');
  fleet.network.subnets = fleet.network.subnets.slice(0, 1);
  const r = emitTerraform(fleet, { file: 'test/fixtures/seed/fleet.yaml' });
  assert.equal(r.files, []);
  assert.is(r.diagnostics.length, 1);
  const d = r.diagnostics[0];
  assert.is(d.code, 'FF301');
  assert.is(d.file, 'test/fixtures/seed/fleet.yaml');
  assert.is(d.path, fleet.loadBalancer.source.path);
  assert.equal(d.span, fleet.loadBalancer.source.span);
  assert.match(d.message, /needs subnets in at least two zones/);
  assert.match(d.message, /construct fleet\/alb/);
  assert.ok(d.hint.length > 0);
});

test('emitFleet returns nothing at all when the Terraform emitter reports a problem', () => {
  const fleet = loadFleet('test/fixtures/seed/fleet.yaml');
  fleet.services[0].health.timeout = fleet.services[0].health.interval;
  const r = emitFleet(fleet, { file: 'test/fixtures/seed/fleet.yaml' });
  assert.equal(r.files, []);
  assert.equal(r.diagnostics.map((d) => d.code), ['FF301']);
  assert.match(r.diagnostics[0].message, /timeout 15 must be less than the interval 15/);
});

test('build output is the Terraform plus every user-data file it reads', () => {
  const r = emitFleet(loadFleet('examples/reverse-tunnels/fleet.yaml'), { file: 'x' });
  assert.equal(r.diagnostics, []);
  const paths = r.files.map((f) => f.path);
  assert.equal(paths, [...paths].sort(), 'sorted by path');
  assert.ok(paths.includes('main.tf.json'));
  const tf = JSON.parse(r.files.find((f) => f.path === 'main.tf.json')!.content);
  const read = Object.values<any>(tf.resource.aws_launch_template).map((lt) => /\$\{path\.module\}\/([^"]+)"/.exec(lt.user_data)![1]);
  assert.equal(read.sort(), paths.filter((x) => x.endsWith('cloud-config.yaml')));
});

test.run();
