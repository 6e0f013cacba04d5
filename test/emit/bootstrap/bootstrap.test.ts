import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../../compiler/cli/main';
import { bootstrapTerraform } from '../../../compiler/emit/bootstrap/bootstrap';
import { hclString } from '../../../compiler/emit/bootstrap/hcl';
import { applyPolicy, applyTrust, planPolicy, planTrust, roleNames, type BootstrapOptions } from '../../../compiler/emit/bootstrap/policies';
import { capture, edit, fleetOf, SPEC } from '../review/helpers';

const fleet = fleetOf(SPEC);
const opts: BootstrapOptions = { repository: 'acme/legal-chat', branch: 'main', environment: 'production', oidcProvider: 'create' };
const stmt = (doc: { Statement: any[] }, sid: string) => {
  const s = doc.Statement.find((x) => x.Sid === sid);
  assert.ok(s, `no statement ${sid}`);
  return s;
};
/** IAM's wildcard matching, to check what a Resource pattern reaches. */
const matches = (pattern: string, arn: string) => new RegExp(`^${pattern.replace(/[.+^$()|[\]\\{}]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`).test(arn);

test('trust: the plan role from pull requests and the default branch, the apply role from the environment only', () => {
  assert.equal(stmt(planTrust(opts), 'GitHubActions').Condition, {
    StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com', 'token.actions.githubusercontent.com:sub': ['repo:acme/legal-chat:pull_request', 'repo:acme/legal-chat:ref:refs/heads/main'] },
  });
  assert.equal(stmt(applyTrust(opts), 'GitHubActions').Condition.StringEquals['token.actions.githubusercontent.com:sub'], ['repo:acme/legal-chat:environment:production']);
  assert.not.ok('Resource' in stmt(applyTrust(opts), 'GitHubActions'));
});

test('plan policy: state read-only, the lock writable (drift plans with it), and an explicit deny on every secret of the fleet', () => {
  const p = planPolicy(fleet);
  const actions = p.Statement.filter((s) => s.Effect === 'Allow').flatMap((s) => s.Action);
  assert.equal(actions.sort(), ['dynamodb:DeleteItem', 'dynamodb:DescribeTable', 'dynamodb:GetItem', 'dynamodb:PutItem', 's3:GetObject', 's3:ListBucket']);
  assert.equal(stmt(p, 'StateRead').Resource, ['arn:{{partition}}:s3:::legal-chat-tfstate/fleetform/legal-chat.tfstate']);
  assert.equal(stmt(p, 'StateLockTable').Resource, ['arn:{{partition}}:dynamodb:ap-northeast-2:{{account}}:table/legal-chat-tflock']);
  // S3-native locking (the default): the lock file, never the state object, is writable.
  const lf = planPolicy(fleetOf(edit(SPEC, '  lock_table: legal-chat-tflock\n', '')));
  assert.equal(stmt(lf, 'StateLockOnly').Resource, ['arn:{{partition}}:s3:::legal-chat-tfstate/fleetform/legal-chat.tfstate.tflock']);
  assert.ok(stmt(lf, 'StateLockOnly').Action.includes('s3:PutObject'));
  assert.equal(stmt(lf, 'StateRead').Action, ['s3:GetObject']);
  assert.not.ok(lf.Statement.some((s) => s.Sid === 'StateLockTable'));
  const deny = stmt(p, 'NeverReadFleetSecrets');
  assert.is(deny.Effect, 'Deny');
  assert.ok(deny.Action.includes('ssm:GetParameter') && deny.Action.includes('secretsmanager:GetSecretValue'));
  assert.equal(deny.Resource, [1, 2, 3, 4].map((n) => `arn:{{partition}}:ssm:ap-northeast-2:{{account}}:parameter/legal-chat/ssh/v100-${n}`));
});

test('apply policy: fleet services in the fleet region, IAM on its own instance roles only, state and lock read-write', () => {
  const p = applyPolicy(fleet);
  assert.equal(stmt(p, 'FleetServicesInRegion').Condition, { StringEquals: { 'aws:RequestedRegion': 'ap-northeast-2' } });
  const iamResources: string[] = stmt(p, 'FleetInstanceRoles').Resource;
  const arn = (kind: string, name: string) => `arn:{{partition}}:iam::{{account}}:${kind}/${name}`;
  // What the fleet names (compiler/lower/names.ts) is reachable ...
  assert.ok(iamResources.some((r) => matches(r, arn('role', 'legal-chat-proxy-v100-1'))));
  assert.ok(iamResources.some((r) => matches(r, arn('instance-profile', 'legal-chat-pool-burst'))));
  // ... the plan and apply roles themselves are not: the apply role cannot widen its own rights.
  for (const own of Object.values(roleNames(fleet))) assert.not.ok(iamResources.some((r) => matches(r, arn('role', own))), own);
  assert.not.ok(iamResources.some((r) => matches(r, arn('role', 'Admin'))));
  assert.equal(stmt(p, 'PassFleetRolesToEc2Only').Condition, { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } });
  assert.equal(stmt(p, 'StateReadWrite').Resource, ['arn:{{partition}}:s3:::legal-chat-tfstate/fleetform/legal-chat.tfstate', 'arn:{{partition}}:s3:::legal-chat-tfstate/fleetform/legal-chat.tfstate.tflock']);
  assert.equal(stmt(p, 'StateLock').Resource, ['arn:{{partition}}:dynamodb:ap-northeast-2:{{account}}:table/legal-chat-tflock']);
  assert.not.ok(p.Statement.some((s) => s.Action.includes('*') || s.Action.includes('iam:*')));
});

