/**
 * Diagnostics a person trusts: no suggestion of the value itself or twice,
 * one diagnostic per root cause, a misplaced key told where it belongs, and
 * hints that say the fix for the mistakes people make.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkSource } from '../../compiler/index';
import { suggest, didYouMean } from '../../compiler/validate/suggest';

const KEY1 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAsGpfzoxRf8NbVcbzibn6Wu5+xhebL4H/uGL+qUygFs';
const KEY2 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINyaffpD9Q3UfITXyfYUbWt5+nOKjxFqeSDJl0Bl2IXl';

function fleet(hosts: string, extra = '', head = 'region: eu-west-1\nzones: [eu-west-1a, eu-west-1b]'): string {
  return `version: 1
name: t
${head}
network: { cidr: 10.0.0.0/16 }
hosts:
${hosts}
services:
  - name: s
    port: 8000
    health: { path: /health }
    backends: { hosts: all }
load_balancer:
  listeners: [{ port: 80 }]
${extra}`;
}
const fwd = (name: string, key = KEY1, more = '') => `  - name: ${name}
    port: 8000${more}
    ssh: { address: 192.0.2.1, host_key: "${key}", private_key: "ssm:/t/${name}" }
`;
const diags = (text: string) => checkSource(text, 'fleet.yaml').diagnostics;

test('suggest never offers the value itself, nor one candidate twice', () => {
  assert.equal(suggest('a100-a', ['a100-a', 'a100-a', 'a100-b']), ['a100-b']);
  assert.is(didYouMean('a100-a', ['a100-a', 'a100-a']), '');
  assert.not.ok(suggest('eu-west-2b', ['eu-west-1a', 'eu-west-2b', 'eu-west-2b']).includes('eu-west-2b'));
});

test('a duplicate host name: one FF202, and a reference elsewhere lists and suggests each name once', () => {
  const text = fleet(fwd('a100-a') + fwd('a100-a', KEY2)).replace('backends: { hosts: all }', 'backends: { hosts: [a100-a, a100-b] }');
  const d = diags(text);
  assert.equal(d.map((x) => x.code), ['FF202', 'FF210']);
  const ref = d.find((x) => x.code === 'FF210')!;
  assert.match(ref.message, /hosts: a100-a$/);
  assert.is(ref.hint, 'Did you mean `a100-a`?');
});

test('a zone of another region is reported once, and never suggested as a fix elsewhere', () => {
  const text = fleet(fwd('h1', KEY1, '\n    zone: eu-west-1c'), '', 'region: eu-west-1\nzones: [eu-west-1a, eu-west-2b]');
  const d = diags(text);
  assert.equal(d.map((x) => x.code), ['FF218', 'FF216']);
  assert.not.match(d[1].hint, 'eu-west-2b');
  assert.match(d[1].hint, '`eu-west-1a`');
});

test('dials_from indented under ssh: one diagnostic that says it belongs to the host, no "lacks dials_from"', () => {
  const reverse = `  - name: r1
    port: 8000
    tunnel: reverse
    ssh:
      authorized_key: "${KEY1} a"
      proxy_host_key: ssm:/t/r1
      proxy_host_public_key: "${KEY2} b"
      dials_from: 192.0.2.44/32
`;
  const d = diags(fleet(fwd('h1', 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIyPqcVxv+X7covJbOTqHdoRyAKx9faoxmoBecWoqDQU') + reverse));
  assert.equal(d.map((x) => `${x.code} ${x.path}`), ['FF101 hosts[1].ssh.dials_from']);
  assert.match(d[0].message, 'it belongs to hosts[1]');
  assert.match(d[0].hint, '`dials_from` belongs to hosts[1], not hosts[1].ssh: indent it as a sibling of `ssh`');
});

test('a key one level too shallow is told the object it belongs inside', () => {
  const text = fleet(`  - name: h1
    port: 8000
    address: 192.0.2.1
    ssh: { host_key: "${KEY1}", private_key: "ssm:/t/h1" }
`);
  const d = diags(text);
  assert.equal(d.map((x) => `${x.code} ${x.path}`), ['FF101 hosts[0].address']);
  assert.match(d[0].hint, '`address` belongs inside hosts[0].ssh');
});

test('hints that say the fix: a percentage, a key without its type, keyscan output, a certificate name, a secret path without its store', () => {
  const pool = `pools:
  - name: p
    instance_type: g5.xlarge
    capacity: { min: 0, desired: 1, max: 2 }
    container: { image: ghcr.io/acme/m:1, port: 8000 }
    scaling:
      - target_tracking: { metric: cpu, target: 30% }
`;
  const hosts = fwd('h1', KEY1.slice('ssh-ed25519 '.length)) + fwd('h2', `192.0.2.9 ${KEY2}`).replace('ssm:/t/h2', '/t/h2');
  const text = fleet(hosts, pool).replace('listeners: [{ port: 80 }]', 'listeners: [{ port: 443, protocol: HTTPS, certificate: my-cert }]');
  const by = new Map(diags(text).map((x) => [x.path, x.hint]));
  assert.is(by.get('pools[0].scaling[0].target_tracking.target'), 'Write `target: 30`, a plain number without `%`: the value is already a percentage.');
  assert.match(by.get('hosts[0].ssh.host_key')!, 'Put the key type in front: `host_key: "ssh-ed25519 AAAAC3NzaC1lZDI1..."`');
  assert.is(by.get('hosts[1].ssh.host_key'), `Drop the address in front (ssh-keyscan prints it): \`host_key: "${KEY2}"\`.`);
  assert.match(by.get('hosts[1].ssh.private_key')!, 'Name the store: `ssm:/t/h2`');
  assert.match(by.get('load_balancer.listeners[0].certificate')!, "Give the certificate's ARN, `arn:aws:acm:REGION:ACCOUNT:certificate/ID`");
});

test.run();
