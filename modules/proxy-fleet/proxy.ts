/**
 * One host's proxy: its own role (reading exactly its host's secrets), launch
 * template, and either an Auto Scaling group of one (self-healing) or a plain
 * instance, registered with its services' target groups. A reverse-tunnel
 * proxy also gets an Elastic IP, the stable address its GPU box dials,
 * protected by `prevent_destroy`.
 */
import { Construct } from 'constructs';
import { AutoscalingGroup } from '@cdktf/provider-aws/lib/autoscaling-group';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { Instance } from '@cdktf/provider-aws/lib/instance';
import { LbTargetGroupAttachment } from '@cdktf/provider-aws/lib/lb-target-group-attachment';
import { ITerraformDependable, Token } from 'cdktf';
import { AccountContext } from '../common/account';
import { InstanceRole, PolicyStatement, putMetricStatement, SecretLocation, secretReadStatements } from '../common/instance-role';
import { HardenedLaunchTemplate, ImageRef } from '../common/launch-template';

/** The tag a reverse-tunnel proxy finds its Elastic IP by at boot. */
export const PROXY_TAG = 'fleetform:proxy';

export interface ProxyProps {
  /** AWS-facing name of the role, launch template, group or instance, e.g. `legal-chat-proxy-v100-1`. */
  readonly name: string;
  /** The host this proxy serves (tagged on the instance). */
  readonly host: string;
  readonly region: string;
  /** Subnet of the proxy's zone. */
  readonly subnetId: string;
  readonly instanceType: string;
  readonly image: ImageRef;
  /** Root device name of `image`. @default '/dev/xvda' */
  readonly rootDeviceName?: string;
  /** Root volume size, GiB. @default 8 */
  readonly rootVolumeGb?: number;
  /** Base64 user data (the provisioning stage's cloud-config). @default - none */
  readonly userData?: string;
  readonly securityGroupIds: string[];
  /** The secrets this proxy reads at boot: exactly its host's. @default [] */
  readonly secrets?: SecretLocation[];
  /** Target groups (instance target type) to register with, on `port`. @default [] */
  readonly targetGroupArns?: string[];
  /** The port the proxy serves on, for plain-instance registrations. Required when `targetGroupArns` is non-empty and `selfHealing` is false. */
  readonly port?: number;
  /** Run the proxy in an Auto Scaling group of one, replaced when it fails. @default true */
  readonly selfHealing?: boolean;
  /** Give the proxy an Elastic IP it associates with itself at boot (reverse tunnels). @default false */
  readonly elasticIp?: boolean;
  /** Tags for the instance and its volume. @default {} */
  readonly tags?: Record<string, string>;
  /** The CloudWatch namespace the proxy publishes its host's health to; the role may put metrics there only. @default - publishes nothing */
  readonly metricNamespace?: string | null;
  /**
   * What the group or instance and the Elastic IP wait for (`depends_on`):
   * a proxy has a public address, so in a created VPC it needs the internet
   * gateway and the public route. @default []
   */
  readonly dependsOn?: ITerraformDependable[];
}

export class FleetProxy extends Construct {
  readonly role: InstanceRole;
  readonly launchTemplate: HardenedLaunchTemplate;
  readonly group: AutoscalingGroup | null = null;
  readonly instance: Instance | null = null;
  readonly eip: Eip | null = null;

  constructor(scope: Construct, id: string, props: ProxyProps) {
    super(scope, id);
    const tags: Record<string, string> = { ...(props.tags ?? {}), Name: props.name, 'fleetform:host': props.host, [PROXY_TAG]: props.name };
    const statements: PolicyStatement[] = secretReadStatements(this, props.region, props.secrets ?? []);
    const dependsOn = props.dependsOn?.length ? props.dependsOn : undefined;
    if (props.elasticIp) {
      // The box's installer has this address written into it: losing it
      // strands the box (like the NLB's static IPs, which carry the same
      // protection), so Terraform refuses any plan that would destroy it.
      // https://developer.hashicorp.com/terraform/language/meta-arguments/lifecycle#prevent_destroy
      const eip = new Eip(this, 'eip', {
        domain: 'vpc',
        tags: { Name: props.name, [PROXY_TAG]: props.name },
        lifecycle: { preventDestroy: true },
        dependsOn,
      });
      this.eip = eip;
      const account = AccountContext.of(this);
      // AssociateAddress authorizes the address and the instance separately:
      // this address only, and only onto an instance tagged as this proxy.
      // DescribeAddresses has no resource-level permissions.
      // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html
      statements.push(
        { sid: 'AssociateOwnAddress', actions: ['ec2:AssociateAddress'], resources: [account.arn('ec2', props.region, `elastic-ip/${eip.allocationId}`)] },
        {
          sid: 'AssociateOntoSelf',
          actions: ['ec2:AssociateAddress'],
          resources: [account.arn('ec2', props.region, 'instance/*')],
          condition: { StringEquals: { [`aws:ResourceTag/${PROXY_TAG}`]: props.name } },
        },
        { sid: 'FindOwnAddress', actions: ['ec2:DescribeAddresses'], resources: ['*'] },
      );
    }
    if (props.metricNamespace) statements.push(putMetricStatement(props.metricNamespace));
    this.role = new InstanceRole(this, 'role', { name: props.name, statements });
    const selfHealing = props.selfHealing ?? true;
    this.launchTemplate = new HardenedLaunchTemplate(this, 'launch-template', {
      name: props.name,
      instanceType: props.instanceType,
      image: props.image,
      rootDeviceName: props.rootDeviceName,
      rootVolumeGb: props.rootVolumeGb ?? 8,
      userData: props.userData,
      instanceProfileArn: this.role.profile.arn,
      securityGroupIds: props.securityGroupIds,
      subnetId: selfHealing ? undefined : props.subnetId,
      tags,
    });
    const template = { id: this.launchTemplate.template.id, version: Token.asString(this.launchTemplate.template.latestVersion) };
    const targetGroupArns = props.targetGroupArns ?? [];
    if (selfHealing) {
      this.group = new AutoscalingGroup(this, 'group', {
        name: props.name,
        minSize: 1,
        maxSize: 1,
        desiredCapacity: 1,
        vpcZoneIdentifier: [props.subnetId],
        launchTemplate: template,
        targetGroupArns,
        // EC2 status checks, not the load balancer's: when the GPU box behind
        // a proxy dies, the target group takes the proxy out of rotation, and
        // replacing the (healthy) proxy would only churn.
        healthCheckType: 'EC2',
        healthCheckGracePeriod: 120,
        // A new launch template version (a provisioning change) replaces the
        // proxy launch-before-terminate: 100-200% keeps the host in service.
        instanceRefresh: { strategy: 'Rolling', preferences: { minHealthyPercentage: 100, maxHealthyPercentage: 200 } },
        tag: Object.keys(tags)
          .sort()
          .map((key) => ({ key, value: tags[key], propagateAtLaunch: false })),
        dependsOn,
      });
    } else {
      // The subnet comes from the launch template's network interface.
      const instance = new Instance(this, 'instance', { launchTemplate: template, tags, dependsOn });
      this.instance = instance;
      targetGroupArns.forEach((arn, i) => {
        new LbTargetGroupAttachment(this, `attachment-${i}`, { targetGroupArn: arn, targetId: instance.id, port: props.port });
      });
    }
  }
}
