/**
 * Where the fleet lives: an existing VPC with its public subnets, or a CIDR
 * for a VPC that Fleetform creates, never both and never neither; and a
 * created VPC must be a size AWS allows, with per-zone subnets big enough
 * for an ALB.
 */
import type { Check } from './check';
import { carveSubnets, parseCidr, zoneSubnetPrefix } from '../../lower/network';
import { at, list, obj, show, str, zonesOf } from './read';

// "The allowed block size is between a /16 netmask (65,536 IP addresses) and
// /28 netmask (16 IP addresses)."
// https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html
const VPC_MIN_PREFIX = 16;
const VPC_MAX_PREFIX = 28;
// "the subnets must have at least a /27 bitmask ... and at least 8 free IP
// addresses": the ALB scales into its subnets.
// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#subnets-load-balancer
const ALB_SUBNET_MAX_PREFIX = 27;

export const network: Check = {
  name: 'network',
  codes: {
    FF222: 'network needs exactly one of an existing VPC (vpc + public_subnets) or a cidr',
    FF223: 'network.vpc and network.public_subnets must come together',
    FF224: 'network.cidr is not a /16 to /28 block, the VPC sizes AWS allows',
    FF225: 'network.cidr is too small to carve a /27 subnet per zone for the ALB',
    FF226: 'network.public_subnets lists a subnet twice',
  },
  run(ctx) {
    const net = obj(ctx.spec.network);
    if (!net) return;
    const vpc = net.vpc;
    const subnets = net.public_subnets;
    const cidr = net.cidr;
    const existing = vpc !== undefined || subnets !== undefined;
    if (existing && cidr !== undefined) {
      ctx.report({
        code: 'FF222',
        path: ['network', 'cidr'],
        atKey: true,
        message: 'network has both an existing VPC (vpc/public_subnets) and a cidr for a new one; give one or the other',
        hint: 'Keep `vpc` and `public_subnets` to use your VPC, or keep only `cidr` to let Fleetform create one.',
      });
    } else if (!existing && cidr === undefined) {
      ctx.report({
        code: 'FF222',
        path: ['network'],
        atKey: true,
        message: 'network is empty; give an existing VPC (vpc and public_subnets) or a cidr for a new VPC',
        hint: 'For example `network: { cidr: 10.0.0.0/16 }`, or `network: { vpc: vpc-..., public_subnets: [subnet-..., subnet-...] }`.',
      });
    }
    if (vpc !== undefined && subnets === undefined) {
      ctx.report({
        code: 'FF223',
        path: ['network', 'vpc'],
        atKey: true,
        message: 'network.vpc is set without network.public_subnets; Fleetform needs one public subnet per zone of that VPC',
        hint: 'Add `public_subnets` with one subnet ID per zone, in the order of `zones`.',
      });
    } else if (subnets !== undefined && vpc === undefined) {
      ctx.report({
        code: 'FF223',
        path: ['network', 'public_subnets'],
        atKey: true,
        message: 'network.public_subnets is set without network.vpc; subnets belong to a VPC that must be named',
        hint: 'Add `vpc: vpc-...`, the VPC these subnets belong to.',
      });
    }
    const seen = new Map<string, number>();
    list(subnets).forEach((s, i) => {
      if (typeof s !== 'string') return;
      const first = seen.get(s);
      if (first !== undefined) {
        ctx.report({
          code: 'FF226',
          path: ['network', 'public_subnets', i],
          message: `${at(['network', 'public_subnets', i])} is ${show(s)}, the same as public_subnets[${first}]; a load balancer takes one subnet per zone`,
          hint: 'Give each zone its own public subnet.',
        });
      } else seen.set(s, i);
    });

    const c = str(cidr);
    const parsed = c === undefined ? null : parseCidr(c);
    if (!parsed || c === undefined) return; // the schema or the cidrs check reports malformed blocks
    const prefix = parsed[1];
    if (prefix < VPC_MIN_PREFIX || prefix > VPC_MAX_PREFIX) {
      ctx.report({
        code: 'FF224',
        path: ['network', 'cidr'],
        message: `network.cidr is ${show(c)}, a /${prefix}; a VPC must be /${VPC_MIN_PREFIX} to /${VPC_MAX_PREFIX}`,
        hint: prefix < VPC_MIN_PREFIX ? 'Use a /16 or smaller block, e.g. 10.0.0.0/16.' : 'Use a larger block, e.g. a /24.',
      });
      return;
    }
    const zoneCount = Math.max(zonesOf(ctx.spec).length, 1);
    const subnetPrefix = zoneSubnetPrefix(prefix, zoneCount);
    if (subnetPrefix > ALB_SUBNET_MAX_PREFIX) {
      ctx.report({
        code: 'FF225',
        path: ['network', 'cidr'],
        message: `network.cidr is ${show(c)}; split over ${zoneCount} zone${zoneCount === 1 ? '' : 's'} it gives /${subnetPrefix} subnets (${carveSubnets(c as string, zoneCount).join(', ')}), and an ALB needs at least a /${ALB_SUBNET_MAX_PREFIX} per zone`,
        hint: `Use a /${ALB_SUBNET_MAX_PREFIX - Math.ceil(Math.log2(zoneCount))} or larger block.`,
      });
    }
  },
};
