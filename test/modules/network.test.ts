import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Network } from '../../modules/network';
import { resources, synth } from './synth';

test('an existing VPC creates nothing and passes its IDs through in zone order', () => {
  let net!: Network;
  const { tf } = synth((s) => {
    net = new Network(s, 'net', { kind: 'existing', vpcId: 'vpc-0123456789abcdef0', subnets: [{ zone: 'eu-west-1a', subnetId: 'subnet-a' }, { zone: 'eu-west-1b', subnetId: 'subnet-b' }] });
  });
  assert.equal(tf.resource ?? {}, {});
  assert.is(net.vpcId, 'vpc-0123456789abcdef0');
  assert.equal(net.subnetIds, ['subnet-a', 'subnet-b']);
  assert.equal(net.subnetByZone, { 'eu-west-1a': 'subnet-a', 'eu-west-1b': 'subnet-b' });
});

test('a created VPC has a public subnet per zone, an internet gateway and a default route', () => {
  const { tf } = synth((s) => {
    new Network(s, 'net', { kind: 'create', name: 'f', cidr: '10.0.0.0/16', subnets: [{ zone: 'eu-west-1a', cidr: '10.0.0.0/24' }, { zone: 'eu-west-1b', cidr: '10.0.1.0/24' }] });
  });
  const vpc = Object.values(resources(tf, 'aws_vpc'));
  assert.is(vpc.length, 1);
  assert.is(vpc[0].cidr_block, '10.0.0.0/16');
  const subnets = Object.values(resources(tf, 'aws_subnet'));
  assert.equal(subnets.map((x) => [x.availability_zone, x.cidr_block]), [['eu-west-1a', '10.0.0.0/24'], ['eu-west-1b', '10.0.1.0/24']]);
  assert.is(Object.keys(resources(tf, 'aws_internet_gateway')).length, 1);
  const routes = Object.values(resources(tf, 'aws_route'));
  assert.is(routes.length, 1);
  assert.is(routes[0].destination_cidr_block, '0.0.0.0/0');
  assert.match(routes[0].gateway_id, /aws_internet_gateway\./);
  assert.is(Object.keys(resources(tf, 'aws_route_table_association')).length, 2);
});

test('internetAccess: the gateway, the default route and the subnet associations of a created VPC; nothing for an existing one', () => {
  let created!: Network;
  let existing!: Network;
  synth((s) => {
    created = new Network(s, 'net', { kind: 'create', name: 'f', cidr: '10.0.0.0/16', subnets: [{ zone: 'eu-west-1a', cidr: '10.0.0.0/24' }, { zone: 'eu-west-1b', cidr: '10.0.1.0/24' }] });
    existing = new Network(s, 'old', { kind: 'existing', vpcId: 'vpc-0123456789abcdef0', subnets: [{ zone: 'eu-west-1a', subnetId: 'subnet-a' }] });
  });
  const fqns = created.internetAccess.map((d) => (d as unknown as { terraformResourceType: string }).terraformResourceType);
  assert.equal(fqns, ['aws_internet_gateway', 'aws_route', 'aws_route_table_association', 'aws_route_table_association']);
  assert.equal(existing.internetAccess, []);
});

test.run();
