import { test } from 'uvu';
import { edit, expectLines, expectValid, keyAt, posOf, valueAt } from '../helpers';

const VPC = '  vpc: vpc-0123456789abcdef0\n  public_subnets: [subnet-0a1b2c3d4e5f60718, subnet-0c1d2e3f4a5b60718]';

test('a created VPC of /16 to /26 over two zones is valid', () => {
  expectValid(edit());
  expectValid(edit(['cidr: 10.20.0.0/16', 'cidr: 10.20.0.0/26']));
  expectValid(edit(['  cidr: 10.20.0.0/16', VPC]));
});

test('both an existing VPC and a cidr', () => {
  const t = edit(['  cidr: 10.20.0.0/16', `${VPC}\n  cidr: 10.20.0.0/16`]);
  expectLines(t, [`FF222 ${keyAt(t, 'cidr: 10.20')} network has both an existing VPC (vpc/public_subnets) and a cidr for a new one; give one or the other`]);
});

test('neither', () => {
  const t = edit(['network:\n  cidr: 10.20.0.0/16', 'network: {}']);
  expectLines(t, [`FF222 ${keyAt(t, 'network: {}')} network is empty; give an existing VPC (vpc and public_subnets) or a cidr for a new VPC`]);
});

test('a VPC without subnets and subnets without a VPC', () => {
  const t = edit(['  cidr: 10.20.0.0/16', '  vpc: vpc-0123456789abcdef0']);
  expectLines(t, [`FF223 ${keyAt(t, 'vpc: vpc-')} network.vpc is set without network.public_subnets; Fleetform needs one public subnet per zone of that VPC`]);
  const u = edit(['  cidr: 10.20.0.0/16', '  public_subnets: [subnet-0a1b2c3d4e5f60718, subnet-0c1d2e3f4a5b60718]']);
  expectLines(u, [`FF223 ${keyAt(u, 'public_subnets:')} network.public_subnets is set without network.vpc; subnets belong to a VPC that must be named`]);
});

test('a duplicate subnet', () => {
  const t = edit(['  cidr: 10.20.0.0/16', '  vpc: vpc-0123456789abcdef0\n  public_subnets: [subnet-0a1b2c3d4e5f60718, subnet-0a1b2c3d4e5f60718]']);
  expectLines(t, [`FF226 ${posOf(t, ', subnet-0a1b2c3d4e5f60718]', 2)} network.public_subnets[1] is "subnet-0a1b2c3d4e5f60718", the same as public_subnets[0]; a load balancer takes one subnet per zone`]);
});

test('VPC sizes AWS rejects', () => {
  const t = edit(['cidr: 10.20.0.0/16', 'cidr: 10.16.0.0/12']);
  expectLines(t, [`FF224 ${valueAt(t, 'cidr: 10.16.0.0/12')} network.cidr is "10.16.0.0/12", a /12; a VPC must be /16 to /28`]);
  const u = edit(['cidr: 10.20.0.0/16', 'cidr: 10.20.0.0/30']);
  expectLines(u, [`FF224 ${valueAt(u, 'cidr: 10.20.0.0/30')} network.cidr is "10.20.0.0/30", a /30; a VPC must be /16 to /28`]);
});

test('a VPC too small for one /27 per zone', () => {
  const t = edit(['cidr: 10.20.0.0/16', 'cidr: 10.20.0.0/27']);
  expectLines(t, [`FF225 ${valueAt(t, 'cidr: 10.20.0.0/27')} network.cidr is "10.20.0.0/27"; split over 2 zones it gives /28 subnets (10.20.0.0/28, 10.20.0.16/28), and an ALB needs at least a /27 per zone`]);
});

test.run();
