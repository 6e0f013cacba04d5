/**
 * A launch template with the hardening every Fleetform instance gets:
 * IMDSv2 required (session tokens; no IMDSv1 credential theft through a
 * forwarded request), an encrypted gp3 root volume, an instance profile, and
 * tags on the instance and its volume (provider default tags do not reach
 * instances an Auto Scaling group launches, so they are passed here).
 */
import { Construct } from 'constructs';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';

/** A machine image: an AMI ID, or an SSM parameter resolved by EC2 at launch. */
export type ImageRef = { kind: 'id'; id: string } | { kind: 'ssm'; parameter: string };

export interface HardenedLaunchTemplateProps {
  /** Launch template name. */
  readonly name: string;
  readonly instanceType: string;
  /**
   * The image. An SSM parameter becomes `resolve:ssm:<parameter>`: EC2 reads it
   * at each launch, so a replacement instance gets the latest patched image
   * without a Terraform change, and a new AMI release never shows up as a
   * launch-template diff on every plan (as a plan-time data source would).
   * https://docs.aws.amazon.com/autoscaling/ec2/userguide/using-systems-manager-parameters.html
   */
  readonly image: ImageRef;
  /**
   * Device name of the image's root volume. The encryption and size settings
   * only apply to the root volume if this matches the image.
   * @default '/dev/xvda' (Amazon Linux)
   */
  readonly rootDeviceName?: string;
  /** Root volume size in GiB. @default 8 */
  readonly rootVolumeGb?: number;
  /** Base64 user data, e.g. a `filebase64(...)` expression. @default - none */
  readonly userData?: string;
  /** ARN of the instance profile. */
  readonly instanceProfileArn: string;
  /** Security groups of the primary network interface. */
  readonly securityGroupIds: string[];
  /**
   * Subnet of the primary network interface. Leave unset for Auto Scaling
   * groups (they choose from their own subnets); set it for a plain
   * instance, since EC2 rejects an instance-level subnet next to a launch
   * template's network interface.
   * @default - chosen by whoever launches
   */
  readonly subnetId?: string;
  /**
   * Give the instance a public address. Fleetform instances live in public
   * subnets without a NAT gateway, so this is how they reach AWS APIs and,
   * for forward tunnels, the GPU box.
   * @default true
   */
  readonly associatePublicIp?: boolean;
  /**
   * IMDSv2 response hop limit. 1 keeps instance credentials away from
   * containers on a bridge network.
   * @default 1
   */
  readonly metadataHopLimit?: number;
  /**
   * EC2 detailed monitoring: metrics every minute instead of every five, for
   * alarms and scaling policies with periods under 300 s.
   * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/manage-detailed-monitoring.html
   * @default false
   */
  readonly detailedMonitoring?: boolean;
  /** Tags for the instance and its volumes. @default {} */
  readonly tags?: Record<string, string>;
}

export class HardenedLaunchTemplate extends Construct {
  readonly template: LaunchTemplate;

  constructor(scope: Construct, id: string, props: HardenedLaunchTemplateProps) {
    super(scope, id);
    const tags = props.tags ?? {};
    this.template = new LaunchTemplate(this, 'default', {
      name: props.name,
      imageId: props.image.kind === 'id' ? props.image.id : `resolve:ssm:${props.image.parameter}`,
      instanceType: props.instanceType,
      userData: props.userData,
      // A new version becomes the default, so `terraform apply` is what rolls
      // provisioning changes out (through the group's instance refresh).
      updateDefaultVersion: true,
      iamInstanceProfile: { arn: props.instanceProfileArn },
      monitoring: props.detailedMonitoring ? { enabled: true } : undefined,
      metadataOptions: {
        httpEndpoint: 'enabled',
        httpTokens: 'required',
        httpPutResponseHopLimit: props.metadataHopLimit ?? 1,
        instanceMetadataTags: 'disabled',
      },
      blockDeviceMappings: [
        {
          deviceName: props.rootDeviceName ?? '/dev/xvda',
          ebs: { volumeSize: props.rootVolumeGb ?? 8, volumeType: 'gp3', encrypted: 'true', deleteOnTermination: 'true' },
        },
      ],
      networkInterfaces: [
        {
          deviceIndex: 0,
          subnetId: props.subnetId,
          associatePublicIpAddress: String(props.associatePublicIp ?? true),
          securityGroups: props.securityGroupIds,
          deleteOnTermination: 'true',
        },
      ],
      tagSpecifications: [
        { resourceType: 'instance', tags },
        { resourceType: 'volume', tags },
      ],
      tags,
    });
  }
}
