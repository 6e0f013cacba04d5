import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ProxyFleet } from '../../modules/proxy-fleet';
import { Json, only, resources, synth } from './synth';

function fleet(opts: { selfHealing?: boolean } = {}) {
  return synth((s) => {
    new ProxyFleet(s, 'proxies', {
      region: 'eu-west-1',
      instanceType: 't3.small',
      image: { kind: 'ssm', parameter: '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64' },
      rootVolumeGb: 12,
      selfHealing: opts.selfHealing,
      securityGroupId: 'sg-proxies',
      hosts: [
        { host: 'fwd', name: 'f-proxy-fwd', subnetId: 'subnet-a', userData: 'UD-FWD', secrets: [{ store: 'ssm', name: '/f/ssh/fwd' }], targetGroupArns: ['tg-chat'], port: 8585 },
        {
          host: 'rev',
          name: 'f-proxy-rev',
          subnetId: 'subnet-b',
          userData: 'UD-REV',
          secrets: [{ store: 'secretsmanager', name: 'f/rev-host-key' }],
          targetGroupArns: ['tg-chat'],
          port: 8585,
          reverse: { sshSecurityGroupId: 'sg-ssh-rev' },
        },
      ],
    });
  }).tf;
}

const policyOf = (tf: Json, roleName: string) => JSON.parse(Object.values(resources(tf, 'aws_iam_role_policy')).find((p) => p.name === roleName)!.policy);

test('every proxy launch template requires IMDSv2 and encrypts its root volume', () => {
  const tf = fleet();
  const lts = Object.values(resources(tf, 'aws_launch_template'));
  assert.is(lts.length, 2);
  for (const lt of lts) {
    assert.is(lt.metadata_options.http_tokens, 'required');
    assert.is(lt.metadata_options.http_put_response_hop_limit, 1);
    assert.is(lt.block_device_mappings.length, 1);
    assert.is(lt.block_device_mappings[0].device_name, '/dev/xvda');
    assert.is(lt.block_device_mappings[0].ebs.encrypted, 'true');
    assert.is(lt.block_device_mappings[0].ebs.volume_size, 12);
    assert.is(lt.image_id, 'resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64');
  }
  assert.equal(lts.map((l) => l.user_data), ['UD-FWD', 'UD-REV'], 'user data is passed through untouched');
});

test('each proxy is an Auto Scaling group of one in its own zone, registered with its target groups', () => {
  const tf = fleet();
  const groups = Object.values(resources(tf, 'aws_autoscaling_group'));
  assert.equal(groups.map((g) => [g.name, g.min_size, g.max_size, g.desired_capacity, g.vpc_zone_identifier]), [
    ['f-proxy-fwd', 1, 1, 1, ['subnet-a']],
    ['f-proxy-rev', 1, 1, 1, ['subnet-b']],
  ]);
  for (const g of groups) {
    assert.equal(g.target_group_arns, ['tg-chat']);
    assert.is(g.health_check_type, 'EC2', 'a dead GPU box must not make the ASG churn its proxy');
    assert.is(g.instance_refresh.preferences.min_healthy_percentage, 100);
  }
  assert.equal(resources(tf, 'aws_instance'), {});
  for (const lt of Object.values(resources(tf, 'aws_launch_template'))) assert.not.ok(lt.network_interfaces[0].subnet_id, 'the group picks the subnet');
});

test('a proxy role reads exactly its own host secret', () => {
  const tf = fleet();
  const fwd = policyOf(tf, 'f-proxy-fwd');
  assert.equal(fwd.Statement.map((s: Json) => [s.Action, s.Resource]), [
    ['ssm:GetParameter', 'arn:${data.aws_partition.account_partition.partition}:ssm:eu-west-1:${data.aws_caller_identity.account_caller.account_id}:parameter/f/ssh/fwd'],
  ]);
  const rev = policyOf(tf, 'f-proxy-rev');
  const read = rev.Statement.find((s: Json) => s.Sid === 'ReadSecrets');
  assert.is(read.Action, 'secretsmanager:GetSecretValue');
  assert.match(read.Resource, /:secret:f\/rev-host-key-\?\?\?\?\?\?$/);
  assert.not.match(JSON.stringify(rev), /\/f\/ssh\/fwd/, 'no access to the other host secret');
});

test('a reverse-tunnel proxy gets an Elastic IP it may associate with itself only, and its SSH group', () => {
  const tf = fleet();
  const eip = only(tf, 'aws_eip');
  assert.is(eip.tags['fleetform:proxy'], 'f-proxy-rev');
  assert.equal(eip.lifecycle, { prevent_destroy: true }, 'the box installer has this address written into it');
  const st = policyOf(tf, 'f-proxy-rev').Statement;
  const own = st.find((s: Json) => s.Sid === 'AssociateOwnAddress');
  assert.is(own.Action, 'ec2:AssociateAddress');
  assert.match(own.Resource, /:elastic-ip\/\$\{aws_eip\.proxies_rev_eip\.allocation_id\}$/);
  const self = st.find((s: Json) => s.Sid === 'AssociateOntoSelf');
  assert.equal(self.Condition, { StringEquals: { 'aws:ResourceTag/fleetform:proxy': 'f-proxy-rev' } });
  const revLt = Object.values(resources(tf, 'aws_launch_template')).find((l) => l.name === 'f-proxy-rev')!;
  assert.equal(revLt.network_interfaces[0].security_groups, ['sg-proxies', 'sg-ssh-rev']);
  const fwdLt = Object.values(resources(tf, 'aws_launch_template')).find((l) => l.name === 'f-proxy-fwd')!;
  assert.equal(fwdLt.network_interfaces[0].security_groups, ['sg-proxies']);
  assert.not.ok(policyOf(tf, 'f-proxy-fwd').Statement.some((s: Json) => String(s.Action).startsWith('ec2:')));
});

test('self_healing false: plain instances from the launch templates, attached to the target groups on the service port', () => {
  const tf = fleet({ selfHealing: false });
  assert.equal(resources(tf, 'aws_autoscaling_group'), {});
  const instances = Object.values(resources(tf, 'aws_instance'));
  assert.is(instances.length, 2);
  for (const i of instances) {
    assert.match(i.launch_template.id, /aws_launch_template\./);
    assert.not.ok(i.subnet_id, 'EC2 rejects an instance subnet next to a launch template network interface');
  }
  const lts = Object.values(resources(tf, 'aws_launch_template'));
  assert.equal(lts.map((l) => l.network_interfaces[0].subnet_id), ['subnet-a', 'subnet-b']);
  const att = Object.values(resources(tf, 'aws_lb_target_group_attachment'));
  assert.equal(att.map((a) => [a.target_group_arn, a.port]), [['tg-chat', 8585], ['tg-chat', 8585]]);
});

test.run();
