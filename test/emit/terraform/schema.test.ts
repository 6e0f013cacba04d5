/**
 * Every resource type and argument in the generated Terraform exists in the
 * hashicorp/aws schema the bindings were generated from, and every required
 * argument is present. This checks the JSON itself, so escape hatches,
 * overrides and hand-written blocks are covered as well as typed props.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkConfiguration, providerSchema } from './provider-schema';
import { buildFleet, goldenFleets, loadFleet, ROOT } from './fleets';
import { lowerFleet } from '../../../compiler/emit/terraform/lower';
import { synthesize } from '../../../compiler/emit/terraform/synth';

test('the schema index knows the resources Fleetform uses and which arguments are required', () => {
  const s = providerSchema();
  assert.is(s.version, '6.25.0');
  assert.ok(s.resources.size > 1000, `only ${s.resources.size} resource types`);
  const tg = s.resources.get('aws_lb_target_group')!;
  assert.ok(tg.args.has('target_type'));
  assert.ok(tg.args.get('health_check')?.args.has('healthy_threshold'), 'nested block arguments are indexed');
  const asg = s.resources.get('aws_autoscaling_group')!;
  assert.ok(asg.required.has('max_size') && asg.required.has('min_size'));
  assert.ok(s.resources.get('aws_autoscaling_schedule')!.args.has('time_zone'));
  assert.ok(s.dataSources.has('aws_caller_identity'));
  assert.ok(s.provider.args.has('default_tags'));
});

test('the checker catches unknown names and missing required arguments, nested ones included', () => {
  const problems = checkConfiguration({
    resource: {
      aws_lb_target_group: { x: { name: 'a', target_typ: 'alb', health_check: { path: '/', intervall: 5 } } },
      aws_autoscaling_group: { y: { min_size: 1, lifecycle: { prevent_destroy: true } } },
      aws_load_balancer: { z: {} },
    },
    data: { aws_ami: { w: { filter: [{ name: 'image-id' }] } } },
  });
  assert.equal(problems.sort(), [
    "aws_autoscaling_group.y: missing required argument 'max_size'",
    "aws_lb_target_group.x.health_check: unknown argument 'intervall'",
    "aws_lb_target_group.x: unknown argument 'target_typ'",
    "data.aws_ami.w.filter[0]: missing required argument 'values'",
    "resource type 'aws_load_balancer' does not exist in hashicorp/aws 6.25.0",
  ]);
});

test('escape hatches are checked too: an override with a wrong argument name fails', () => {
  const lowered = lowerFleet(loadFleet('test/fixtures/seed/fleet.yaml'));
  lowered.alb.lb.addOverride('idle_timout', 30);
  lowered.stack.addOverride('resource.aws_lb_target_group.alb_tg-chat.health_check.intervall', 10);
  const problems = checkConfiguration(synthesize(lowered.stack));
  assert.equal(problems.sort(), [
    "aws_lb.alb: unknown argument 'idle_timout'",
    "aws_lb_target_group.alb_tg-chat.health_check: unknown argument 'intervall'",
  ]);
});

for (const g of goldenFleets()) {
  test(`${g.file}: every resource, data source and argument exists in hashicorp/aws`, () => {
    const main = buildFleet(g.file).find((f) => f.path === 'main.tf.json')!;
    const problems = checkConfiguration(JSON.parse(main.content));
    assert.equal(problems, []);
  });
}

test('the committed generated/ Terraform passes too (what users apply)', () => {
  for (const g of goldenFleets()) {
    const file = path.join(ROOT, g.out, 'main.tf.json');
    if (!fs.existsSync(file)) continue; // the golden test reports missing folders
    assert.equal(checkConfiguration(JSON.parse(fs.readFileSync(file, 'utf8'))), [], g.out);
  }
});

test.run();
