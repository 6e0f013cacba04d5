import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { edit, expectLines, expectValid, keyAt, lines, posOf } from '../helpers';

const A = 'eipalloc-0123456789abcdef0';
const B = 'eipalloc-0fedcba9876543210';

test('one allocation per zone on an internet-facing NLB; an internal NLB without EIPs', () => {
  expectValid(edit(['static_ips: { zones: all }', `static_ips: { zones: all, allocations: [${A}, ${B}] }`]));
  expectValid(edit(['static_ips: { zones: all }', `static_ips: { zones: [ap-northeast-2c], allocations: [${B}] }`]));
  expectValid(edit(['static_ips: { zones: all }', 'static_ips: { internal: true }\n  internal: true']));
});

test('Elastic IPs on an internal NLB', () => {
  const t = edit(['static_ips: { zones: all }', `static_ips: { internal: true, allocations: [${A}, ${B}] }`]);
  expectLines(t, [`FF248 ${keyAt(t, 'allocations:')} load_balancer.static_ips.allocations is set on an internal NLB (static_ips.internal: true); Elastic IPs attach only to an internet-facing NLB`]);
});

test('allocations not one per zone', () => {
  const t = edit(['static_ips: { zones: all }', `static_ips: { zones: all, allocations: [${A}] }`]);
  expectLines(t, [`FF249 ${posOf(t, `[${A}]`)} load_balancer.static_ips.allocations has 1 allocation for 2 static-IP zones (ap-northeast-2a, ap-northeast-2c); give one per zone, in order`]);
});

test('more than 50 NLB listeners', () => {
  const ports = Array.from({ length: 51 }, (_, i) => 1000 + i);
  const t = edit(['    - { port: 80 }', ports.map((p) => `    - { port: ${p} }`).join('\n')], ['static_ips: { zones: all }', `static_ips: { ports: [${ports.join(', ')}] }`]);
  // 51 ALB listeners break the ALB's quota too (FF269); here only the NLB's matters.
  assert.equal(lines(t).filter((l) => l.startsWith('FF250')), [`FF250 ${posOf(t, '[1000, 1001')} load_balancer.static_ips.ports has 51 ports; an NLB has at most 50 listeners`]);
});

test.run();
