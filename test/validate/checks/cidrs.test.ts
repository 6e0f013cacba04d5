import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { diagnostics, edit, expectLines, expectValid, onlyHint, posOf, valueAt } from '../helpers';

test('network addresses are valid, including /0 for ingress and /32 for a box', () => {
  expectValid(edit(['static_ips: { zones: all }', 'ingress: [0.0.0.0/0, 203.0.113.0/24]\n  static_ips: { zones: all }']));
});

test('host bits set: did you mean the network address', () => {
  const t = edit(['static_ips: { zones: all }', 'ingress: [203.0.113.7/24]\n  static_ips: { zones: all }']);
  expectLines(t, [`FF228 ${posOf(t, '203.0.113.7/24')} load_balancer.ingress[0] is "203.0.113.7/24", which has host bits set; AWS accepts only the network address of a block`]);
  assert.is(onlyHint(t), 'Did you mean 203.0.113.0/24? For the single address, write 203.0.113.7/32.');
});

test('octets above 255, leading zeros and prefixes above 32', () => {
  for (const bad of ['198.51.100.300/32', '198.51.100.7/33', '198.051.100.7/32']) {
    const t = edit(['dials_from: 198.51.100.7/32', `dials_from: ${bad}`]);
    expectLines(t, [`FF227 ${valueAt(t, `dials_from: ${bad}`)} hosts[1].dials_from is "${bad}", which is not a valid IPv4 CIDR block; octets are 0 to 255 without leading zeros and the prefix is 0 to 32`]);
  }
});

test('a created VPC with host bits set', () => {
  const t = edit(['cidr: 10.20.0.0/16', 'cidr: 10.20.1.0/16']);
  expectLines(t, [`FF228 ${valueAt(t, 'cidr: 10.20.1.0/16')} network.cidr is "10.20.1.0/16", which has host bits set; AWS accepts only the network address of a block`]);
});

test('SSH open to the world on a reverse-tunnel proxy', () => {
  const t = edit(['dials_from: 198.51.100.7/32', 'dials_from: 0.0.0.0/0']);
  expectLines(t, [`FF229 ${valueAt(t, 'dials_from: 0.0.0.0/0')} hosts[1].dials_from is "0.0.0.0/0", which lets the whole internet reach this proxy's SSH port`]);
});

test('a malformed block is the schema\'s, not reported twice', () => {
  const t = edit(['dials_from: 198.51.100.7/32', 'dials_from: 198.51.100/32']);
  assert.equal(diagnostics(t).map((d) => d.code), ['FF105']);
});

test.run();
