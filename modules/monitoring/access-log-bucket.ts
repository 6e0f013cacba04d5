/**
 * The S3 bucket ALB access logs go to, created with what Elastic Load
 * Balancing requires: in the load balancer's region, encrypted with
 * S3-managed keys (SSE-S3 is the only server-side encryption access logs
 * support: not SSE-KMS), a bucket policy letting the region's log delivery
 * write under `<prefix>/AWSLogs/<account>/`, public access blocked, ACLs
 * disabled, and objects expired after the retention.
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html
 *
 * Who writes: regions available as of August 2022 or later grant the log
 * delivery service principal `logdelivery.elasticloadbalancing.amazonaws.com`;
 * regions available before then grant the Elastic Load Balancing account of
 * the region, listed in the same page ("Regions available before August
 * 2022"). A region missing from that list is a newer one and gets the
 * service principal.
 */
import { Construct } from 'constructs';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { AccountContext } from '../common/account';

/** Elastic Load Balancing account IDs of the regions available before August 2022 (AWS docs, page above). */
const LEGACY_ELB_ACCOUNTS: Record<string, string> = {
  'us-east-1': '127311923021',
  'us-east-2': '033677994240',
  'us-west-1': '027434742980',
  'us-west-2': '797873946194',
  'af-south-1': '098369216593',
  'ap-east-1': '754344448648',
  'ap-southeast-3': '589379963580',
  'ap-south-1': '718504428378',
  'ap-northeast-3': '383597477331',
  'ap-northeast-2': '600734575887',
  'ap-southeast-1': '114774131450',
  'ap-southeast-2': '783225319266',
  'ap-northeast-1': '582318560864',
  'ca-central-1': '985666609251',
  'eu-central-1': '054676820928',
  'eu-west-1': '156460612806',
  'eu-west-2': '652711504416',
  'eu-south-1': '635631232127',
  'eu-west-3': '009996457667',
  'eu-north-1': '897822967062',
  'me-south-1': '076674570225',
  'sa-east-1': '507241528517',
  'us-gov-west-1': '048591011584',
  'us-gov-east-1': '190560391635',
  'cn-north-1': '638102146993',
  'cn-northwest-1': '037604701340',
};

/** The service principal of newer regions. */
export const ELB_LOG_DELIVERY_SERVICE = 'logdelivery.elasticloadbalancing.amazonaws.com';

/** Who delivers access logs in `region`: the legacy ELB account, or the log delivery service principal. */
export function elbLogDeliveryPrincipal(region: string): { kind: 'account'; account: string } | { kind: 'service'; service: string } {
  const account = LEGACY_ELB_ACCOUNTS[region];
  return account ? { kind: 'account', account } : { kind: 'service', service: ELB_LOG_DELIVERY_SERVICE };
}

export interface AccessLogBucketProps {
  readonly bucket: string;
  /** Key prefix the load balancer writes under. @default - none */
  readonly prefix?: string | null;
  /** The load balancer's region (the bucket must be in it). */
  readonly region: string;
  /** Days before log files expire. */
  readonly retentionDays: number;
}

export class AccessLogBucket extends Construct {
  readonly bucket: S3Bucket;
  /** The load balancer may only be created once this policy exists (ELB tests its write access). */
  readonly policy: S3BucketPolicy;

  constructor(scope: Construct, id: string, props: AccessLogBucketProps) {
    super(scope, id);
    const account = AccountContext.of(this);
    this.bucket = new S3Bucket(this, 'default', { bucket: props.bucket, tags: { 'fleetform:component': 'access-logs' } });
    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      bucket: this.bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
    });
    new S3BucketPublicAccessBlock(this, 'public-access', { bucket: this.bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
    new S3BucketOwnershipControls(this, 'ownership', { bucket: this.bucket.id, rule: { objectOwnership: 'BucketOwnerEnforced' } });
    new S3BucketLifecycleConfiguration(this, 'retention', {
      bucket: this.bucket.id,
      rule: [{ id: 'expire-access-logs', status: 'Enabled', filter: [{ prefix: '' }], expiration: [{ days: props.retentionDays }] }],
    });
    const prefix = props.prefix ? `${props.prefix}/` : '';
    const who = elbLogDeliveryPrincipal(props.region);
    const principal = who.kind === 'account' ? { AWS: `arn:${account.partition}:iam::${who.account}:root` } : { Service: who.service };
    this.policy = new S3BucketPolicy(this, 'policy', {
      bucket: this.bucket.id,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'ElbAccessLogDelivery',
            Effect: 'Allow',
            Principal: principal,
            Action: 's3:PutObject',
            Resource: `arn:${account.partition}:s3:::${props.bucket}/${prefix}AWSLogs/${account.accountId}/*`,
          },
        ],
      }),
    });
  }
}
