/**
 * The static-IP NLB in front of the ALB. Elastic IPs attach only to an
 * internet-facing NLB, one per zone (subnet mapping), so existing
 * allocations must match the static-IP zones one to one. Either NLB scheme
 * may front either ALB scheme: AWS requires only that both sit in the same
 * VPC and account, which Fleetform guarantees by building both in
 * `network`.
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/network/application-load-balancer-target.html
 */
import type { Check } from './check';
import { list, obj, zonesOf } from './read';

// Listeners per Network Load Balancer: 50.
// https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-limits.html
const NLB_LISTENERS_MAX = 50;

export const staticIps: Check = {
  name: 'static-ips',
  codes: {
    FF248: 'Elastic IP allocations on an internal NLB',
    FF249: 'the number of allocations differs from the number of static-IP zones',
    FF250: 'more static-IP ports than an NLB has listeners (50)',
  },
  run(ctx) {
    const s = obj(obj(ctx.spec.load_balancer)?.static_ips);
    if (!s) return;
    const base = ['load_balancer', 'static_ips'];
    const allocations = s.allocations;
    if (s.internal === true && allocations !== undefined) {
      // "You can't assign an Elastic IP address to an internal Network Load Balancer."
      // https://docs.aws.amazon.com/elasticloadbalancing/latest/network/network-load-balancers.html#ip-address-type
      ctx.report({
        code: 'FF248',
        path: [...base, 'allocations'],
        atKey: true,
        message: 'load_balancer.static_ips.allocations is set on an internal NLB (static_ips.internal: true); Elastic IPs attach only to an internet-facing NLB',
        hint: 'Remove `internal: true` to keep the public static IPs, or remove `allocations` for private addresses only.',
      });
    } else if (Array.isArray(allocations)) {
      const fleetZones = zonesOf(ctx.spec);
      const zones = s.zones === undefined || s.zones === 'all' ? fleetZones : list(s.zones).filter((z) => typeof z === 'string' && fleetZones.includes(z));
      if (zones.length > 0 && allocations.length !== zones.length) {
        ctx.report({
          code: 'FF249',
          path: [...base, 'allocations'],
          message: `load_balancer.static_ips.allocations has ${allocations.length} allocation${allocations.length === 1 ? '' : 's'} for ${zones.length} static-IP zone${zones.length === 1 ? '' : 's'} (${zones.join(', ')}); give one per zone, in order`,
          hint: 'Each zone of the NLB takes exactly one Elastic IP: list one allocation ID per zone, or omit `allocations` to let Fleetform allocate them.',
        });
      }
    }
    const ports = s.ports;
    if (Array.isArray(ports) && ports.length > NLB_LISTENERS_MAX) {
      ctx.report({
        code: 'FF250',
        path: [...base, 'ports'],
        message: `load_balancer.static_ips.ports has ${ports.length} ports; an NLB has at most ${NLB_LISTENERS_MAX} listeners`,
        hint: 'Forward fewer ports.',
      });
    }
  },
};
