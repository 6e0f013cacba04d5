import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { edit, expectLines, expectValid, valueAt } from '../helpers';
import { bucketProblem } from '../../../compiler/validate/checks/s3-buckets';

const state = (bucket: string): string => edit(['network:', `state: { bucket: ${bucket} }\nnetwork:`]);

test('ordinary bucket names', () => {
  expectValid(state('demo-tfstate'));
  expectValid(state('demo.tfstate.example'));
});

test('names the schema pattern lets through but S3 rejects', () => {
  const t = state('demo..tfstate');
  expectLines(t, [`FF242 ${valueAt(t, 'bucket: demo..tfstate')} state.bucket is "demo..tfstate"; a bucket name may not contain two adjacent periods`]);
  const u = edit(['  static_ips: { zones: all }', '  static_ips: { zones: all }\n  access_logs: { bucket: 192.168.5.4 }']);
  expectLines(u, [`FF242 ${valueAt(u, 'bucket: 192.168.5.4')} load_balancer.access_logs.bucket is "192.168.5.4"; a bucket name may not look like an IP address`]);
  assert.is(bucketProblem('demo.-logs'), 'a period may not sit next to a hyphen in a bucket name');
  assert.is(bucketProblem('xn--demo'), 'the prefix xn-- is reserved by AWS');
  assert.is(bucketProblem('demo-s3alias'), 'the suffix -s3alias is reserved by AWS');
});

test.run();
