/**
 * The fleet's Availability Zones: each belongs to the region, none twice, at
 * least two distinct ones for the ALB, and with an existing VPC one public
 * subnet per zone.
 */
import type { Check } from './check';
import { at, list, obj, show, str } from './read';

// "You must specify subnets from at least two Availability Zones."
// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#availability-zones
const ALB_MIN_ZONES = 2;

export const zones: Check = {
  name: 'zones',
  codes: {
    FF218: 'a zone is not in the fleet region',
    FF219: 'a zone is listed twice',
    FF220: 'fewer than two distinct zones: an ALB needs at least two',
    FF221: 'network.public_subnets does not have one subnet per zone',
  },
  run(ctx) {
    const { spec } = ctx;
    const region = str(spec.region);
    const raw = list(spec.zones);
    const seen = new Map<string, number>();
    raw.forEach((z, i) => {
      if (typeof z !== 'string') return;
      const path = ['zones', i];
      if (region !== undefined && z.slice(0, -1) !== region) {
        ctx.report({
          code: 'FF218',
          path,
          message: `${at(path)} is ${show(z)}, which is not a zone of region ${region}; zones of ${region} are named ${region}a, ${region}b, ...`,
          hint: `Use zones of ${region}, or change \`region\` to the region these zones belong to.`,
        });
      }
      const first = seen.get(z);
      if (first !== undefined) {
        ctx.report({
          code: 'FF219',
          path,
          message: `${at(path)} is ${show(z)}, the same as zones[${first}]`,
          hint: 'Remove the duplicate: each zone gets one subnet, and the ALB needs two distinct zones.',
        });
      } else seen.set(z, i);
    });
    const strings = raw.filter((z): z is string => typeof z === 'string');
    if (strings.length > 0 && seen.size < ALB_MIN_ZONES) {
      ctx.report({
        code: 'FF220',
        path: ['zones'],
        message: `zones has ${seen.size} distinct zone (${[...seen.keys()].join(', ')}); an Application Load Balancer needs at least ${ALB_MIN_ZONES}`,
        hint: `Add a second zone of ${region ?? 'the region'}, e.g. zones: [${[...seen.keys()][0]}, ${region ? `${region}${[...seen.keys()][0]?.endsWith('a') ? 'c' : 'a'}` : '...'}].`,
      });
    }
    const network = obj(spec.network);
    const subnets = network?.public_subnets;
    if (Array.isArray(subnets) && str(network?.vpc) !== undefined && subnets.length !== raw.length && raw.length > 0) {
      ctx.report({
        code: 'FF221',
        path: ['network', 'public_subnets'],
        message: `${at(['network', 'public_subnets'])} has ${subnets.length} subnet${subnets.length === 1 ? '' : 's'} for ${raw.length} zone${raw.length === 1 ? '' : 's'}; give one public subnet per zone, in the order of zones`,
        hint: 'List exactly one public subnet of each zone, in the same order as `zones`.',
      });
    }
  },
};
