import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { emitTerraform } from '../../../compiler/emit/terraform/index';
import type { Fleet } from '../../../compiler/model/fleet';
import { loadFleet } from './fleets';

function tfOf(fleet: Fleet): Record<string, any> {
  const r = emitTerraform(fleet, { file: 'test/fixtures/seed/fleet.yaml' });
  assert.equal(r.diagnostics, []);
  return JSON.parse(r.files[0].content);
}

test('required_providers: fully qualified hashicorp/aws at the version the bindings were generated for', () => {
  const tf = tfOf(loadFleet('test/fixtures/seed/fleet.yaml'));
  const generatedFor = require('@cdktf/provider-aws/lib/provider').AwsProvider.prototype;
  assert.ok(generatedFor, 'provider bindings load');
  assert.equal(tf.terraform.required_providers, { aws: { source: 'hashicorp/aws', version: '6.25.0' } });
  assert.is(tf.terraform.required_version, '>= 1.6.0');
});

test('the S3 backend with the DynamoDB lock table, default tags and the region come from the spec', () => {
  const tf = tfOf(loadFleet('test/fixtures/seed/fleet.yaml'));
  assert.equal(tf.terraform.backend, { s3: { bucket: 'legal-chat-tfstate', dynamodb_table: 'legal-chat-tflock', encrypt: true, key: 'fleetform/legal-chat.tfstate', region: 'ap-northeast-2' } });
  assert.equal(tf.provider.aws, [{ default_tags: [{ tags: { 'cost-center': 'research', 'fleetform:fleet': 'legal-chat', team: 'legal-ml' } }], region: 'ap-northeast-2' }]);
});

test('S3-native lock files need Terraform 1.10', () => {
  const tf = tfOf(loadFleet('examples/hybrid-autoscaling/fleet.yaml'));
  assert.is(tf.terraform.backend.s3.use_lockfile, true);
  assert.not.ok(tf.terraform.backend.s3.dynamodb_table);
  assert.is(tf.terraform.required_version, '>= 1.10.0');
});

test('launch templates read user data from the provisioning files by relative path', () => {
  const tf = tfOf(loadFleet('examples/hybrid-autoscaling/fleet.yaml'));
  const userData = Object.values<any>(tf.resource.aws_launch_template).map((lt) => lt.user_data).sort();
  assert.equal(userData, [
    '${filebase64("${path.module}/hosts/a100-1/proxy.cloud-config.yaml")}',
    '${filebase64("${path.module}/hosts/a100-2/proxy.cloud-config.yaml")}',
    '${filebase64("${path.module}/pools/burst/cloud-config.yaml")}',
  ]);
});

test('every target group health check equals the spec', () => {
  for (const file of ['test/fixtures/seed/fleet.yaml', 'examples/multi-model-https/fleet.yaml', 'examples/hybrid-autoscaling/fleet.yaml']) {
    const fleet = loadFleet(file);
    const tf = tfOf(fleet);
    for (const s of fleet.services) {
      const tg = Object.values<any>(tf.resource.aws_lb_target_group).find((t) => t.name === s.targetGroupName);
      assert.ok(tg, `${file}: target group ${s.targetGroupName}`);
      const h = s.health;
      assert.equal(tg.health_check, { enabled: true, healthy_threshold: h.healthy, interval: h.interval, matcher: h.matcher, path: h.path, port: String(h.port), protocol: h.protocol, timeout: h.timeout, unhealthy_threshold: h.unhealthy }, `${file}: ${s.name}`);
      assert.is(tg.port, s.port);
    }
  }
});

test('every instance requires IMDSv2, on every launch template of every fleet', () => {
  for (const file of ['test/fixtures/seed/fleet.yaml', 'examples/hybrid-autoscaling/fleet.yaml', 'examples/reverse-tunnels/fleet.yaml', 'examples/minimal/fleet.yaml']) {
    const tf = tfOf(loadFleet(file));
    for (const lt of Object.values<any>(tf.resource.aws_launch_template)) assert.is(lt.metadata_options.http_tokens, 'required', `${file}: ${lt.name}`);
    assert.not.ok(tf.resource.aws_instance && Object.values<any>(tf.resource.aws_instance).some((i) => !i.launch_template), 'plain instances come from the hardened templates');
  }
});

test("the static-IP NLB forwards each port to the ALB listener of that port", () => {
  const fleet = loadFleet('test/fixtures/seed/fleet.yaml');
  const tf = tfOf(fleet);
  const nlbTgs = Object.values<any>(tf.resource.aws_lb_target_group).filter((t) => t.target_type === 'alb');
  assert.equal(nlbTgs.map((t) => [t.protocol, t.port]), fleet.staticIps!.ports.map((p) => ['TCP', p.port]));
  const albPorts = Object.values<any>(tf.resource.aws_lb_listener).filter((l) => l.protocol !== 'TCP').map((l) => l.port);
  for (const t of nlbTgs) assert.ok(albPorts.includes(t.port));
  assert.equal(Object.keys(tf.output).sort(), ['alb_dns_name', 'nlb_dns_name', 'service_urls', 'static_ip_target_group_arns', 'static_ips', 'target_group_arns']);
});

