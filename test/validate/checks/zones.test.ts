import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { edit, expectLines, expectValid, onlyHint, posOf } from '../helpers';

test('two zones of the region are valid', () => {
  expectValid(edit());
});

test('a zone of another region', () => {
  const t = edit(['zones: [ap-northeast-2a, ap-northeast-2c]', 'zones: [ap-northeast-2a, ap-northeast-1c]']);
  expectLines(t, [`FF218 ${posOf(t, 'ap-northeast-1c')} zones[1] is "ap-northeast-1c", which is not a zone of region ap-northeast-2; zones of ap-northeast-2 are named ap-northeast-2a, ap-northeast-2b, ...`]);
});

test('a duplicate zone leaves one distinct zone: both reported', () => {
  const t = edit(['zones: [ap-northeast-2a, ap-northeast-2c]', 'zones: [ap-northeast-2a, ap-northeast-2a]']);
  expectLines(t, [
    `FF220 ${posOf(t, '[ap-northeast-2a, ap-northeast-2a]')} zones has 1 distinct zone (ap-northeast-2a); an Application Load Balancer needs at least 2`,
    `FF219 ${posOf(t, 'ap-northeast-2a]')} zones[1] is "ap-northeast-2a", the same as zones[0]`,
  ]);
});

test('a single zone', () => {
  const t = edit(['zones: [ap-northeast-2a, ap-northeast-2c]', 'zones: [ap-northeast-2a]']);
  expectLines(t, [`FF220 ${posOf(t, '[ap-northeast-2a]')} zones has 1 distinct zone (ap-northeast-2a); an Application Load Balancer needs at least 2`]);
  assert.is(onlyHint(t), 'Add a second zone of ap-northeast-2, e.g. zones: [ap-northeast-2a, ap-northeast-2c].');
});

test('an existing VPC needs one subnet per zone', () => {
  const t = edit(['  cidr: 10.20.0.0/16', '  vpc: vpc-0123456789abcdef0\n  public_subnets: [subnet-0a1b2c3d4e5f60718]']);
  expectLines(t, [`FF221 ${posOf(t, '[subnet-0a1b2c3d4e5f60718]')} network.public_subnets has 1 subnet for 2 zones; give one public subnet per zone, in the order of zones`]);
  expectValid(edit(['  cidr: 10.20.0.0/16', '  vpc: vpc-0123456789abcdef0\n  public_subnets: [subnet-0a1b2c3d4e5f60718, subnet-0c1d2e3f4a5b60718]']));
});

test.run();
