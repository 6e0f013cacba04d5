/**
 * The offline harness's own parts, without Terraform: the fake AWS answers
 * what it knows and names what it does not, the override holds only offline
 * settings, graph and test output are read correctly, and values from a
 * fleet reach a `.tftest.hcl` as literals.
 */
import * as http from 'node:http';
import * as net from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startFakeAws } from '../helpers/fake-aws';
import { dependenciesOf, offlineOverride, parseDot, parseTestSummary } from '../helpers/terraform-offline';
import { str } from './tftest/hcl';
import { mockValues } from './tftest/mocks';

function post(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const sig = (service: string, region = 'eu-west-1') => ({ authorization: `AWS4-HMAC-SHA256 Credential=AKIAFLEETFORMOFFLINE/20260101/${region}/${service}/aws4_request, SignedHeaders=host, Signature=0` });

test('fake AWS: answers GetCallerIdentity and DescribeAddresses from its world, on loopback only', async () => {
  const fake = await startFakeAws({ accountId: '210987654321', addresses: [{ allocationId: 'eipalloc-0123456789abcdef0', publicIp: '203.0.113.7' }] });
  try {
    assert.match(fake.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const sts = await post(fake.url, 'Action=GetCallerIdentity&Version=2011-06-15', sig('sts', 'us-east-1'));
    assert.is(sts.status, 200);
    assert.match(sts.body, '<Account>210987654321</Account>');
    const found = await post(fake.url, 'Action=DescribeAddresses&Version=2016-11-15&AllocationId.1=eipalloc-0123456789abcdef0', sig('ec2'));
    assert.match(found.body, '<publicIp>203.0.113.7</publicIp>');
    const none = await post(fake.url, 'Action=DescribeAddresses&Version=2016-11-15&AllocationId.1=eipalloc-ffffffffffffffff0', sig('ec2'));
    assert.match(none.body, '<addressesSet></addressesSet>');
    assert.equal(fake.calls.map((c) => `${c.service}:${c.action}@${c.region}`), ['sts:GetCallerIdentity@us-east-1', 'ec2:DescribeAddresses@eu-west-1', 'ec2:DescribeAddresses@eu-west-1']);
    assert.equal(fake.unknown, []);
  } finally {
    await fake.close();
  }
});

test('fake AWS: an unknown call fails at once with its name, and is recorded', async () => {
  const fake = await startFakeAws();
  try {
    const r = await post(fake.url, 'Action=RunInstances&Version=2016-11-15', sig('ec2'));
    assert.is(r.status, 400);
    assert.match(r.body, 'fake AWS has no answer for ec2:RunInstances');
    const j = await post(fake.url, '{"Name":"/x"}', { ...sig('ssm'), 'x-amz-target': 'AmazonSSM.DeleteParameter', 'content-type': 'application/x-amz-json-1.1' });
    assert.is(r.status, 400);
    assert.match(j.body, 'ssm:DeleteParameter');
    assert.equal(fake.unknown, ['ec2:RunInstances', 'ssm:DeleteParameter']);
  } finally {
    await fake.close();
  }
});

test('fake AWS: as a proxy, it refuses and records any host the endpoints did not cover', async () => {
  const fake = await startFakeAws();
  try {
    const port = Number(new URL(fake.url).port);
    const answer = await new Promise<string>((resolve, reject) => {
      const s = net.connect(port, '127.0.0.1', () => s.write('CONNECT ec2.eu-west-1.amazonaws.com:443 HTTP/1.1\r\nHost: ec2.eu-west-1.amazonaws.com:443\r\n\r\n'));
      let text = '';
      s.on('data', (d) => (text += d.toString()));
      s.on('end', () => resolve(text));
      s.on('error', reject);
    });
    assert.match(answer, /^HTTP\/1\.1 403/);
    assert.equal(fake.unknown, ['CONNECT ec2.eu-west-1.amazonaws.com:443']);
  } finally {
    await fake.close();
  }
});

test('fake AWS: SSM parameters and images for AMI lookups', async () => {
  const fake = await startFakeAws({ parameters: { '/custom/ami': 'ami-0aaaaaaaaaaaaaaaa' }, images: { 'ami-0aaaaaaaaaaaaaaaa': '/dev/sda1' } });
  try {
    const p = await post(fake.url, '{"Name":"/custom/ami"}', { ...sig('ssm'), 'x-amz-target': 'AmazonSSM.GetParameter', 'content-type': 'application/x-amz-json-1.1' });
    assert.is(JSON.parse(p.body).Parameter.Value, 'ami-0aaaaaaaaaaaaaaaa');
    const missing = await post(fake.url, '{"Name":"/nope"}', { ...sig('ssm'), 'x-amz-target': 'AmazonSSM.GetParameter' });
    assert.is(missing.status, 400);
    assert.is(JSON.parse(missing.body).__type, 'ParameterNotFound');
    const img = await post(fake.url, 'Action=DescribeImages&Filter.1.Name=image-id&Filter.1.Value.1=ami-0aaaaaaaaaaaaaaaa', sig('ec2'));
    assert.match(img.body, '<rootDeviceName>/dev/sda1</rootDeviceName>');
  } finally {
    await fake.close();
  }
});

test('the offline override sets the mirrored version, a local backend and fake credentials, nothing else', () => {
  const o = offlineOverride('5.100.0', 'http://127.0.0.1:4567') as {
    terraform: Record<string, unknown>;
    provider: { aws: Record<string, unknown> & { endpoints: Record<string, string>[] } };
  };
  assert.equal(Object.keys(o).sort(), ['//', 'provider', 'terraform']);
  assert.equal(o.terraform, { backend: { local: { path: 'terraform.tfstate' } }, required_providers: { aws: { source: 'hashicorp/aws', version: '5.100.0' } } });
  assert.is(o.provider.aws.skip_credentials_validation, true);
  assert.is(o.provider.aws.skip_requesting_account_id, true);
  assert.is(o.provider.aws.skip_metadata_api_check, true);
  assert.ok(Object.values(o.provider.aws.endpoints[0]).every((u) => u === 'http://127.0.0.1:4567'));
  assert.ok(['ec2', 'elbv2', 'autoscaling', 'iam', 'sts', 'ssm'].every((s) => s in o.provider.aws.endpoints[0]));
  // The provider's region and default tags stay the stack's own.
  assert.not.ok('region' in o.provider.aws);
  assert.not.ok('default_tags' in o.provider.aws);
});

test('terraform graph output: edges read, dependencies followed transitively', () => {
  const g = parseDot(`digraph G {\n  rankdir = "RL";\n  "aws_lb.alb" [label="aws_lb.alb"];\n  "aws_lb.alb" -> "aws_route.r";\n  "aws_route.r" -> "aws_internet_gateway.igw";\n  "aws_eip.e" [label="aws_eip.e"];\n}\n`);
  assert.equal([...dependenciesOf(g, 'aws_lb.alb')].sort(), ['aws_internet_gateway.igw', 'aws_route.r']);
  assert.equal([...dependenciesOf(g, 'aws_eip.e')], []);
  assert.ok(g.has('aws_eip.e'));
});

test('terraform test output: runs and the closing count', () => {
  const s = parseTestSummary('fleet.tftest.hcl... in progress\n  run "apply"... fail\nfleet.tftest.hcl... tearing down\nfleet.tftest.hcl... fail\n\nFailure! 0 passed, 1 failed.\n');
  assert.equal(s.runs, [{ file: 'fleet.tftest.hcl', run: 'apply', status: 'fail' }]);
  assert.is(s.failed, 1);
  assert.is(parseTestSummary('Success! 3 passed, 0 failed.\n').passed, 3);
});

test('tftest: fleet values are HCL literals, never templates', () => {
  assert.is(str('/health'), '"/health"');
  assert.is(str('/a${b}'), '"/a$${b}"');
  assert.is(str('%{ if x }'), '"%%{ if x }"');
  assert.is(str('say "hi"\n'), '"say \\"hi\\"\\n"');
});

test('tftest mocks: IDs and ARNs are shaped like AWS\'s and distinct per address', () => {
  const a = mockValues('aws_lb', 'alb', { region: 'eu-west-1' });
  const b = mockValues('aws_lb', 'static-ip', { region: 'eu-west-1' });
  assert.match(String(a.arn), /^arn:aws:elasticloadbalancing:eu-west-1:\d{12}:loadbalancer\/app\/alb\/[0-9a-f]{16}$/);
  assert.match(String(b.arn), /:loadbalancer\/net\//);
  assert.is.not(a.arn, b.arn);
  assert.is(a.arn_suffix, String(a.arn).split(':loadbalancer/')[1]);
  assert.match(String(mockValues('aws_security_group', 'security_alb', { region: 'eu-west-1' }).id), /^sg-[0-9a-f]{17}$/);
  assert.match(String(mockValues('aws_autoscaling_group', 'pool-burst_group', { region: 'eu-west-1' }).arn), /^arn:aws:autoscaling:eu-west-1:\d{12}:autoScalingGroup:[0-9a-f-]{36}:autoScalingGroupName\//);
});

test.run();
