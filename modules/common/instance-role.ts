/**
 * An EC2 instance role with one inline policy and its instance profile: the
 * only way a proxy or pool instance gets AWS credentials. Each instance kind
 * gets its own role so that a policy can name exactly the secrets that
 * instance needs and nothing else.
 */
import { Construct } from 'constructs';
import { IamInstanceProfile } from '@cdktf/provider-aws/lib/iam-instance-profile';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { AccountContext } from './account';

/** One IAM policy statement (always `Allow`). */
export interface PolicyStatement {
  /** Statement ID: letters and digits only. */
  readonly sid: string;
  readonly actions: string[];
  readonly resources: string[];
  /** IAM condition block, e.g. `{ StringEquals: { 'aws:ResourceTag/x': 'y' } }`. @default - none */
  readonly condition?: Record<string, Record<string, string | string[]>>;
}

/** A secret an instance reads at boot. */
export interface SecretLocation {
  /** `ssm`: an SSM parameter; `secretsmanager`: a Secrets Manager secret. */
  readonly store: 'ssm' | 'secretsmanager';
  /** Parameter name (leading `/`) or secret name. */
  readonly name: string;
}

export interface InstanceRoleProps {
  /** Role and instance profile name (at most 64 characters). */
  readonly name: string;
  /** Statements of the inline policy. @default - no inline policy: the role can do nothing */
  readonly statements?: PolicyStatement[];
}

export class InstanceRole extends Construct {
  readonly role: IamRole;
  readonly profile: IamInstanceProfile;

  constructor(scope: Construct, id: string, props: InstanceRoleProps) {
    super(scope, id);
    this.role = new IamRole(this, 'default', {
      name: props.name,
      assumeRolePolicy: policyJson([{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }]),
    });
    const statements = props.statements ?? [];
    if (statements.length > 0) {
      new IamRolePolicy(this, 'policy', {
        name: props.name,
        role: this.role.name,
        policy: policyJson(
          statements.map((s) => ({
            Sid: s.sid,
            Effect: 'Allow',
            Action: s.actions.length === 1 ? s.actions[0] : s.actions,
            Resource: s.resources.length === 1 ? s.resources[0] : s.resources,
            ...(s.condition ? { Condition: s.condition } : {}),
          })),
        ),
      });
    }
    this.profile = new IamInstanceProfile(this, 'profile', { name: props.name, role: this.role.name });
  }
}

function policyJson(statements: object[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

/**
 * Statements that let an instance read exactly `secrets`: `ssm:GetParameter`
 * on each parameter's ARN, `secretsmanager:GetSecretValue` on each secret's
 * ARN. Secrets Manager appends a random 6-character suffix to secret ARNs, so
 * the resource is `<name>-??????` (exactly six, unlike `*`, which would also
 * match `<name>-other`). SecureString parameters encrypted with the AWS managed
 * key need no `kms:Decrypt` grant: that key's policy allows use through SSM
 * for any principal of the account; a customer managed key would.
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples.html
 */
export function secretReadStatements(scope: Construct, region: string, secrets: readonly SecretLocation[]): PolicyStatement[] {
  const account = AccountContext.of(scope);
  const ssm = secrets.filter((s) => s.store === 'ssm').map((s) => account.arn('ssm', region, `parameter/${s.name.replace(/^\//, '')}`));
  const sm = secrets.filter((s) => s.store === 'secretsmanager').map((s) => account.arn('secretsmanager', region, `secret:${s.name}-??????`));
  const out: PolicyStatement[] = [];
  if (ssm.length) out.push({ sid: 'ReadSsmParameters', actions: ['ssm:GetParameter'], resources: uniqueSorted(ssm) });
  if (sm.length) out.push({ sid: 'ReadSecrets', actions: ['secretsmanager:GetSecretValue'], resources: uniqueSorted(sm) });
  return out;
}

function uniqueSorted(xs: string[]): string[] {
  return [...new Set(xs)].sort();
}

/**
 * PutMetricData into exactly one namespace. The action has no resource-level
 * permissions (the resource is `*`); the `cloudwatch:namespace` condition key
 * is what scopes it.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/iam-cw-condition-keys-namespace.html
 */
export function putMetricStatement(namespace: string): PolicyStatement {
  return { sid: 'PutOwnMetrics', actions: ['cloudwatch:PutMetricData'], resources: ['*'], condition: { StringEquals: { 'cloudwatch:namespace': namespace } } };
}
