import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Finding } from '../../../compiler/validate/checks/check';
import { quotas } from '../../../compiler/validate/checks/quotas';
import { BASE, edit, expectLines, expectValid, keyAt, onlyHint, posOf } from '../helpers';
import { checkSource } from '../../../compiler/index';

/** Run the quotas check alone on a document (for fleets too large to write as YAML here). */
function findings(spec: Record<string, unknown>): Finding[] {
  const out: Finding[] = [];
  quotas.run({ spec: spec as any, sourceMap: undefined as any, report: (f) => out.push(f) });
  return out;
}

test('the base fleet crosses no quota', () => {
  expectValid(BASE);
});

test('Elastic IPs: six zones of static IPs and a reverse-tunnel proxy are 7, over the default 5', () => {
  const t = edit(['region: ap-northeast-2', 'region: us-east-1'], ['zones: [ap-northeast-2a, ap-northeast-2c]', 'zones: [us-east-1a, us-east-1b, us-east-1c, us-east-1d, us-east-1e, us-east-1f]']);
  expectLines(t, [`FF610 ${keyAt(t, 'static_ips:')} the fleet allocates 7 Elastic IP addresses (6 for the static IPs, 1 for reverse-tunnel proxies); the default quota is 5 per Region, and addresses the account already holds count too`]);
  assert.is(onlyHint(t), 'Request an increase in the Service Quotas console before applying (Amazon EC2, "EC2-VPC Elastic IPs", quota code L-0263D0A3), or reuse addresses you hold with load_balancer.static_ips.allocations.');
  assert.equal(checkSource(t, 'fleet.yaml').diagnostics.map((d) => d.severity), ['warning']);
  assert.ok(checkSource(t, 'fleet.yaml').fleet, 'a warning does not stop the build');
});

test('rules per security group: 61 ingress CIDRs on one listener', () => {
  const cidrs = Array.from({ length: 61 }, (_, i) => `10.${i}.0.0/16`).join(', ');
  const t = edit(['    - { port: 80 }\n', `    - { port: 80 }\n  ingress: [${cidrs}]\n`]);
  expectLines(t, [
    `FF611 ${keyAt(t, 'ingress:')} the ALB's security group would get 62 inbound rules (1 listener port(s) × 61 ingress CIDR(s) + 1 from the NLB); the default quota is 60 inbound rules per security group`,
    `FF611 ${keyAt(t, 'ingress:')} the static-IP NLB's security group would get 61 inbound rules (1 forwarded port(s) × 61 ingress CIDR(s)); the default quota is 60 inbound rules per security group`,
  ]);
});

test('targets: a pool of up to 1,000 instances beside two hosts', () => {
  const t = edit(['capacity: { min: 0, desired: 1, max: 4 }', 'capacity: { min: 0, desired: 1, max: 1000 }']);
  expectLines(t, [
    `FF612 ${keyAt(t, 'services:')} the services may register 1002 targets on the ALB in all (hosts' proxies and pools at max, per service); the default quota is 1000 targets per Application Load Balancer`,
    `FF612 ${keyAt(t, 'backends:')} services[0] may register 1002 targets (its hosts' proxies and its pools at max); the default quota is 1000 targets per target group`,
  ]);
});

test('fixed per-group and per-ALB limits are errors; adjustable Region quotas are warnings', () => {
  const host = (i: number) => ({ name: `h${i}` });
  let f = findings({ hosts: Array.from({ length: 501 }, (_, i) => host(i)), pools: [], services: [] });
  assert.equal(f.map((x) => [x.code, x.severity, x.message]), [['FF613', 'warning', "the fleet creates 501 Auto Scaling groups (one per host's proxy, 501, one per pool, 0); the default quota is 500 per Region"]]);
  assert.equal(findings({ hosts: Array.from({ length: 501 }, (_, i) => host(i)), proxies: { self_healing: false } }), [], 'plain proxy instances are no groups');
  const policy = { target_tracking: { metric: 'cpu', target: 50 } };
  const schedule = { schedule: { cron: '0 17 * * FRI', min: 1 } };
  f = findings({ pools: [{ name: 'p', scaling: [...Array(51).fill(policy), ...Array(126).fill(schedule)] }] });
  assert.equal(f.map((x) => [x.code, x.severity ?? 'error', x.message]), [
    ['FF614', 'error', 'pools[0].scaling has 51 scaling policies; an Auto Scaling group takes at most 50, and AWS cannot raise that'],
    ['FF614', 'error', 'pools[0].scaling has 126 scheduled actions; an Auto Scaling group takes at most 125, and AWS cannot raise that'],
  ]);
  const services = Array.from({ length: 101 }, (_, i) => ({ name: `s${i}`, backends: { pools: ['p'] } }));
  f = findings({ pools: [{ name: 'p', capacity: { max: 1 } }], services });
  assert.equal(f.map((x) => [x.code, x.severity ?? 'error', x.message]), [
    ['FF615', 'error', 'services has 101 entries, one target group each; an Application Load Balancer takes at most 100 target groups, and AWS cannot raise that'],
    ['FF615', 'error', 'pool "p" backs 101 services, one target group each; an Auto Scaling group registers with at most 50, and AWS cannot raise that'],
  ]);
  assert.equal(findings({ pools: [{ name: 'p', scaling: Array(50).fill(policy) }] }), [], '50 policies are allowed');
});

void posOf;
test.run();
