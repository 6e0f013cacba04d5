/**
 * The stack every Fleetform fleet synthesizes into: the AWS provider (region,
 * default tags), `required_providers` with the fully qualified
 * `hashicorp/aws` source pinned to the version the bindings were generated
 * for, the S3 backend with locking, and readable resource addresses.
 *
 * Readable addresses matter for review: cdktf's default logical IDs end in
 * a hash of the construct path (`proxies_v100-1_group_3F2A1B0C`); ours are
 * the path itself (`proxies_v100-1_group`), without `default` components, so
 * a plan reads `aws_autoscaling_group.proxies_v100-1_group` and renaming a
 * construct shows up as exactly that.
 */
import { Construct, Node } from 'constructs';
import { S3Backend, TerraformElement, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';

export interface FleetStackProps {
  readonly region: string;
  /** Tags on every resource that supports them (provider default tags). @default {} */
  readonly defaultTags?: Record<string, string>;
  /** Remote state. @default - local state (only for experiments) */
  readonly backend?: {
    bucket: string;
    key: string;
    region: string;
    /** DynamoDB lock table, or null with `lockfile`. */
    lockTable: string | null;
    /** S3-native lock files (Terraform/OpenTofu 1.10+). */
    lockfile: boolean;
  };
  /**
   * `required_version` of the configuration.
   * @default '>= 1.10.0' with S3 lock files, else '>= 1.6.0'
   */
  readonly requiredVersion?: string;
}

export class FleetStack extends TerraformStack {
  readonly provider: AwsProvider;
  /** The hashicorp/aws version the bindings were generated for, e.g. `6.25.0`. */
  readonly providerVersion: string;

  constructor(scope: Construct, id: string, props: FleetStackProps) {
    super(scope, id);
    const tags = props.defaultTags ?? {};
    this.provider = new AwsProvider(this, 'aws', {
      region: props.region,
      defaultTags: Object.keys(tags).length > 0 ? [{ tags }] : undefined,
    });
    this.providerVersion = providerVersionOf(this.provider);
    // cdktf writes `source = "aws"`; the fully qualified source is what
    // OpenTofu and Terraform agree on without registry defaults.
    this.addOverride('terraform.required_providers.aws', { source: 'hashicorp/aws', version: this.providerVersion });
    const lockfile = props.backend?.lockfile ?? false;
    this.addOverride('terraform.required_version', props.requiredVersion ?? (lockfile ? '>= 1.10.0' : '>= 1.6.0'));
    if (props.backend) {
      const b = props.backend;
      new S3Backend(this, {
        bucket: b.bucket,
        key: b.key,
        region: b.region,
        encrypt: true,
        dynamodbTable: b.lockTable ?? undefined,
      });
      // cdktf 0.21 predates `use_lockfile` (Terraform 1.10); set it raw.
      if (lockfile) this.addOverride('terraform.backend.s3.use_lockfile', true);
    }
  }

  protected override allocateLogicalId(element: TerraformElement | Node): string {
    const node = element instanceof Node ? element : element.node;
    const components = node.scopes.slice(node.scopes.indexOf(this) + 1).map((c) => c.node.id);
    return logicalId(components);
  }
}

/**
 * The construct ID of a construct's main resource, left out of addresses
 * (CDK's `Resource`/`Default` convention): `alb/default` is `aws_lb.alb`.
 */
export const DEFAULT_CHILD = 'default';

/** Construct path components as a Terraform name: letters, digits, `_` and `-`, starting with a letter or `_`. */
export function logicalId(components: string[]): string {
  const kept = components.filter((c) => c !== DEFAULT_CHILD);
  const id = (kept.length > 0 ? kept : components).join('_').replace(/[^A-Za-z0-9_-]/g, '_');
  return /^[A-Za-z_]/.test(id) ? id : `_${id}`;
}

/** The provider version recorded in the generated bindings (`terraformGeneratorMetadata`). */
function providerVersionOf(provider: AwsProvider): string {
  const meta = (provider as unknown as { terraformGeneratorMetadata?: { providerVersion?: string } }).terraformGeneratorMetadata;
  if (!meta?.providerVersion) throw new Error('@cdktf/provider-aws carries no providerVersion metadata');
  return meta.providerVersion;
}
