import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FleetSecurityGroups } from '../../modules/security';
import { Json, nameOf, ref, resources, synth } from './synth';

function groups() {
  return synth((s) => {
    new FleetSecurityGroups(s, 'sg', {
      name: 'f',
      vpcId: 'vpc-1',
      listenerPorts: [443, 80],
      ingressCidrs: ['203.0.113.0/24'],
      nlb: { ports: [443] },
      proxyPorts: [8585],
      poolPorts: [9000],
      reverseTunnels: [{ host: 'box', dialsFrom: '198.51.100.7/32' }],
    });
  }).tf;
}

const sgRef = (tf: Json, name: string) => ref('aws_security_group', nameOf(tf, 'aws_security_group', (g) => g.name === name), 'id');
const ingressOf = (tf: Json, name: string) => Object.values(resources(tf, 'aws_vpc_security_group_ingress_rule')).filter((r) => r.security_group_id === sgRef(tf, name));

test('the ALB admits its listener ports from the ingress CIDRs and the forwarded port from the NLB group', () => {
  const tf = groups();
  const rules = ingressOf(tf, 'f-alb').map((r) => [r.from_port, r.to_port, r.cidr_ipv4 ?? r.referenced_security_group_id]);
  assert.equal(rules.sort(), [[443, 443, '203.0.113.0/24'], [443, 443, sgRef(tf, 'f-nlb')], [80, 80, '203.0.113.0/24']].sort());
});

test('proxies and pool instances admit only their service port, only from the ALB group', () => {
  const tf = groups();
  for (const [name, port] of [['f-proxies', 8585], ['f-pools', 9000]] as const) {
    const rules = ingressOf(tf, name);
    assert.is(rules.length, 1, name);
    assert.is(rules[0].from_port, port);
    assert.is(rules[0].to_port, port);
    assert.is(rules[0].ip_protocol, 'tcp');
    assert.is(rules[0].referenced_security_group_id, sgRef(tf, 'f-alb'));
    assert.not.ok(rules[0].cidr_ipv4, `${name} must not admit a CIDR`);
  }
});

test('a reverse-tunnel proxy admits SSH from its dials_from CIDR only', () => {
  const tf = groups();
  const rules = ingressOf(tf, 'f-ssh-box');
  assert.equal(rules.map((r) => [r.from_port, r.to_port, r.cidr_ipv4]), [[22, 22, '198.51.100.7/32']]);
});

test('nothing but the ALB and the NLB admits traffic from a CIDR', () => {
  const tf = groups();
  const albOrNlb = new Set([sgRef(tf, 'f-alb'), sgRef(tf, 'f-nlb'), sgRef(tf, 'f-ssh-box')]);
  for (const r of Object.values(resources(tf, 'aws_vpc_security_group_ingress_rule'))) {
    if (r.cidr_ipv4) assert.ok(albOrNlb.has(r.security_group_id), `unexpected CIDR rule on ${r.security_group_id}`);
    assert.is.not(r.ip_protocol, '-1');
  }
});

test('the ALB may only open connections to its backends, on their ports', () => {
  const tf = groups();
  const out = Object.values(resources(tf, 'aws_vpc_security_group_egress_rule')).filter((r) => r.security_group_id === sgRef(tf, 'f-alb'));
  assert.equal(out.map((r) => [r.from_port, r.referenced_security_group_id]).sort(), [[8585, sgRef(tf, 'f-proxies')], [9000, sgRef(tf, 'f-pools')]].sort());
});

test('without an NLB, proxies or pools, their groups do not exist', () => {
  const { tf } = synth((s) => {
    new FleetSecurityGroups(s, 'sg', { name: 'f', vpcId: 'vpc-1', listenerPorts: [80] });
  });
  assert.equal(Object.values(resources(tf, 'aws_security_group')).map((g) => g.name), ['f-alb']);
  const rule = Object.values(resources(tf, 'aws_vpc_security_group_ingress_rule'));
  assert.equal(rule.map((r) => r.cidr_ipv4), ['0.0.0.0/0'], 'ingress defaults to the internet');
});

test.run();
