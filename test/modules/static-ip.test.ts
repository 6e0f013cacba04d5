import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { StaticIpFrontDoor } from '../../modules/static-ip';
import { only, resources, synth } from './synth';

function frontDoor(allocations: (string | null)[] = [null, null], internal = false) {
  return synth((s) => {
    const listener = new LbListener(s, 'alb-listener', { loadBalancerArn: 'alb-arn', port: 8585, protocol: 'HTTP', defaultAction: [{ type: 'fixed-response', fixedResponse: { contentType: 'text/plain', statusCode: '200' } }] });
    new StaticIpFrontDoor(s, 'nlb', {
      name: 'f-nlb',
      vpcId: 'vpc-1',
      zones: [
        { zone: 'eu-west-1a', subnetId: 'subnet-a', allocationId: allocations[0] },
        { zone: 'eu-west-1b', subnetId: 'subnet-b', allocationId: allocations[1] },
      ],
      albArn: 'alb-arn',
      internal,
      securityGroupIds: ['sg-nlb'],
      forwards: [{ port: 8585, targetGroupName: 'f-nlb-8585', albListener: listener, healthCheck: { protocol: 'HTTP', path: '/health', matcher: '200' } }],
    });
  }).tf;
}

test("the NLB's target group has target type alb, protocol TCP and the ALB listener's port", () => {
  const tg = only(frontDoor(), 'aws_lb_target_group');
  assert.equal([tg.target_type, tg.protocol, tg.port, tg.name], ['alb', 'TCP', 8585, 'f-nlb-8585']);
  assert.equal(tg.health_check, { enabled: true, matcher: '200', path: '/health', port: 'traffic-port', protocol: 'HTTP' });
});

test('the ALB is attached only after its listener exists', () => {
  const att = only(frontDoor(), 'aws_lb_target_group_attachment');
  assert.is(att.target_id, 'alb-arn');
  assert.is(att.port, 8585);
  assert.equal(att.depends_on, ['aws_lb_listener.alb-listener']);
});

test('an internet-facing NLB maps one subnet per zone to an Elastic IP protected from destroy', () => {
  const tf = frontDoor();
  const nlb = only(tf, 'aws_lb');
  assert.equal([nlb.load_balancer_type, nlb.internal, nlb.security_groups], ['network', false, ['sg-nlb']]);
  assert.equal(nlb.subnet_mapping, [
    { allocation_id: '${aws_eip.nlb_eip-eu-west-1a.allocation_id}', subnet_id: 'subnet-a' },
    { allocation_id: '${aws_eip.nlb_eip-eu-west-1b.allocation_id}', subnet_id: 'subnet-b' },
  ]);
  for (const eip of Object.values(resources(tf, 'aws_eip'))) assert.equal(eip.lifecycle, { prevent_destroy: true });
  const listener = Object.values(resources(tf, 'aws_lb_listener')).find((l) => l.load_balancer_arn === '${aws_lb.nlb.arn}')!;
  assert.equal([listener.port, listener.protocol], [8585, 'TCP']);
  assert.equal(listener.default_action, [{ target_group_arn: '${aws_lb_target_group.nlb_tg-8585.arn}', type: 'forward' }]);
});

test('an existing allocation is used as is and nothing is allocated for its zone', () => {
  const tf = frontDoor(['eipalloc-0123456789abcdef0', null]);
  assert.equal(Object.keys(resources(tf, 'aws_eip')), ['nlb_eip-eu-west-1b']);
  assert.is(only(tf, 'aws_lb').subnet_mapping[0].allocation_id, 'eipalloc-0123456789abcdef0');
});

test('an internal NLB maps subnets without Elastic IPs', () => {
  const tf = frontDoor([null, null], true);
  assert.equal(resources(tf, 'aws_eip'), {});
  const nlb = only(tf, 'aws_lb');
  assert.is(nlb.internal, true);
  assert.equal(nlb.subnet_mapping, [{ subnet_id: 'subnet-a' }, { subnet_id: 'subnet-b' }]);
});

test.run();
