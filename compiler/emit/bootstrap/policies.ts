/**
 * The IAM side of the GitOps loop, as data: who may assume the plan and apply
 * roles (GitHub's OIDC subjects), and what each may do.
 *
 *  - plan: AWS's ReadOnlyAccess (refreshing state reads every kind of
 *    resource the fleet has), the state object read-only, its lock (the
 *    drift check plans with the lock taken), and an explicit deny
 *    on the fleet's secrets, so a pull request's plan can never read them.
 *    Assumable from pull requests and from the default branch (drift checks).
 *  - apply: only the services the fleet manages, in the fleet's region; IAM
 *    only on the roles and instance profiles the fleet names
 *    (`<fleet>-proxy-*`, `<fleet>-pool-*`, compiler/lower/names.ts), passed
 *    only to EC2; the state read-write with its lock. Assumable only from the
 *    protected environment.
 *
 * ARNs need the partition and account, known only when Terraform runs: they
 * appear here as `{{partition}}` and `{{account}}`, which the HCL printer turns
 * into references.
 * OIDC subjects: https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect#example-subject-claims
 */
import type { Fleet, SecretRef } from '../../model/fleet';

export interface BootstrapOptions {
  /** `owner/name` of the GitHub repository. */
  repository: string;
  /** The default branch: drift checks run there. */
  branch: string;
  /** The protected environment the apply job runs in. */
  environment: string;
  /** Create the account's GitHub OIDC provider, or use the one it already has (one per account). */
  oidcProvider: 'create' | 'existing';
}

export interface Statement {
  Sid: string;
  Effect: 'Allow' | 'Deny';
  Action: string[];
  /** Absent in trust policies. */
  Resource?: string[] | string;
  Principal?: Record<string, string>;
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: Statement[];
}

export const OIDC_HOST = 'token.actions.githubusercontent.com';
const P = '{{partition}}';
const A = '{{account}}';

/** Role names outside the `<fleet>-` prefix, so the apply role cannot edit its own policy. */
export function roleNames(fleet: Fleet): { plan: string; apply: string } {
  return { plan: `fleetform-${fleet.name}-plan`, apply: `fleetform-${fleet.name}-apply` };
}

export function planTrust(opts: BootstrapOptions): PolicyDocument {
  return trust([`repo:${opts.repository}:pull_request`, `repo:${opts.repository}:ref:refs/heads/${opts.branch}`]);
}

export function applyTrust(opts: BootstrapOptions): PolicyDocument {
  return trust([`repo:${opts.repository}:environment:${opts.environment}`]);
}

function trust(subjects: string[]): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'GitHubActions',
        Effect: 'Allow',
        Action: ['sts:AssumeRoleWithWebIdentity'],
        Principal: { Federated: '{{oidc_provider_arn}}' },
        Condition: {
          StringEquals: { [`${OIDC_HOST}:aud`]: 'sts.amazonaws.com', [`${OIDC_HOST}:sub`]: subjects },
        },
      },
    ],
  };
}

function stateArns(fleet: Fleet): { bucket: string; object: string; lockfile: string; table: string | null } {
  const s = fleet.state;
  return {
    bucket: `arn:${P}:s3:::${s.bucket}`,
    object: `arn:${P}:s3:::${s.bucket}/${s.key}`,
    lockfile: `arn:${P}:s3:::${s.bucket}/${s.key}.tflock`,
    table: s.lockTable ? `arn:${P}:dynamodb:${s.region}:${A}:table/${s.lockTable}` : null,
  };
}

/** Every secret the fleet's instances fetch: tunnel keys and pool environment. */
export function fleetSecrets(fleet: Fleet): SecretRef[] {
  const refs: SecretRef[] = [];
  for (const h of fleet.hosts) refs.push(h.tunnel.direction === 'forward' ? h.tunnel.privateKey : h.tunnel.proxyHostKey);
  for (const p of fleet.pools) refs.push(...p.secrets);
  const seen = new Set<string>();
  return refs.filter((r) => !seen.has(`${r.store}:${r.name}`) && !!seen.add(`${r.store}:${r.name}`));
}

function secretArn(fleet: Fleet, r: SecretRef): string {
  return r.store === 'ssm'
    ? `arn:${P}:ssm:${fleet.region}:${A}:parameter/${r.name.replace(/^\//, '')}`
    : // Secrets Manager appends six random characters to a secret's ARN.
      `arn:${P}:secretsmanager:${fleet.region}:${A}:secret:${r.name}-??????`;
}

