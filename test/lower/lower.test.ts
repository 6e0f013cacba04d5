import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assignZones, ecrRepository, stateLocking } from '../../compiler/lower/index';
import { carveSubnets, canonicalCidr } from '../../compiler/lower/network';
import { isArmInstanceType } from '../../compiler/lower/defaults';
import { MINIMAL, readRepoFile, validFleet } from '../helpers/fleet-text';

test('the seed fleet lowers with derived names, zones spread, defaults applied', () => {
  const f = validFleet(readRepoFile('test/fixtures/seed/fleet.yaml'), 'test/fixtures/seed/fleet.yaml');
  assert.is(f.loadBalancer.name, 'legal-chat-alb');
  assert.is(f.staticIps?.name, 'legal-chat-nlb');
  assert.equal(f.staticIps?.addresses, [{ zone: 'ap-northeast-2a', allocationId: null }, { zone: 'ap-northeast-2c', allocationId: null }]);
  assert.equal(f.staticIps?.ports, [{ port: 8585, targetGroupName: 'legal-chat-nlb-8585' }]);
  assert.equal(f.hosts.map((h) => h.zone), ['ap-northeast-2a', 'ap-northeast-2c', 'ap-northeast-2a', 'ap-northeast-2c']);
  assert.equal(f.hosts.map((h) => h.proxy.name), ['legal-chat-proxy-v100-1', 'legal-chat-proxy-v100-2', 'legal-chat-proxy-v100-3', 'legal-chat-proxy-v100-4']);
  const s = f.services[0];
  assert.is(s.targetGroupName, 'legal-chat-chat');
  assert.equal(s.hosts, ['v100-1', 'v100-2', 'v100-3', 'v100-4']);
  assert.equal(s.health, { path: '/health', port: 'traffic-port', protocol: 'HTTP', interval: 15, timeout: 5, healthy: 2, unhealthy: 2, matcher: '200' });
  assert.is(f.hosts[0].servicePort, 8585);
  assert.equal(f.hosts[0].proxy.secrets.map((x) => [x.store, x.name]), [['ssm', '/legal-chat/ssh/v100-1']]);
  assert.equal(f.state, { bucket: 'legal-chat-tfstate', key: 'fleetform/legal-chat.tfstate', region: 'ap-northeast-2', lockTable: 'legal-chat-tflock', lockfile: false, source: f.state.source });
  assert.equal(Object.keys(f.tags), ['cost-center', 'fleetform:fleet', 'team']);
  assert.is(f.loadBalancer.defaultService, 'chat');
});

test('every model node remembers its YAML path and line', () => {
  const f = validFleet(readRepoFile('test/fixtures/seed/fleet.yaml'), 'test/fixtures/seed/fleet.yaml');
  assert.is(f.hosts[1].source.path, 'hosts[1]');
  assert.is(f.hosts[1].source.span.start.line, 30);
  assert.is(f.services[0].source.path, 'services[0]');
  assert.is(f.hosts[0].tunnel.direction === 'forward' && f.hosts[0].tunnel.privateKey.source.path, 'hosts[0].ssh.private_key');
});

test('zones: explicit zones are kept, the rest fill the emptiest zone, appending never moves a host', () => {
  assert.equal(assignZones([undefined, undefined, undefined], ['a', 'b']), ['a', 'b', 'a']);
  assert.equal(assignZones(['a', 'a', undefined, undefined], ['a', 'b']), ['a', 'a', 'b', 'b']);
  const before = assignZones([undefined, 'b', undefined], ['a', 'b', 'c']);
  const after = assignZones([undefined, 'b', undefined, undefined], ['a', 'b', 'c']);
  assert.equal(after.slice(0, 3), before);
});

test('created VPCs get one subnet per zone, /24 where the VPC allows', () => {
  assert.equal(carveSubnets('10.40.0.0/16', 3), ['10.40.0.0/24', '10.40.1.0/24', '10.40.2.0/24']);
  assert.equal(carveSubnets('10.0.0.0/24', 2), ['10.0.0.0/25', '10.0.0.128/25']);
  assert.is(canonicalCidr('203.0.113.7/24'), '203.0.113.0/24');
});