test('pools carry the lifecycle hook the provisioning boot script completes', () => {
  const fleet = loadFleet('examples/hybrid-autoscaling/fleet.yaml');
  const tf = tfOf(fleet);
  const { POOL_READY_HOOK } = require('../../../compiler/emit/provision/views');
  const g = tf.resource.aws_autoscaling_group['pool-burst_group'];
  assert.is(g.initial_lifecycle_hook[0].name, POOL_READY_HOOK);
  assert.ok(g.initial_lifecycle_hook[0].heartbeat_timeout > fleet.pools[0].healthGrace, 'the boot script gives up first');
  const cloudConfig = require('../../../compiler/emit/provision/index').renderProvisioning(fleet).files.find((f: { path: string }) => f.path === 'pools/burst/cloud-config.yaml');
  assert.ok(cloudConfig.content.includes(POOL_READY_HOOK), 'the boot script completes the same hook');
});


/** `depends_on` entries of a resource, as Terraform addresses. */
const dependsOn = (r: any): string[] => r.depends_on ?? [];

test('a created VPC: every internet-facing resource waits for the internet gateway and the public route', () => {
  const tf = tfOf(loadFleet('examples/hybrid-autoscaling/fleet.yaml'));
  const igw = Object.keys(tf.resource.aws_internet_gateway).map((n) => `aws_internet_gateway.${n}`);
  const route = Object.keys(tf.resource.aws_route).map((n) => `aws_route.${n}`);
  assert.is(igw.length, 1);
  assert.is(route.length, 1);
  // Written from the fleet: the NLB (static_ips; the ALB behind it is
  // internal), one Elastic IP per zone (three zones), one proxy group per
  // host (two) and the pool's group.
  const internetFacing: [string, number][] = [
    ['aws_lb', 1],
    ['aws_eip', 3],
    ['aws_autoscaling_group', 3],
  ];
  for (const [type, count] of internetFacing) {
    const all = Object.entries<any>(tf.resource[type] ?? {}).filter(([, r]) => r.internal !== true);
    assert.is(all.length, count, type);
    for (const [name, r] of all) {
      assert.ok(dependsOn(r).includes(igw[0]), `${type}.${name} depends on the internet gateway`);
      assert.ok(dependsOn(r).includes(route[0]), `${type}.${name} depends on the public route`);
    }
  }
});

test('an existing VPC: no dependency on a gateway Fleetform does not manage', () => {
  const tf = tfOf(loadFleet('test/fixtures/seed/fleet.yaml'));
  assert.not.ok(tf.resource.aws_internet_gateway);
  for (const type of ['aws_lb', 'aws_eip', 'aws_autoscaling_group']) {
    for (const [name, r] of Object.entries<any>(tf.resource[type] ?? {})) assert.equal(dependsOn(r).filter((d) => /aws_(internet_gateway|route)\./.test(d)), [], `${type}.${name}`);
  }
});

test('schedules own the sizes they set: hybrid-autoscaling schedules set min only', () => {
  const fleet = loadFleet('examples/hybrid-autoscaling/fleet.yaml');
  const schedules = fleet.pools[0].scaling.flatMap((s) => (s.kind === 'schedule' ? [s] : []));
  assert.equal(schedules.map((s) => [s.name, s.min, s.max]), [['friday-peak', 4, null], ['weekend-calm', 1, null]]);
  const tf = tfOf(fleet);
  const group = Object.values<any>(tf.resource.aws_autoscaling_group).find((g) => g.name === 'hybrid-pool-burst');
  assert.equal(group.lifecycle.ignore_changes, ['desired_capacity', 'min_size']);
});

test('alarms with 60 s periods on CPU get 1-minute data: hybrid-autoscaling pool instances have detailed monitoring, proxies do not', () => {
  const fleet = loadFleet('examples/hybrid-autoscaling/fleet.yaml');
  // The spec: step scaling on cpu with period 60, simple scaling on cpu with the default period.
  const alarms = fleet.pools[0].scaling.flatMap((s) => (s.kind === 'step' || s.kind === 'simple' ? [[s.alarm.metric.kind, s.alarm.period]] : []));
  assert.equal(alarms, [['cpu', 60], ['cpu', 60]]);
  const tf = tfOf(fleet);
  const templates = Object.values<any>(tf.resource.aws_launch_template);
  assert.equal(templates.find((t) => t.name === 'hybrid-pool-burst').monitoring, { enabled: true });
  for (const t of templates.filter((t) => t.name !== 'hybrid-pool-burst')) assert.not.ok(t.monitoring, t.name);
});

test('static IPs: the ALB behind the NLB is internal unless the spec says internal: false', () => {
  for (const file of ['test/fixtures/seed/fleet.yaml', 'examples/hybrid-autoscaling/fleet.yaml', 'examples/multi-model-https/fleet.yaml', 'examples/reverse-tunnels/fleet.yaml']) {
    const lbs = Object.values<any>(tfOf(loadFleet(file)).resource.aws_lb);
    assert.equal(lbs.map((l) => [l.load_balancer_type, l.internal]).sort(), [['application', true], ['network', false]], file);
  }
  const lbs = Object.values<any>(tfOf(loadFleet('examples/minimal/fleet.yaml')).resource.aws_lb);
  assert.equal(lbs.map((l) => [l.load_balancer_type, l.internal]), [['application', false]], 'no static IPs: the ALB is the front door');
});

test.run();
