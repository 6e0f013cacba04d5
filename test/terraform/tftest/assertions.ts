/**
 * What a mocked apply of a fleet's stack must show, written from the fleet
 * (the checked model: the fleet file with its documented defaults applied)
 * and the documented design (docs/terraform.md), never from the generated
 * JSON. Resource addresses follow the construct paths that docs/terraform.md
 * declares part of the state's contract (`aws_lb.alb`, `aws_lb.static-ip`,
 * `aws_autoscaling_group.proxies_<host>_group`, ...).
 *
 * The only thing read from the configuration is the list of security group
 * rule addresses, so that a rule that should not exist (one a mutation adds,
 * say) is checked as well as those that should.
 */
import type { Fleet, Host, MetricRef, Pool, ScalingPolicy, Service } from '../../../compiler/model/fleet';
import { lit, list, set, str } from './hcl';

export interface Assertion {
  /** What is asserted, in words; also the HCL error message. */
  what: string;
  /** The HCL condition. */
  condition: string;
}

export interface AssertionInput {
  fleet: Fleet;
  /** Addresses of the security group rules the configuration declares. */
  ingressRules: string[];
}

// Addresses (docs/terraform.md, "Resource addresses are construct paths").
const ALB = 'aws_lb.alb';
const NLB = 'aws_lb.static-ip';
const SG = (name: string) => `aws_security_group.security_${name}`;
const serviceTg = (s: string) => `aws_lb_target_group.alb_tg-${s}`;
const albListener = (port: number) => `aws_lb_listener.alb_listener-${port}`;
const nlbTg = (port: number) => `aws_lb_target_group.static-ip_tg-${port}`;
const nlbListener = (port: number) => `aws_lb_listener.static-ip_listener-${port}`;
const nlbAttachment = (port: number) => `aws_lb_target_group_attachment.static-ip_attach-${port}`;
const staticEip = (zone: string) => `aws_eip.static-ip_eip-${zone}`;
const proxyGroup = (h: string) => `aws_autoscaling_group.proxies_${h}_group`;
const proxyInstance = (h: string) => `aws_instance.proxies_${h}_instance`;
const proxyTemplate = (h: string) => `aws_launch_template.proxies_${h}_launch-template`;
const poolGroup = (p: string) => `aws_autoscaling_group.pool-${p}_group`;
const poolTemplate = (p: string) => `aws_launch_template.pool-${p}_launch-template`;
const poolPolicy = (p: string, name: string) => `aws_autoscaling_policy.pool-${p}_${name}`;
const poolAlarm = (p: string, name: string) => `aws_cloudwatch_metric_alarm.pool-${p}_${name}-alarm`;
const poolSchedule = (p: string, name: string) => `aws_autoscaling_schedule.pool-${p}_${name}`;

/** The subnet (ID literal or reference) of each zone, in zone order. */
function subnetOf(fleet: Fleet, zone: string): string {
  const n = fleet.network;
  if (n.kind === 'existing') return str(n.subnets.find((s) => s.zone === zone)!.subnetId);
  return `aws_subnet.network_subnet-${zone}.id`;
}

function vpcId(fleet: Fleet): string {
  return fleet.network.kind === 'existing' ? str(fleet.network.vpcId) : 'aws_vpc.network_vpc.id';
}