test('scaling entries lower with AWS names and derived policy names', () => {
  const f = validFleet(readRepoFile('examples/hybrid-autoscaling/fleet.yaml'));
  const p = f.pools[0];
  assert.is(p.asgName, 'hybrid-pool-burst');
  assert.equal(p.scaling.map((s) => `${s.kind}:${s.name}`), ['target_tracking:target-tracking-1', 'step:step-2', 'simple:simple-3', 'schedule:friday-peak', 'schedule:weekend-calm', 'predictive:predictive-6']);
  const step = p.scaling[1];
  assert.ok(step.kind === 'step');
  if (step.kind === 'step') {
    assert.is(step.alarm.name, 'hybrid-burst-step-2');
    assert.is(step.alarm.comparison, 'GreaterThanThreshold');
    assert.equal(step.steps, [{ lower: 0, upper: 15, change: 2 }, { lower: 15, upper: null, change: 4 }]);
  }
  assert.equal(p.container.env.map((e) => e.name), ['HF_TOKEN', 'MAX_BATCH', 'MODEL_ID']);
  assert.equal(p.secrets.map((s) => s.name), ['/hybrid/hf-token']);
  assert.equal(p.container.ecr, { account: '123456789012', region: 'eu-west-1', host: '123456789012.dkr.ecr.eu-west-1.amazonaws.com', repository: 'acme/summarizer' });
  assert.is(p.servicePort, 9000);
  assert.equal(f.network.kind === 'create' && f.network.subnets.map((s) => s.cidr), ['10.40.0.0/24', '10.40.1.0/24', '10.40.2.0/24']);
  assert.is(f.state.lockTable, null);
  // t4g is Graviton: the default proxy AMI follows the architecture.
  assert.equal(f.proxies.ami, { kind: 'ssm', parameter: '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64' });
});

test('private ECR images are recognised with their account, region and repository; other registries are not', () => {
  assert.equal(ecrRepository('123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme/summarizer:2.3.1'), { account: '123456789012', region: 'eu-west-1', host: '123456789012.dkr.ecr.eu-west-1.amazonaws.com', repository: 'acme/summarizer' });
  assert.equal(ecrRepository(`123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/m@sha256:${'a'.repeat(64)}`)?.repository, 'm');
  assert.equal(ecrRepository('123456789012.dkr.ecr.us-east-1.amazonaws.com/m')?.repository, 'm');
  for (const other of ['ghcr.io/acme/legal-chat:1.4', 'public.ecr.aws/acme/m:1', 'nvcr.io/nvidia/tritonserver:24.01-py3', '12345.dkr.ecr.us-east-1.amazonaws.com/m']) assert.is(ecrRepository(other), null, other);
});

test('Graviton instance types are recognised', () => {
  for (const t of ['t4g.small', 'm7g.large', 'c7gn.xlarge', 'g5g.xlarge', 'a1.medium']) assert.ok(isArmInstanceType(t), t);
  for (const t of ['t3.small', 'g5.xlarge', 'p4d.24xlarge', 'g6e.xlarge', 'm7i.large']) assert.not.ok(isArmInstanceType(t), t);
});

test('routed services get priorities 10, 20, ... and the unrouted one is the default', () => {
  const f = validFleet(readRepoFile('examples/multi-model-https/fleet.yaml'));
  assert.is(f.loadBalancer.defaultService, 'chat');
  assert.equal(f.services.map((s) => s.routing?.priority ?? null), [null, 10]);
  assert.equal(f.loadBalancer.listeners.map((l) => [l.port, l.protocol, l.redirectTo, l.sslPolicy]), [[443, 'HTTPS', null, 'ELBSecurityPolicy-TLS13-1-2-2021-06'], [80, 'HTTP', 443, null]]);
});

test('lowering is deterministic and JSON-serializable', () => {
  const a = JSON.stringify(validFleet(MINIMAL));
  const b = JSON.stringify(validFleet(MINIMAL));
  assert.is(a, b);
});

test('state locking: S3-native lock files by default; a named DynamoDB table (deprecated) only when asked for; both to migrate', () => {
  const lock = (state: string) => {
    const f = validFleet(MINIMAL + `state:\n${state}`);
    return { lockTable: f.state.lockTable, lockfile: f.state.lockfile };
  };
  assert.equal(stateLocking(undefined, undefined), { lockTable: null, lockfile: true });
  assert.equal(validFleet(MINIMAL).state.lockfile, true, 'a fleet without a state section');
  assert.equal(lock('  bucket: t-state\n'), { lockTable: null, lockfile: true });
  assert.equal(lock('  bucket: t-state\n  lock_table: t-lock\n'), { lockTable: 't-lock', lockfile: false });
  assert.equal(lock('  bucket: t-state\n  lock_table: t-lock\n  lockfile: true\n'), { lockTable: 't-lock', lockfile: true });
  assert.equal(lock('  bucket: t-state\n  lockfile: false\n'), { lockTable: 'fleetform-locks', lockfile: false });
});

test.run();
