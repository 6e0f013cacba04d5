/**
 * AWS quotas one fleet can cross on its own. Where AWS cannot raise a limit
 * the fleet is rejected (error); where the limit is a default the account
 * can raise, a warning names the quota and how to raise it, because the
 * apply would otherwise fail half-way. Only what this fleet adds is counted:
 * resources the account already holds count against the same quotas, which
 * no check can see.
 *
 * Quotas and where AWS states them:
 * - Elastic IP addresses per Region: 5, adjustable (Amazon EC2, "EC2-VPC
 *   Elastic IPs", L-0263D0A3).
 *   https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/elastic-ip-addresses-eip.html#using-instance-addressing-limit
 * - Inbound or outbound rules per security group: 60 each, adjustable
 *   (Amazon VPC, L-0EA8095F; rules per group times groups per interface may
 *   not exceed 1,000).
 *   https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html#vpc-limits-security-groups
 * - Targets per target group per Region (instances): 1,000, adjustable;
 *   targets per Application Load Balancer: 1,000, adjustable; target groups
 *   per Application Load Balancer: 100, fixed; target groups per action: 5,
 *   fixed (Fleetform forwards each rule to one group); rules per ALB: 100,
 *   adjustable, and listeners per ALB: 50 (checks `routing` and
 *   `listeners`); ALBs and NLBs per Region: 50 each, adjustable (L-53DA6B97,
 *   L-69A177A2), target groups per Region: 3,000, adjustable (L-B22855CB):
 *   one fleet uses one ALB, at most one NLB and at most 100 + 50 target
 *   groups, so only many fleets in one Region reach those.
 *   https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html
 *   https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-limits.html
 * - Auto Scaling groups per Region: 500, adjustable (Amazon EC2 Auto
 *   Scaling, L-CDE20ADC); per group, fixed: 50 scaling policies, 125
 *   scheduled actions, 20 step adjustments per step policy (the schema
 *   allows 20), 50 lifecycle hooks (Fleetform adds one), 50 Elastic Load
 *   Balancing target groups.
 *   https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-quotas.html
 * - Launch templates per Region: 5,000 (one per proxy and per pool); not
 *   checked: the Auto Scaling group warning (500) comes far earlier.
 *   https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-launch-templates.html
 */
import type { PathSegment } from '../../diagnostics/diagnostic';
import type { Check, CheckContext } from './check';
import { at, entries, hostsOf, int, list, listenersOf, obj, poolsOf, servicePoolNames, serviceHostNames, servicesOf, show, str, zonesOf } from './read';

export const QUOTAS = {
  elasticIps: 5,
  rulesPerSecurityGroup: 60,
  targetsPerTargetGroup: 1000,
  targetsPerAlb: 1000,
  targetGroupsPerAlb: 100,
  autoScalingGroups: 500,
  policiesPerGroup: 50,
  scheduledActionsPerGroup: 125,
  targetGroupsPerGroup: 50,
} as const;

const HOW_TO_RAISE = 'Request an increase in the Service Quotas console before applying';

export const quotas: Check = {
  name: 'quotas',
  codes: {
    FF610: 'the fleet allocates more Elastic IPs than the default quota per Region (5, adjustable; warning)',
    FF611: 'a security group would get more inbound or outbound rules than the default quota (60, adjustable; warning)',
    FF612: 'more targets than the default quota per target group or per ALB (1,000, adjustable; warning)',
    FF613: 'more Auto Scaling groups than the default quota per Region (500, adjustable; warning)',
    FF614: 'more scaling policies (50) or scheduled actions (125) on one Auto Scaling group than AWS allows',
    FF615: 'more target groups on the ALB (100) or on one Auto Scaling group (50) than AWS allows',
  },
  run(ctx) {
    elasticIps(ctx);
    securityGroupRules(ctx);
    targets(ctx);
    autoScaling(ctx);
  },
};

