/**
 * Where the fleet lives: an existing VPC and one public subnet per zone (by
 * ID), or a new VPC with a public subnet in every zone, an internet gateway
 * and a default route. Everything downstream reads `vpcId` and
 * `subnetIds`, so the two cases look the same to the other constructs.
 *
 * Public subnets only, deliberately: load balancers need them, and proxies
 * and pool instances reach the internet through their own public addresses
 * instead of a NAT gateway (about 32 USD a month per zone); their security
 * groups admit nothing from the internet.
 */
import { Construct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { Route } from '@cdktf/provider-aws/lib/route';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';

export type NetworkProps =
  | {
      /** Use a VPC that already exists. */
      readonly kind: 'existing';
      /** Its ID, e.g. `vpc-0123456789abcdef0`. */
      readonly vpcId: string;
      /** One public subnet per zone, in zone order. */
      readonly subnets: { zone: string; subnetId: string }[];
    }
  | {
      /** Create the VPC. */
      readonly kind: 'create';
      /** Name prefix for the VPC, subnets, gateway and route table. */
      readonly name: string;
      /** The VPC's IPv4 CIDR block. */
      readonly cidr: string;
      /** One public subnet per zone, each a CIDR inside `cidr`, in zone order. */
      readonly subnets: { zone: string; cidr: string }[];
    };

export class Network extends Construct {
  readonly vpcId: string;
  /** Subnet IDs in zone order. */
  readonly subnetIds: string[];
  /** Subnet ID by zone name. */
  readonly subnetByZone: Record<string, string> = {};
  /**
   * What anything internet-facing must wait for in a created VPC: the
   * internet gateway, the default route through it and the subnets' route
   * table associations. Nothing in an ALB's, an NLB's, an Elastic IP's or an
   * Auto Scaling group's arguments refers to the gateway, so without an
   * explicit `depends_on` Terraform creates them in parallel and AWS may
   * answer "VPC has no internet gateway" (the provider documents "EIP may
   * require IGW to exist prior to association. Use depends_on", and its
   * acceptance tests for NLBs with Elastic IPs do so); on destroy, the same
   * edges remove the public addresses before the gateway, which AWS will
   * not detach while addresses are mapped.
   * https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/eip
   * https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html
   * Empty for an existing VPC (its gateway is not ours to order).
   */
  readonly internetAccess: ITerraformDependable[] = [];

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    if (props.kind === 'existing') {
      this.vpcId = props.vpcId;
      this.subnetIds = props.subnets.map((s) => s.subnetId);
      for (const s of props.subnets) this.subnetByZone[s.zone] = s.subnetId;
      return;
    }
    const vpc = new Vpc(this, 'vpc', {
      cidrBlock: props.cidr,
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: { Name: props.name, 'fleetform:component': 'network' },
    });
    this.vpcId = vpc.id;
    const igw = new InternetGateway(this, 'igw', { vpcId: vpc.id, tags: { Name: props.name, 'fleetform:component': 'network' } });
    const table = new RouteTable(this, 'public', { vpcId: vpc.id, tags: { Name: `${props.name}-public`, 'fleetform:component': 'network' } });
    const route = new Route(this, 'default-route', { routeTableId: table.id, destinationCidrBlock: '0.0.0.0/0', gatewayId: igw.id });
    this.internetAccess.push(igw, route);
    this.subnetIds = props.subnets.map((s) => {
      const subnet = new Subnet(this, `subnet-${s.zone}`, {
        vpcId: vpc.id,
        availabilityZone: s.zone,
        cidrBlock: s.cidr,
        // Instances carry their own public address (see the class comment).
        mapPublicIpOnLaunch: false,
        tags: { Name: `${props.name}-public-${s.zone}`, 'fleetform:component': 'network' },
      });
      this.internetAccess.push(new RouteTableAssociation(this, `rta-${s.zone}`, { subnetId: subnet.id, routeTableId: table.id }));
      this.subnetByZone[s.zone] = subnet.id;
      return subnet.id;
    });
  }
}