export function fleetAssertions(input: AssertionInput): Assertion[] {
  const { fleet } = input;
  const out: Assertion[] = [];
  const a = (what: string, condition: string) => out.push({ what, condition });
  const allSubnets = fleet.zones.map((z) => subnetOf(fleet, z));
  const rules = list(input.ingressRules);

  // The ALB: spread over every zone's subnet (an ALB needs two or more).
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#subnets-load-balancer
  const lb = fleet.loadBalancer;
  a(`the ALB is an application load balancer named ${lb.name}`, `${ALB}.load_balancer_type == "application" && ${ALB}.name == ${str(lb.name)}`);
  a('the ALB spans two or more subnets, one per zone of the fleet', `length(${ALB}.subnets) >= 2 && toset(${ALB}.subnets) == ${set(allSubnets)}`);
  a(`the ALB is ${lb.internal ? 'internal' : 'internet-facing'}`, `${ALB}.internal == ${lit(lb.internal)}`);
  a('the ALB is in the ALB security group', `contains(${ALB}.security_groups, ${SG('alb')}.id)`);
  a(`the ALB's idle timeout is ${lb.idleTimeout} s`, `${ALB}.idle_timeout == ${lb.idleTimeout}`);
  for (const l of lb.listeners) {
    const L = albListener(l.port);
    a(`ALB listener ${l.port} is ${l.protocol} on the ALB`, `${L}.port == ${l.port} && ${L}.protocol == ${str(l.protocol)} && ${L}.load_balancer_arn == ${ALB}.arn`);
    if (l.certificateArn) a(`ALB listener ${l.port} serves the certificate`, `${L}.certificate_arn == ${str(l.certificateArn)}`);
    if (l.redirectTo !== null) {
      a(`ALB listener ${l.port} redirects to ${l.redirectTo}`, `${L}.default_action[0].type == "redirect" && ${L}.default_action[0].redirect[0].port == ${str(String(l.redirectTo))}`);
    } else if (lb.defaultService) {
      a(`ALB listener ${l.port} forwards to service ${lb.defaultService} by default`, `${L}.default_action[0].type == "forward" && ${L}.default_action[0].target_group_arn == ${serviceTg(lb.defaultService)}.arn`);
    } else {
      a(`ALB listener ${l.port} answers unmatched requests with a fixed 404`, `${L}.default_action[0].type == "fixed-response" && ${L}.default_action[0].fixed_response[0].status_code == "404"`);
    }
    for (const cidr of lb.ingress) {
      a(`the ALB admits ${cidr} on ${l.port}`, `anytrue([for r in ${rules} : r.security_group_id == ${SG('alb')}.id && r.from_port == ${l.port} && r.to_port == ${l.port} && r.cidr_ipv4 == ${str(cidr)}])`);
    }
  }

  for (const s of fleet.services) serviceAssertions(a, fleet, s);
  backendNetworkAssertions(a, fleet, rules);
  for (const h of fleet.hosts) hostAssertions(a, fleet, h);
  for (const p of fleet.pools) poolAssertions(a, fleet, p);
  if (fleet.staticIps) staticIpAssertions(a, fleet, rules);
  return out;
}

type Add = (what: string, condition: string) => void;

function serviceAssertions(a: Add, fleet: Fleet, s: Service): void {
  const T = serviceTg(s.name);
  const h = s.health;
  a(`service ${s.name}: target group ${s.targetGroupName}, ${s.protocol} on ${s.port}, instance targets in the fleet's VPC`, `${T}.name == ${str(s.targetGroupName)} && ${T}.port == ${s.port} && ${T}.protocol == ${str(s.protocol)} && ${T}.target_type == "instance" && ${T}.vpc_id == ${vpcId(fleet)}`);
  a(`service ${s.name}: routing algorithm ${s.algorithm}`, `${T}.load_balancing_algorithm_type == ${str(s.algorithm)}`);
  a(
    `service ${s.name}: health check ${h.protocol} ${h.path} on ${h.port}, every ${h.interval}s, timeout ${h.timeout}s, ${h.healthy} healthy / ${h.unhealthy} unhealthy, matcher ${h.matcher}`,
    [
      `${T}.health_check[0].enabled == true`,
      `${T}.health_check[0].path == ${str(h.path)}`,
      `${T}.health_check[0].protocol == ${str(h.protocol)}`,
      `${T}.health_check[0].port == ${str(String(h.port))}`,
      `${T}.health_check[0].interval == ${h.interval}`,
      `${T}.health_check[0].timeout == ${h.timeout}`,
      `${T}.health_check[0].healthy_threshold == ${h.healthy}`,
      `${T}.health_check[0].unhealthy_threshold == ${h.unhealthy}`,
      `${T}.health_check[0].matcher == ${str(h.matcher)}`,
    ].join(' && '),
  );
  a(`service ${s.name}: deregistration delay ${s.deregistrationDelay}s, slow start ${s.slowStart}s`, `tonumber(${T}.deregistration_delay) == ${s.deregistrationDelay} && ${T}.slow_start == ${s.slowStart}`);
}

