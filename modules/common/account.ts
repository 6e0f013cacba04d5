/**
 * The partition, account and region that ARNs are built from, looked up once
 * per stack. IAM policies name exact ARNs (least privilege), and hard-coding
 * `arn:aws:` would break in GovCloud and China, so the partition and account
 * come from data sources at plan time rather than from the spec.
 */
import { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';

const ID = 'account';

export class AccountContext extends Construct {
  /** The one context of `scope`'s stack, created on first use. */
  static of(scope: Construct): AccountContext {
    const stack = TerraformStack.of(scope);
    const existing = stack.node.tryFindChild(ID);
    return existing instanceof AccountContext ? existing : new AccountContext(stack, ID);
  }

  /** e.g. `aws`, `aws-us-gov`, `aws-cn` (a Terraform expression). */
  readonly partition: string;
  /** The 12-digit account ID of the credentials Terraform runs with (a Terraform expression). */
  readonly accountId: string;

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    this.partition = new DataAwsPartition(this, 'partition', {}).partition;
    this.accountId = new DataAwsCallerIdentity(this, 'caller', {}).accountId;
  }

  /** `arn:<partition>:<service>:<region>:<account>:<resource>`. */
  arn(service: string, region: string, resource: string): string {
    return `arn:${this.partition}:${service}:${region}:${this.accountId}:${resource}`;
  }
}