test('S3-native locking: no table, no DynamoDB permissions', () => {
  const lf = fleetOf(edit(SPEC, 'lock_table: legal-chat-tflock', 'lockfile: true'));
  assert.not.ok(applyPolicy(lf).Statement.some((s) => s.Sid === 'StateLock'));
  const hcl = bootstrapTerraform(lf, opts);
  assert.not.match(hcl, 'aws_dynamodb_table');
  assert.match(hcl, '# Locking: S3-native lock files');
});

test('the Terraform: bucket hardened, lock table, OIDC provider, roles, outputs; references resolved', () => {
  const hcl = bootstrapTerraform(fleet, opts);
  for (const block of [
    'resource "aws_s3_bucket" "state" {\n  bucket = "legal-chat-tfstate"\n  lifecycle {\n    prevent_destroy = true',
    'resource "aws_s3_bucket_versioning" "state"',
    'sse_algorithm = "AES256"',
    'restrict_public_buckets = true',
    '"aws:SecureTransport" = "false"',
    'resource "aws_dynamodb_table" "lock" {\n  name         = "legal-chat-tflock"',
    'resource "aws_iam_openid_connect_provider" "github" {\n  url            = "https://token.actions.githubusercontent.com"',
    'resource "aws_iam_role" "plan" {\n  name                 = "fleetform-legal-chat-plan"',
    'policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/ReadOnlyAccess"',
    'Federated = "${local.oidc_provider_arn}"',
    '"arn:${data.aws_partition.current.partition}:ssm:ap-northeast-2:${data.aws_caller_identity.current.account_id}:parameter/legal-chat/ssh/v100-1"',
    'output "apply_role_arn" {',
    '#   FLEETFORM_AWS_REGION      = ap-northeast-2',
  ]) {
    assert.match(hcl, block);
  }
  assert.not.match(hcl, '{{');
  const existing = bootstrapTerraform(fleet, { ...opts, oidcProvider: 'existing' });
  assert.match(existing, 'data "aws_iam_openid_connect_provider" "github" {');
  assert.not.match(existing, 'resource "aws_iam_openid_connect_provider"');
});

test('HCL strings never evaluate what they carry', () => {
  assert.is(hclString('a${b}%{c}"d'), '"a$${b}%%{c}\\"d"');
  assert.is(hclString('arn:{{partition}}:s3:::x'), '"arn:${data.aws_partition.current.partition}:s3:::x"');
});

const terraform = spawnSync('terraform', ['version'], { encoding: 'utf8' }).status === 0;
test(`terraform fmt accepts it as already formatted${terraform ? '' : ' (terraform not installed: structure checked above only)'}`, () => {
  if (!terraform) return;
  for (const o of [opts, { ...opts, oidcProvider: 'existing' as const }]) {
    const r = spawnSync('terraform', ['fmt', '-check', '-'], { input: bootstrapTerraform(fleet, o), encoding: 'utf8' });
    assert.is(r.status, 0, `${r.stdout}${r.stderr}`);
  }
});

test('CLI: prints, or writes DIR/main.tf; --repo is required and checked', async () => {
  let io = capture();
  assert.is(await main(['bootstrap', '--repo', 'acme/legal-chat'], io), 0, io.err);
  assert.ok(io.out.startsWith('# Fleetform bootstrap for the fleet "legal-chat" (repository acme/legal-chat).'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-boot-'));
  try {
    io = capture(dir);
    fs.writeFileSync(path.join(dir, 'fleet.yaml'), SPEC);
    assert.is(await main(['bootstrap', 'fleet.yaml', '--repo', 'acme/legal-chat', '--environment', 'prod', '--out', 'bootstrap'], io), 0, io.err);
    const written = fs.readFileSync(path.join(dir, 'bootstrap', 'main.tf'), 'utf8');
    assert.match(written, 'repo:acme/legal-chat:environment:prod');
    assert.equal(fs.readdirSync(path.join(dir, 'bootstrap')), ['main.tf']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  io = capture();
  assert.is(await main(['bootstrap'], io), 2);
  assert.match(io.err, '--repo is required');
  io = capture();
  assert.is(await main(['bootstrap', '--repo', 'acme/x"}]'], io), 2);
  assert.match(io.err, "--repo is 'acme/x\"}]'");
});

test.run();