/** Proxies and pool instances admit only the ALB, and only on their service port. */
function backendNetworkAssertions(a: Add, fleet: Fleet, rules: string): void {
  const groups: { name: string; ports: number[] }[] = [];
  const hostPorts = [...new Set(fleet.hosts.map((h) => h.servicePort).filter((p): p is number => p !== null))];
  if (fleet.hosts.length) groups.push({ name: 'proxies', ports: hostPorts });
  const poolPorts = [...new Set(fleet.pools.map((p) => p.servicePort).filter((p): p is number => p !== null))];
  if (fleet.pools.length) groups.push({ name: 'pools', ports: poolPorts });
  for (const g of groups) {
    const S = SG(g.name);
    a(`the ${g.name} group has no inline rules (every rule is its own resource)`, `length(${S}.ingress) == 0`);
    a(
      `every ingress rule of the ${g.name} group admits only the ALB's group, on a service port (${g.ports.join(', ')})`,
      `alltrue([for r in ${rules} : r.security_group_id != ${S}.id || (r.referenced_security_group_id == ${SG('alb')}.id && r.cidr_ipv4 == null && r.cidr_ipv6 == null && r.prefix_list_id == null && contains(${list(g.ports.map(String))}, r.from_port) && r.to_port == r.from_port && r.ip_protocol == "tcp")])`,
    );
    for (const port of g.ports) {
      a(`the ${g.name} group admits the ALB on ${port}`, `anytrue([for r in ${rules} : r.security_group_id == ${S}.id && r.referenced_security_group_id == ${SG('alb')}.id && r.from_port == ${port}])`);
    }
  }
  for (const h of fleet.hosts) {
    if (h.tunnel.direction !== 'reverse') continue;
    const S = SG(`ssh-${h.name}`);
    a(`host ${h.name}: SSH to its proxy only from ${h.tunnel.dialsFrom}`, `alltrue([for r in ${rules} : r.security_group_id != ${S}.id || (r.cidr_ipv4 == ${str(h.tunnel.dialsFrom)} && r.from_port == 22 && r.to_port == 22)]) && anytrue([for r in ${rules} : r.security_group_id == ${S}.id])`);
  }
}

function tgArns(services: string[]): string {
  return set(services.map((s) => `${serviceTg(s)}.arn`));
}

function hostAssertions(a: Add, fleet: Fleet, h: Host): void {
  a(`host ${h.name}: its proxy requires IMDSv2`, `${proxyTemplate(h.name)}.metadata_options[0].http_tokens == "required"`);
  if (!fleet.proxies.selfHealing) {
    // A plain instance (proxies.self_healing: false): its subnet comes from the template's interface,
    // and one attachment per service registers it.
    const I = proxyInstance(h.name);
    a(`host ${h.name}: its proxy instance launches from its template in ${h.zone}'s subnet`, `${I}.launch_template[0].id == ${proxyTemplate(h.name)}.id && ${proxyTemplate(h.name)}.network_interfaces[0].subnet_id == ${subnetOf(fleet, h.zone)}`);
    h.services.forEach((s, i) => {
      const T = `aws_lb_target_group_attachment.proxies_${h.name}_attachment-${i}`;
      a(`host ${h.name}: its proxy instance is registered with service ${s}'s target group`, `${T}.target_id == ${I}.id && ${T}.target_group_arn == ${serviceTg(s)}.arn`);
    });
    return;
  }
  const G = proxyGroup(h.name);
  a(`host ${h.name}: its proxy is a self-healing group of one in ${h.zone}`, `${G}.min_size == 1 && ${G}.max_size == 1 && ${G}.vpc_zone_identifier == toset([${subnetOf(fleet, h.zone)}])`);
  a(`host ${h.name}: its proxy group is registered with the target groups of ${h.services.join(', ') || 'no service'}`, `toset(${G}.target_group_arns) == ${tgArns(h.services)}`);
  a(`host ${h.name}: its proxy group launches from its own template`, `${G}.launch_template[0].id == ${proxyTemplate(h.name)}.id`);
}

