/**
 * The static-IP front door: an internet-facing Network Load Balancer with one
 * Elastic IP per zone, forwarding TCP to the ALB (an ALB has no fixed
 * address; this is the cheaper alternative to Global Accelerator).
 *
 * AWS rules this construct encodes
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/network/application-load-balancer-target.html):
 * - the NLB's target group has target type `alb`, protocol TCP, and the port
 *   of an ALB listener; it holds exactly one ALB;
 * - the ALB listener on that port must exist before the ALB is registered,
 *   so each attachment depends on its listener explicitly (nothing in the
 *   attachment's arguments refers to the listener);
 * - Elastic IPs need an internet-facing NLB, one subnet mapping per zone.
 * Addresses allocated here carry `prevent_destroy`: losing them breaks every
 * client that pinned them, so Terraform refuses a plan that would.
 */
import { Construct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { LbTargetGroupAttachment } from '@cdktf/provider-aws/lib/lb-target-group-attachment';

export interface StaticIpForward {
  /** The ALB listener port forwarded (the NLB listens on the same port). */
  readonly port: number;
  /** Name of the NLB target group, at most 32 characters. */
  readonly targetGroupName: string;
  /** The ALB listener on `port`; the attachment waits for it. */
  readonly albListener: ITerraformDependable;
  /** How the NLB checks the ALB on this port. @default - the front door's `healthCheck` */
  readonly healthCheck?: { protocol: 'HTTP' | 'HTTPS'; path: string; matcher: string };
}

export interface StaticIpFrontDoorProps {
  /** NLB name, at most 32 characters. */
  readonly name: string;
  readonly vpcId: string;
  /** One mapping per zone: its subnet, and an existing allocation ID or null to allocate one here. */
  readonly zones: { zone: string; subnetId: string; allocationId: string | null }[];
  /** The ALB to forward to. */
  readonly albArn: string;
  readonly forwards: StaticIpForward[];
  /** @default - no security group (the NLB then admits everything on its listeners) */
  readonly securityGroupIds?: string[];
  /**
   * How the NLB checks the ALB: through an ALB listener, so the answer comes
   * from a real backend.
   * @default { protocol: 'HTTP', path: '/', matcher: '200-399' }
   */
  readonly healthCheck?: { protocol: 'HTTP' | 'HTTPS'; path: string; matcher: string };
  /** @default false */
  readonly deletionProtection?: boolean;
  /**
   * An internal NLB: fixed private addresses in the VPC, no Elastic IPs
   * (AWS attaches Elastic IPs to internet-facing NLBs only).
   * @default false
   */
  readonly internal?: boolean;
  /**
   * What the NLB and its Elastic IPs wait for (`depends_on`), e.g. a created
   * VPC's internet gateway and public route. @default []
   */
  readonly dependsOn?: ITerraformDependable[];
}

export class StaticIpFrontDoor extends Construct {
  readonly nlb: Lb;
  /** Allocated addresses by zone (zones with an existing allocation have none). */
  readonly eips: Record<string, Eip> = {};
  /** Target groups by forwarded port. */
  readonly targetGroups: Record<number, LbTargetGroup> = {};
  /** Each zone's Elastic IP, in zone order: the address when allocated here, else null with the given allocation ID. Empty when internal. */
  readonly addresses: { zone: string; publicIp: string | null; allocationId: string }[] = [];

  constructor(scope: Construct, id: string, props: StaticIpFrontDoorProps) {
    super(scope, id);
    const problems: string[] = [];
    if (props.name.length > 32) problems.push(`name '${props.name}' is ${props.name.length} characters; at most 32`);
    if (props.zones.length === 0) problems.push('zones is empty; the NLB needs one subnet mapping per zone');
    if (new Set(props.forwards.map((f) => f.port)).size !== props.forwards.length) problems.push('forwards: a port appears twice');
    if (props.internal && props.zones.some((z) => z.allocationId !== null)) problems.push('an internal NLB cannot take Elastic IP allocations');
    this.node.addValidation({ validate: () => problems });

    const internal = props.internal ?? false;
    const dependsOn = props.dependsOn?.length ? props.dependsOn : undefined;
    const mappings = props.zones.map((z) => {
      if (internal) return { subnetId: z.subnetId };
      let allocationId = z.allocationId;
      let publicIp: string | null = null;
      if (allocationId === null) {
        const eip = new Eip(this, `eip-${z.zone}`, {
          domain: 'vpc',
          tags: { Name: `${props.name}-${z.zone}`, 'fleetform:component': 'static-ips' },
          lifecycle: { preventDestroy: true },
          dependsOn,
        });
        this.eips[z.zone] = eip;
        allocationId = eip.allocationId;
        publicIp = eip.publicIp;
      }
      this.addresses.push({ zone: z.zone, publicIp, allocationId });
      return { subnetId: z.subnetId, allocationId };
    });

    this.nlb = new Lb(this, 'default', {
      name: props.name,
      loadBalancerType: 'network',
      internal,
      subnetMapping: mappings,
      securityGroups: props.securityGroupIds,
      enableDeletionProtection: props.deletionProtection ?? false,
      tags: { Name: props.name, 'fleetform:component': 'static-ips' },
      dependsOn,
    });

    for (const f of props.forwards) {
      const hc = f.healthCheck ?? props.healthCheck ?? { protocol: 'HTTP', path: '/', matcher: '200-399' };
      const tg = new LbTargetGroup(this, `tg-${f.port}`, {
        name: f.targetGroupName,
        vpcId: props.vpcId,
        targetType: 'alb',
        protocol: 'TCP',
        port: f.port,
        // An `alb` target group checks the ALB over HTTP(S) on the traffic port.
        healthCheck: { enabled: true, protocol: hc.protocol, path: hc.path, port: 'traffic-port', matcher: hc.matcher },
        tags: { Name: f.targetGroupName, 'fleetform:component': 'static-ips' },
      });
      this.targetGroups[f.port] = tg;
      new LbTargetGroupAttachment(this, `attach-${f.port}`, {
        targetGroupArn: tg.arn,
        targetId: props.albArn,
        port: f.port,
        dependsOn: [f.albListener],
      });
      new LbListener(this, `listener-${f.port}`, {
        loadBalancerArn: this.nlb.arn,
        port: f.port,
        protocol: 'TCP',
        defaultAction: [{ type: 'forward', targetGroupArn: tg.arn }],
      });
    }
  }
}