function elasticIps(ctx: CheckContext): void {
  const lb = obj(ctx.spec.load_balancer);
  const s = obj(lb?.static_ips);
  let front = 0;
  if (s && s.internal !== true && !Array.isArray(s.allocations)) {
    const fleetZones = zonesOf(ctx.spec);
    front = s.zones === undefined || s.zones === 'all' ? fleetZones.length : list(s.zones).filter((z) => typeof z === 'string' && fleetZones.includes(z)).length;
  }
  const reverse = hostsOf(ctx.spec).filter((h) => h.value.tunnel === 'reverse').length;
  const total = front + reverse;
  if (total <= QUOTAS.elasticIps) return;
  const parts = [front ? `${front} for the static IPs` : '', reverse ? `${reverse} for reverse-tunnel proxies` : ''].filter(Boolean).join(', ');
  ctx.report({
    code: 'FF610',
    severity: 'warning',
    path: front ? ['load_balancer', 'static_ips'] : ['hosts'],
    atKey: true,
    message: `the fleet allocates ${total} Elastic IP addresses (${parts}); the default quota is ${QUOTAS.elasticIps} per Region, and addresses the account already holds count too`,
    hint: `${HOW_TO_RAISE} (Amazon EC2, "EC2-VPC Elastic IPs", quota code L-0263D0A3), or reuse addresses you hold with load_balancer.static_ips.allocations.`,
  });
}

const uniqueCount = (xs: unknown[]): number => new Set(xs).size;

function securityGroupRules(ctx: CheckContext): void {
  const lb = obj(ctx.spec.load_balancer);
  if (!lb) return;
  const listenerPorts = listenersOf(ctx.spec).map((l) => int(l.value.port)).filter((p) => p !== undefined);
  const ingress = lb.ingress === undefined ? ['0.0.0.0/0'] : list(lb.ingress).filter((c) => typeof c === 'string');
  const s = obj(lb.static_ips);
  const staticPorts = s ? (s.ports === undefined ? listenerPorts : list(s.ports).map(int).filter((p) => p !== undefined)) : [];
  const cidrs = uniqueCount(ingress);
  // modules/security: the ALB admits each listener port from each CIDR and
  // each forwarded port from the NLB's group; the NLB each forwarded port
  // from each CIDR.
  const groups: { name: string; rules: number; path: PathSegment[]; why: string }[] = [
    { name: 'ALB', rules: uniqueCount(listenerPorts) * cidrs + uniqueCount(staticPorts), path: ['load_balancer', 'ingress'], why: `${uniqueCount(listenerPorts)} listener port(s) × ${cidrs} ingress CIDR(s)${staticPorts.length ? ` + ${uniqueCount(staticPorts)} from the NLB` : ''}` },
  ];
  if (s) groups.push({ name: 'static-IP NLB', rules: uniqueCount(staticPorts) * cidrs, path: ['load_balancer', 'ingress'], why: `${uniqueCount(staticPorts)} forwarded port(s) × ${cidrs} ingress CIDR(s)` });
  for (const g of groups) {
    if (g.rules <= QUOTAS.rulesPerSecurityGroup) continue;
    ctx.report({
      code: 'FF611',
      severity: 'warning',
      path: lb.ingress === undefined ? ['load_balancer'] : g.path,
      atKey: true,
      message: `the ${g.name}'s security group would get ${g.rules} inbound rules (${g.why}); the default quota is ${QUOTAS.rulesPerSecurityGroup} inbound rules per security group`,
      hint: `${HOW_TO_RAISE} (Amazon VPC, "Inbound or outbound rules per security group", quota code L-0EA8095F; rules per group × groups per network interface may not exceed 1,000), or use fewer, wider CIDRs.`,
    });
  }
}

