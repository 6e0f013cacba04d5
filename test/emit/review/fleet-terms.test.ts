/**
 * The plan comment's fleet terms against what the Terraform emitter really
 * writes: every resource of every example, as a "create" change built from
 * main.tf.json, must land on the right host, pool, service or shared part.
 * If the emitter's names or tags change, this says so before reviewers do.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { emitTerraform } from '../../../compiler/emit/terraform/index';
import { indexFleet, subjectOf, type Subject } from '../../../compiler/emit/review/plan/fleet-terms';
import type { TfResourceChange } from '../../../compiler/emit/review/plan/types';
import type { Fleet } from '../../../compiler/model/fleet';
import { exampleFleets, fleetOf } from './helpers';

function subjects(fleet: Fleet, withIndex: boolean): Map<string, Subject> {
  const main = JSON.parse(emitTerraform(fleet).files.find((f) => f.path === 'main.tf.json')!.content);
  const index = withIndex ? indexFleet(fleet) : null;
  const out = new Map<string, Subject>();
  for (const [type, resources] of Object.entries<Record<string, unknown>>(main.resource)) {
    for (const [name, config] of Object.entries(resources)) {
      const rc: TfResourceChange = { address: `${type}.${name}`, type, name, mode: 'managed', change: { actions: ['create'], before: null, after: config } };
      out.set(rc.address, subjectOf(rc, index));
    }
  }
  return out;
}

const label = (s: Subject) => (s.name ? `${s.kind}:${s.name}` : s.kind);

for (const ex of exampleFleets()) {
  test(`${ex.file}: every resource maps to a part of the fleet`, () => {
    const fleet = fleetOf(ex.text, ex.file);
    const map = subjects(fleet, true);
    const parts = new Set([...map.values()].map(label));
    assert.not.ok(parts.has('fleet'), `unmapped: ${[...map].filter(([, s]) => s.kind === 'fleet').map(([a]) => a).join(', ')}`);
    // Each host's proxy resources, each pool, each service's target group are found.
    for (const h of fleet.hosts) assert.ok(parts.has(`host:${h.name}`), `host ${h.name}`);
    for (const p of fleet.pools) assert.ok(parts.has(`pool:${p.name}`), `pool ${p.name}`);
    for (const s of fleet.services) assert.ok(parts.has(`service:${s.name}`), `service ${s.name}`);
    for (const [address, s] of map) {
      if (address.startsWith('aws_lb.')) assert.is(s.kind, address.includes('static-ip') ? 'static-ips' : 'load-balancer', address);
      // A front-door Elastic IP is the static IPs; a reverse-tunnel proxy's belongs to its host.
      if (address.startsWith('aws_eip.')) assert.is(s.kind, address.includes('static-ip') ? 'static-ips' : 'host', address);
    }
    if (fleet.staticIps) assert.ok(parts.has('static-ips'));
  });
}

test('without the fleet, tags and construct paths still place the resources', () => {
  const fleet = fleetOf(exampleFleets()[0].text);
  const map = subjects(fleet, false);
  // By address prefix: the emitter's exact construct ids may change; the parts may not.
  const at = (prefix: string) => {
    const hit = [...map].find(([a]) => a.startsWith(prefix));
    assert.ok(hit, `no resource ${prefix}*`);
    return label(hit![1]);
  };
  assert.is(at('aws_launch_template.proxies_v100-1_'), 'host:v100-1');
  assert.is(at('aws_lb.static-ip'), 'static-ips');
  assert.is(at('aws_eip.static-ip_eip-ap-northeast-2a'), 'static-ips');
  assert.is(at('aws_lb_listener.alb'), 'load-balancer');
  assert.is(at('aws_security_group.security_proxies'), 'proxies');
});

test.run();