function poolAssertions(a: Add, fleet: Fleet, p: Pool): void {
  const G = poolGroup(p.name);
  a(`pool ${p.name}: group ${p.asgName}, min ${p.capacity.min} / desired ${p.capacity.desired} / max ${p.capacity.max}`, `${G}.name == ${str(p.asgName)} && ${G}.min_size == ${p.capacity.min} && ${G}.desired_capacity == ${p.capacity.desired} && ${G}.max_size == ${p.capacity.max}`);
  a(`pool ${p.name}: spans every zone's subnet`, `toset(${G}.vpc_zone_identifier) == ${set(fleet.zones.map((z) => subnetOf(fleet, z)))}`);
  a(`pool ${p.name}: registered with the target groups of ${p.services.join(', ') || 'no service'}`, `toset(${G}.target_group_arns) == ${tgArns(p.services)}`);
  a(`pool ${p.name}: load balancer health checks after a ${p.healthGrace}s grace`, `${G}.health_check_type == "ELB" && ${G}.health_check_grace_period == ${p.healthGrace}`);
  a(`pool ${p.name}: instances require IMDSv2 and run ${p.instanceType}`, `${poolTemplate(p.name)}.metadata_options[0].http_tokens == "required" && ${poolTemplate(p.name)}.instance_type == ${str(p.instanceType)}`);
  // An apply waits for capacity longer than an instance may stay in the readiness hook, or it gives up
  // on a model still loading and taints the group (issue 10, defect 2).
  const r = p.readiness;
  a(
    `pool ${p.name}: the readiness hook (${r.hookTimeout}s) ends before the apply stops waiting (${r.applyTimeout}s)`,
    `length(${G}.initial_lifecycle_hook) == 1 && alltrue([for h in ${G}.initial_lifecycle_hook : h.lifecycle_transition == "autoscaling:EC2_INSTANCE_LAUNCHING" && h.heartbeat_timeout == ${r.hookTimeout} && tonumber(trimsuffix(${G}.wait_for_capacity_timeout, "s")) > h.heartbeat_timeout]) && ${G}.wait_for_capacity_timeout == ${str(`${r.applyTimeout}s`)}`,
  );
  // 1-minute EC2 metrics exist only with detailed monitoring (issue 10, defect 4);
  // https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/manage-detailed-monitoring.html
  a(`pool ${p.name}: detailed monitoring ${p.detailedMonitoring ? 'on' : 'off'}`, `try(${poolTemplate(p.name)}.monitoring[0].enabled, false) == ${p.detailedMonitoring}`);
  for (const s of p.scaling) scalingAssertions(a, p, s);
}

/** AWS's predefined metric names (https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_PredefinedMetricSpecification.html). */
const TRACKING_METRIC: Record<string, string> = { cpu: 'ASGAverageCPUUtilization', network_in: 'ASGAverageNetworkIn', network_out: 'ASGAverageNetworkOut', requests_per_target: 'ALBRequestCountPerTarget' };
/** https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_PredictiveScalingPredefinedMetricPair.html */
const PREDICTIVE_PAIR: Record<string, string> = { cpu: 'ASGCPUUtilization', network_in: 'ASGNetworkIn', network_out: 'ASGNetworkOut', requests_per_target: 'ALBRequestCount' };
/** The CloudWatch metric behind an alarm (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/viewing_metrics_with_cloudwatch.html). */
function alarmMetric(m: MetricRef): { namespace: string; name: string } | null {
  switch (m.kind) {
    case 'cpu':
      return { namespace: 'AWS/EC2', name: 'CPUUtilization' };
    case 'network_in':
      return { namespace: 'AWS/EC2', name: 'NetworkIn' };
    case 'network_out':
      return { namespace: 'AWS/EC2', name: 'NetworkOut' };
    case 'requests_per_target':
      return { namespace: 'AWS/ApplicationELB', name: 'RequestCountPerTarget' };
    case 'custom':
      return { namespace: m.namespace, name: m.name };
  }
}

function resourceLabel(service: string): string {
  return `"\${${ALB}.arn_suffix}/\${${serviceTg(service)}.arn_suffix}"`;
}