export function planPolicy(fleet: Fleet): PolicyDocument {
  const st = stateArns(fleet);
  const secrets = fleetSecrets(fleet);
  const statements: Statement[] = [
    { Sid: 'StateList', Effect: 'Allow', Action: ['s3:ListBucket'], Resource: [st.bucket] },
    { Sid: 'StateRead', Effect: 'Allow', Action: ['s3:GetObject'], Resource: [st.object] },
  ];
  // The drift check plans with the state lock (so it never reads an apply
  // halfway): the lock, and only the lock, is writable.
  if (fleet.state.lockfile) statements.push({ Sid: 'StateLockOnly', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], Resource: [st.lockfile] });
  if (st.table) statements.push({ Sid: 'StateLockTable', Effect: 'Allow', Action: ['dynamodb:DescribeTable', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'], Resource: [st.table] });
  if (secrets.length) {
    statements.push({
      Sid: 'NeverReadFleetSecrets',
      Effect: 'Deny',
      Action: ['ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParameterHistory', 'secretsmanager:GetSecretValue'],
      Resource: secrets.map((r) => secretArn(fleet, r)),
    });
  }
  return { Version: '2012-10-17', Statement: statements };
}

export function applyPolicy(fleet: Fleet): PolicyDocument {
  const st = stateArns(fleet);
  const inRegion = { StringEquals: { 'aws:RequestedRegion': fleet.region } };
  const prefixes = [`${fleet.name}-proxy-*`, `${fleet.name}-pool-*`];
  const roles = prefixes.map((p) => `arn:${P}:iam::${A}:role/${p}`);
  const profiles = prefixes.map((p) => `arn:${P}:iam::${A}:instance-profile/${p}`);
  const amiParameters = [fleet.proxies.ami, ...fleet.pools.map((p) => p.ami)]
    .filter((a): a is { kind: 'ssm'; parameter: string } => a.kind === 'ssm' && !a.parameter.startsWith('/aws/service/'))
    .map((a) => `arn:${P}:ssm:${fleet.region}:${A}:parameter/${a.parameter.replace(/^\//, '')}`);
  const statements: Statement[] = [
    {
      Sid: 'FleetServicesInRegion',
      Effect: 'Allow',
      Action: ['ec2:*', 'elasticloadbalancing:*', 'autoscaling:*', 'cloudwatch:PutMetricAlarm', 'cloudwatch:DeleteAlarms', 'cloudwatch:DescribeAlarms', 'cloudwatch:ListTagsForResource', 'cloudwatch:TagResource', 'cloudwatch:UntagResource'],
      Resource: '*',
      Condition: inRegion,
    },
    {
      Sid: 'FleetInstanceRoles',
      Effect: 'Allow',
      Action: [
        'iam:CreateRole', 'iam:DeleteRole', 'iam:GetRole', 'iam:UpdateRole', 'iam:UpdateAssumeRolePolicy', 'iam:TagRole', 'iam:UntagRole',
        'iam:PutRolePolicy', 'iam:GetRolePolicy', 'iam:DeleteRolePolicy', 'iam:ListRolePolicies', 'iam:ListAttachedRolePolicies', 'iam:ListInstanceProfilesForRole',
        'iam:CreateInstanceProfile', 'iam:DeleteInstanceProfile', 'iam:GetInstanceProfile', 'iam:AddRoleToInstanceProfile', 'iam:RemoveRoleFromInstanceProfile', 'iam:TagInstanceProfile', 'iam:UntagInstanceProfile',
      ],
      Resource: [...roles, ...profiles],
    },
    { Sid: 'PassFleetRolesToEc2Only', Effect: 'Allow', Action: ['iam:PassRole'], Resource: roles, Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } } },
    {
      Sid: 'ServiceLinkedRoles',
      Effect: 'Allow',
      Action: ['iam:CreateServiceLinkedRole'],
      Resource: '*',
      Condition: { StringEquals: { 'iam:AWSServiceName': ['autoscaling.amazonaws.com', 'elasticloadbalancing.amazonaws.com'] } },
    },
    { Sid: 'PublicAmiParameters', Effect: 'Allow', Action: ['ssm:GetParameter', 'ssm:GetParameters'], Resource: [`arn:${P}:ssm:${fleet.region}::parameter/aws/service/*`, ...amiParameters] },
    { Sid: 'StateList', Effect: 'Allow', Action: ['s3:ListBucket'], Resource: [st.bucket] },
    { Sid: 'StateReadWrite', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], Resource: [st.object, st.lockfile] },
  ];
  if (st.table) statements.push({ Sid: 'StateLock', Effect: 'Allow', Action: ['dynamodb:DescribeTable', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'], Resource: [st.table] });
  return { Version: '2012-10-17', Statement: statements };
}
