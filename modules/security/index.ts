/**
 * Least-privilege security groups for the whole path:
 *
 *   clients --(listener ports, ingress CIDRs)--> NLB --(forwarded ports)--> ALB
 *   ALB --(service ports)--> proxies, pool instances
 *   reverse-tunnel box --(SSH, its dials_from CIDR only)--> its own proxy
 *
 * Nothing else is admitted inbound. Security-group references (not CIDRs)
 * connect the tiers, so a backend answers only its load balancer. Rules are
 * separate `aws_vpc_security_group_*_rule` resources, one per rule, which
 * the AWS provider recommends over inline blocks (inline and separate rules
 * fight each other; separate rules can change without replacing the group).
 * https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/security_group
 */
import { Construct } from 'constructs';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';

export interface FleetSecurityGroupsProps {
  /** Name prefix of every group, e.g. the fleet name. */
  readonly name: string;
  readonly vpcId: string;
  /** Ports the ALB listens on. */
  readonly listenerPorts: number[];
  /** CIDRs allowed to reach the listeners. @default ['0.0.0.0/0'] */
  readonly ingressCidrs?: string[];
  /**
   * The static-IP NLB in front of the ALB: its group admits `ports` from the
   * ingress CIDRs, and the ALB admits them from the NLB's group.
   * @default - no NLB group
   */
  readonly nlb?: { ports: number[] };
  /** Ports proxies receive traffic on (their services' ports). @default - no proxy group */
  readonly proxyPorts?: number[];
  /** Ports pool instances receive traffic on. @default - no pool group */
  readonly poolPorts?: number[];
  /**
   * Hosts with reverse tunnels: each gets a group admitting SSH to its proxy
   * from `dialsFrom` only, attached to that host's proxy alone.
   * @default []
   */
  readonly reverseTunnels?: { host: string; dialsFrom: string }[];
  /** The port the proxies' sshd listens on for reverse tunnels. @default 22 */
  readonly sshPort?: number;
}

export class FleetSecurityGroups extends Construct {
  readonly alb: SecurityGroup;
  readonly nlb: SecurityGroup | null = null;
  readonly proxies: SecurityGroup | null = null;
  readonly pools: SecurityGroup | null = null;
  /** The SSH group of each reverse-tunnel host, by host name. */
  readonly reverseSsh: Record<string, SecurityGroup> = {};

  constructor(scope: Construct, id: string, props: FleetSecurityGroupsProps) {
    super(scope, id);
    const group = (gid: string, description: string) =>
      new SecurityGroup(this, gid, { name: `${props.name}-${gid}`, description, vpcId: props.vpcId, tags: { Name: `${props.name}-${gid}` } });
    const cidrs = uniqueSorted(props.ingressCidrs ?? ['0.0.0.0/0']);
    const listenerPorts = uniqueSortedNumbers(props.listenerPorts);

    // The client CIDRs stay on the ALB's group even behind the static-IP
    // NLB: it preserves client addresses for `alb` targets, and AWS says the
    // ALB's group must then admit the clients.
    // https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-update-security-groups.html
    this.alb = group('alb', 'Fleetform ALB: listener ports from the ingress CIDRs');
    for (const port of listenerPorts) {
      for (const cidr of cidrs) this.ingress(this.alb, `alb-in-${port}-${cidrId(cidr)}`, port, { cidrIpv4: cidr });
    }

    if (props.nlb) {
      const nlb = group('nlb', 'Fleetform static-IP NLB: forwarded ports from the ingress CIDRs');
      this.nlb = nlb;
      for (const port of uniqueSortedNumbers(props.nlb.ports)) {
        for (const cidr of cidrs) this.ingress(nlb, `nlb-in-${port}-${cidrId(cidr)}`, port, { cidrIpv4: cidr });
        // The ALB sees the NLB's own addresses as the source of forwarded
        // traffic and of the NLB's health checks.
        this.egress(nlb, `nlb-out-${port}`, port, { referencedSecurityGroupId: this.alb.id });
        this.ingress(this.alb, `alb-in-${port}-nlb`, port, { referencedSecurityGroupId: nlb.id });
      }
    }

    const backends: [string, number[] | undefined, string][] = [
      ['proxies', props.proxyPorts, 'Fleetform proxies: service ports from the ALB only'],
      ['pools', props.poolPorts, 'Fleetform pool instances: service ports from the ALB only'],
    ];
    for (const [gid, ports, description] of backends) {
      if (!ports) continue;
      const sg = group(gid, description);
      (this as { proxies: SecurityGroup | null; pools: SecurityGroup | null })[gid as 'proxies' | 'pools'] = sg;
      for (const port of uniqueSortedNumbers(ports)) {
        this.ingress(sg, `${gid}-in-${port}`, port, { referencedSecurityGroupId: this.alb.id });
        // The ALB may open connections to its backends and nowhere else.
        this.egress(this.alb, `alb-out-${gid}-${port}`, port, { referencedSecurityGroupId: sg.id });
      }
      // Backends dial out: the tunnel to the GPU box, SSM and Secrets Manager
      // at boot, image registries. Outbound is open; inbound is not.
      new VpcSecurityGroupEgressRule(this, `${gid}-out-all`, {
        securityGroupId: sg.id,
        ipProtocol: '-1',
        cidrIpv4: '0.0.0.0/0',
        description: 'all outbound',
      });
    }

    const sshPort = props.sshPort ?? 22;
    for (const t of props.reverseTunnels ?? []) {
      const sg = new SecurityGroup(this, `ssh-${t.host}`, {
        name: `${props.name}-ssh-${t.host}`,
        description: `Fleetform reverse tunnel: SSH from ${t.host} only`,
        vpcId: props.vpcId,
        tags: { Name: `${props.name}-ssh-${t.host}` },
      });
      this.ingress(sg, `ssh-${t.host}-in`, sshPort, { cidrIpv4: t.dialsFrom });
      this.reverseSsh[t.host] = sg;
    }
  }

  private ingress(sg: SecurityGroup, id: string, port: number, from: { cidrIpv4?: string; referencedSecurityGroupId?: string }): void {
    new VpcSecurityGroupIngressRule(this, id, { securityGroupId: sg.id, ipProtocol: 'tcp', fromPort: port, toPort: port, ...from });
  }

  private egress(sg: SecurityGroup, id: string, port: number, to: { referencedSecurityGroupId: string }): void {
    new VpcSecurityGroupEgressRule(this, id, { securityGroupId: sg.id, ipProtocol: 'tcp', fromPort: port, toPort: port, ...to });
  }
}

function uniqueSorted(xs: string[]): string[] {
  return [...new Set(xs)].sort();
}

function uniqueSortedNumbers(xs: number[]): number[] {
  return [...new Set(xs)].sort((a, b) => a - b);
}

/** A CIDR as a construct ID: `/` separates construct paths. */
function cidrId(cidr: string): string {
  return cidr.replace(/[./]/g, '-');
}