function scalingAssertions(a: Add, p: Pool, s: ScalingPolicy): void {
  const G = poolGroup(p.name);
  if (s.kind === 'schedule') {
    const S = poolSchedule(p.name, s.name);
    // -1 leaves a size unchanged (https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_PutScheduledUpdateGroupAction.html).
    const parts = [
      `${S}.autoscaling_group_name == ${G}.name`,
      `${S}.scheduled_action_name == ${str(s.name)}`,
      `${S}.min_size == ${s.min ?? -1}`,
      `${S}.max_size == ${s.max ?? -1}`,
      `${S}.desired_capacity == ${s.desired ?? -1}`,
    ];
    if (s.recurrence) parts.push(`${S}.recurrence == ${str(s.recurrence)}`, `${S}.time_zone == ${str(s.timezone)}`);
    if (s.startTime) parts.push(`${S}.start_time == ${str(s.startTime)}`);
    if (s.endTime) parts.push(`${S}.end_time == ${str(s.endTime)}`);
    a(`pool ${p.name}: schedule ${s.name} (${s.recurrence ?? s.startTime}) sets min ${s.min ?? '-'} / desired ${s.desired ?? '-'} / max ${s.max ?? '-'}`, parts.join(' && '));
    return;
  }
  const P = poolPolicy(p.name, s.name);
  const on = `${P}.autoscaling_group_name == ${G}.name && ${P}.name == ${str(s.name)}`;
  switch (s.kind) {
    case 'target_tracking': {
      const c = `${P}.target_tracking_configuration[0]`;
      const parts = [on, `${P}.policy_type == "TargetTrackingScaling"`, `${c}.target_value == ${s.target}`, `${c}.disable_scale_in == ${s.disableScaleIn}`];
      if (s.metric.kind === 'custom') {
        parts.push(`${c}.customized_metric_specification[0].metric_name == ${str(s.metric.name)}`, `${c}.customized_metric_specification[0].namespace == ${str(s.metric.namespace)}`, `${c}.customized_metric_specification[0].statistic == ${str(s.metric.statistic)}`);
      } else {
        parts.push(`${c}.predefined_metric_specification[0].predefined_metric_type == ${str(TRACKING_METRIC[s.metric.kind])}`);
        if (s.metric.kind === 'requests_per_target') parts.push(`${c}.predefined_metric_specification[0].resource_label == ${resourceLabel(s.metric.service)}`);
      }
      a(`pool ${p.name}: target tracking ${s.name} keeps ${s.metric.kind} at ${s.target}`, parts.join(' && '));
      return;
    }
    case 'step':
    case 'simple': {
      const parts = [on, `${P}.adjustment_type == ${str(s.adjustmentType)}`];
      if (s.kind === 'step') {
        parts.push(`${P}.policy_type == "StepScaling"`, `length(${P}.step_adjustment) == ${s.steps.length}`);
        for (const st of s.steps) {
          const lo = st.lower === null ? `try(tonumber(x.metric_interval_lower_bound), null) == null` : `try(tonumber(x.metric_interval_lower_bound), null) == ${st.lower}`;
          const hi = st.upper === null ? `try(tonumber(x.metric_interval_upper_bound), null) == null` : `try(tonumber(x.metric_interval_upper_bound), null) == ${st.upper}`;
          parts.push(`anytrue([for x in ${P}.step_adjustment : ${lo} && ${hi} && x.scaling_adjustment == ${st.change}])`);
        }
      } else {
        parts.push(`${P}.policy_type == "SimpleScaling"`, `${P}.scaling_adjustment == ${s.change}`, `${P}.cooldown == ${s.cooldown}`);
      }
      a(`pool ${p.name}: ${s.kind} scaling ${s.name} (${s.adjustmentType})`, parts.join(' && '));
      const A = poolAlarm(p.name, s.name);
      const al = s.alarm;
      const m = alarmMetric(al.metric);
      const alarm = [
        `${A}.alarm_name == ${str(al.name)}`,
        `${A}.comparison_operator == ${str(al.comparison)}`,
        `${A}.threshold == ${al.threshold}`,
        `${A}.period == ${al.period}`,
        `${A}.evaluation_periods == ${al.evaluationPeriods}`,
        `${A}.alarm_actions == toset([${P}.arn])`,
      ];
      if (m) alarm.push(`${A}.namespace == ${str(m.namespace)}`, `${A}.metric_name == ${str(m.name)}`);
      if (al.metric.kind === 'cpu' || al.metric.kind === 'network_in' || al.metric.kind === 'network_out') alarm.push(`${A}.dimensions["AutoScalingGroupName"] == ${G}.name`);
      a(`pool ${p.name}: alarm ${al.name} fires ${s.name} when ${al.metric.kind} ${al.comparison} ${al.threshold} for ${al.evaluationPeriods} × ${al.period}s`, alarm.join(' && '));
      return;
    }
    case 'predictive': {
      const c = `${P}.predictive_scaling_configuration[0]`;
      const pair = `${c}.metric_specification[0].predefined_metric_pair_specification[0]`;
      const parts = [
        on,
        `${P}.policy_type == "PredictiveScaling"`,
        `${c}.mode == ${str(s.mode)}`,
        `tonumber(${c}.scheduling_buffer_time) == ${s.buffer}`,
        `${c}.max_capacity_breach_behavior == ${str(s.maxCapacityBreach)}`,
        `${c}.metric_specification[0].target_value == ${s.target}`,
        `${pair}.predefined_metric_type == ${str(PREDICTIVE_PAIR[s.metric])}`,
      ];
      if (s.maxCapacityBuffer !== null) parts.push(`tonumber(${c}.max_capacity_buffer) == ${s.maxCapacityBuffer}`);
      if (s.service) parts.push(`${pair}.resource_label == ${resourceLabel(s.service)}`);
      a(`pool ${p.name}: predictive scaling ${s.name} (${s.mode}, ${s.metric} at ${s.target})`, parts.join(' && '));
      return;
    }
  }
}