function targets(ctx: CheckContext): void {
  const poolMax = new Map<string, number>();
  for (const p of poolsOf(ctx.spec)) {
    const name = str(p.value.name);
    const max = int(obj(p.value.capacity)?.max);
    if (name !== undefined && max !== undefined) poolMax.set(name, max);
  }
  const services = servicesOf(ctx.spec);
  let total = 0;
  for (const s of services) {
    const count = serviceHostNames(ctx.spec, s.value).length + servicePoolNames(s.value).reduce((n, p) => n + (poolMax.get(p) ?? 0), 0);
    total += count;
    if (count > QUOTAS.targetsPerTargetGroup) {
      ctx.report({
        code: 'FF612',
        severity: 'warning',
        path: [...s.path, 'backends'],
        atKey: true,
        message: `${at(s.path)} may register ${count} targets (its hosts' proxies and its pools at max); the default quota is ${QUOTAS.targetsPerTargetGroup} targets per target group`,
        hint: `${HOW_TO_RAISE} (Elastic Load Balancing, "Targets per Target Group per Region"), or lower the pools' max.`,
      });
    }
  }
  if (total > QUOTAS.targetsPerAlb) {
    ctx.report({
      code: 'FF612',
      severity: 'warning',
      path: ['services'],
      atKey: true,
      message: `the services may register ${total} targets on the ALB in all (hosts' proxies and pools at max, per service); the default quota is ${QUOTAS.targetsPerAlb} targets per Application Load Balancer`,
      hint: `${HOW_TO_RAISE} (Elastic Load Balancing, "Targets per Application Load Balancer"), or lower the pools' max.`,
    });
  }
  if (services.length > QUOTAS.targetGroupsPerAlb) {
    ctx.report({
      code: 'FF615',
      path: ['services'],
      atKey: true,
      message: `services has ${services.length} entries, one target group each; an Application Load Balancer takes at most ${QUOTAS.targetGroupsPerAlb} target groups, and AWS cannot raise that`,
      hint: 'Split the services over two fleets (two ALBs).',
    });
  }
}

function autoScaling(ctx: CheckContext): void {
  const pools = poolsOf(ctx.spec);
  const hosts = hostsOf(ctx.spec);
  const selfHealing = obj(ctx.spec.proxies)?.self_healing !== false;
  const groups = (selfHealing ? hosts.length : 0) + pools.length;
  if (groups > QUOTAS.autoScalingGroups) {
    ctx.report({
      code: 'FF613',
      severity: 'warning',
      path: selfHealing && hosts.length ? ['hosts'] : ['pools'],
      atKey: true,
      message: `the fleet creates ${groups} Auto Scaling groups (${selfHealing ? `one per host's proxy, ${hosts.length}, ` : ''}one per pool, ${pools.length}); the default quota is ${QUOTAS.autoScalingGroups} per Region`,
      hint: `${HOW_TO_RAISE} (Amazon EC2 Auto Scaling, "Auto Scaling groups per region", quota code L-CDE20ADC), or set proxies.self_healing: false for plain proxy instances.`,
    });
  }
  const services = servicesOf(ctx.spec);
  for (const p of pools) {
    const scaling = entries(p.value, ['scaling']);
    const schedules = scaling.filter((e) => e.value.schedule !== undefined).length;
    const policies = scaling.length - schedules;
    const base: PathSegment[] = [...p.path, 'scaling'];
    if (policies > QUOTAS.policiesPerGroup) {
      ctx.report({ code: 'FF614', path: base, atKey: true, message: `${at(base)} has ${policies} scaling policies; an Auto Scaling group takes at most ${QUOTAS.policiesPerGroup}, and AWS cannot raise that`, hint: 'Merge policies: one step policy covers several thresholds with its steps.' });
    }
    if (schedules > QUOTAS.scheduledActionsPerGroup) {
      ctx.report({ code: 'FF614', path: base, atKey: true, message: `${at(base)} has ${schedules} scheduled actions; an Auto Scaling group takes at most ${QUOTAS.scheduledActionsPerGroup}, and AWS cannot raise that`, hint: 'Use recurring (cron) schedules instead of one-off times.' });
    }
    const name = str(p.value.name);
    const backed = name === undefined ? 0 : services.filter((s) => servicePoolNames(s.value).includes(name)).length;
    if (backed > QUOTAS.targetGroupsPerGroup) {
      ctx.report({ code: 'FF615', path: [...p.path, 'name'], message: `pool ${show(name)} backs ${backed} services, one target group each; an Auto Scaling group registers with at most ${QUOTAS.targetGroupsPerGroup}, and AWS cannot raise that`, hint: 'Split the services over two pools.' });
    }
  }
}