function staticIpAssertions(a: Add, fleet: Fleet, rules: string): void {
  const si = fleet.staticIps!;
  a(`the static-IP front door is a network load balancer named ${si.name}, ${si.internal ? 'internal' : 'internet-facing'}`, `${NLB}.load_balancer_type == "network" && ${NLB}.name == ${str(si.name)} && ${NLB}.internal == ${lit(si.internal)}`);
  // One Elastic IP per zone, each mapped to that zone's subnet.
  const allocations = si.addresses.map((x) => (x.allocationId ? str(x.allocationId) : `${staticEip(x.zone)}.id`));
  a(
    `one Elastic IP per zone (${si.addresses.map((x) => x.zone).join(', ')}), each on its zone's subnet`,
    `length(${NLB}.subnet_mapping) == ${si.addresses.length} && toset([for m in ${NLB}.subnet_mapping : m.allocation_id]) == ${set(allocations)} && toset([for m in ${NLB}.subnet_mapping : m.subnet_id]) == ${set(si.addresses.map((x) => subnetOf(fleet, x.zone)))}`,
  );
  for (const x of si.addresses) {
    if (x.allocationId) continue;
    a(`the Elastic IP of ${x.zone} is a VPC address`, `${staticEip(x.zone)}.domain == "vpc"`);
  }
  a(`the static_ips output lists ${si.addresses.length} distinct addresses`, `length(output.static_ips) == ${si.addresses.length} && length(toset(output.static_ips)) == ${si.addresses.length}`);
  for (const p of si.ports) {
    const T = nlbTg(p.port);
    // https://docs.aws.amazon.com/elasticloadbalancing/latest/network/application-load-balancer-target.html
    a(`NLB target group ${p.targetGroupName}: target type alb, TCP, on the ALB listener's port ${p.port}`, `${T}.name == ${str(p.targetGroupName)} && ${T}.target_type == "alb" && ${T}.protocol == "TCP" && ${T}.port == ${p.port} && ${T}.port == ${albListener(p.port)}.port && ${T}.vpc_id == ${vpcId(fleet)}`);
    a(`NLB target group ${p.targetGroupName} has the ALB as its target`, `${nlbAttachment(p.port)}.target_group_arn == ${T}.arn && ${nlbAttachment(p.port)}.target_id == ${ALB}.arn && ${nlbAttachment(p.port)}.port == ${p.port}`);
    // An internal ALB behind the NLB still sees the clients' addresses and the NLB's health checks,
    // so its group admits both (https://docs.aws.amazon.com/elasticloadbalancing/latest/network/application-load-balancer-target.html).
    a(`the ALB admits the NLB's group on ${p.port}`, `anytrue([for r in ${rules} : r.security_group_id == ${SG('alb')}.id && r.referenced_security_group_id == ${SG('nlb')}.id && r.from_port == ${p.port}])`);
    a(`NLB listener ${p.port}: TCP on the NLB, forwarding to ${p.targetGroupName}`, `${nlbListener(p.port)}.load_balancer_arn == ${NLB}.arn && ${nlbListener(p.port)}.protocol == "TCP" && ${nlbListener(p.port)}.port == ${p.port} && ${nlbListener(p.port)}.default_action[0].target_group_arn == ${T}.arn`);
    for (const cidr of fleet.loadBalancer.ingress) {
      a(`the NLB admits ${cidr} on ${p.port}`, `anytrue([for r in ${rules} : r.security_group_id == ${SG('nlb')}.id && r.from_port == ${p.port} && r.cidr_ipv4 == ${str(cidr)}])`);
    }
  }
  const defaultSvc = fleet.loadBalancer.defaultService ? fleet.services.find((s) => s.name === fleet.loadBalancer.defaultService) : null;
  for (const p of si.ports) {
    const listener = fleet.loadBalancer.listeners.find((l) => l.port === p.port);
    // The NLB checks the ALB through the listener with the default service's health check (docs/terraform.md).
    if (defaultSvc && listener && listener.redirectTo === null) {
      a(`NLB target group ${p.targetGroupName} checks the ALB with service ${defaultSvc.name}'s health path`, `${nlbTg(p.port)}.health_check[0].path == ${str(defaultSvc.health.path)}`);
    }
  }
}
