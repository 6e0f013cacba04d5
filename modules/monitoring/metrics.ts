/**
 * The CloudWatch metrics a fleet can be watched by, with the dimension sets
 * each is published with. Pure data (no CDKTF): the checker proves every
 * alarm of fleet.yaml names a metric that exists with those dimensions, and
 * the construct validates the alarms it is given against the same table.
 *
 * An alarm on a metric that is never published with its dimensions is not
 * rejected by PutMetricAlarm: it sits in INSUFFICIENT_DATA forever, which is
 * worse. So "exists with these dimensions" is checked as strictly as a
 * rejection.
 *
 * Sources:
 * - ALB: https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html
 * - NLB: https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-cloudwatch-metrics.html
 * - Auto Scaling group metrics: https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-metrics.html
 * - EC2: https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/viewing_metrics_with_cloudwatch.html
 * - CloudWatch agent NVIDIA metrics: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch-Agent-NVIDIA-GPU.html
 */

/** A set of dimension names a metric is published with, sorted. */
export type DimensionSet = readonly string[];

const LB = ['LoadBalancer'];
const AZ_LB = ['AvailabilityZone', 'LoadBalancer'];
const LB_TG = ['LoadBalancer', 'TargetGroup'];
const AZ_LB_TG = ['AvailabilityZone', 'LoadBalancer', 'TargetGroup'];
/** Load balancer level only: no TargetGroup dimension. */
const LB_ONLY: DimensionSet[] = [LB, AZ_LB];
/** Per load balancer and per target group. */
const LB_AND_TG: DimensionSet[] = [LB, AZ_LB, LB_TG, AZ_LB_TG];
/** Target group only (health counts). */
const TG_ONLY: DimensionSet[] = [LB_TG, AZ_LB_TG];

const ALB_METRICS: Record<string, DimensionSet[]> = {
  ActiveConnectionCount: LB_ONLY,
  ConsumedLCUs: [LB],
  HealthyHostCount: TG_ONLY,
  HTTPCode_ELB_3XX_Count: LB_ONLY,
  HTTPCode_ELB_4XX_Count: LB_ONLY,
  HTTPCode_ELB_5XX_Count: LB_ONLY,
  HTTPCode_ELB_500_Count: LB_ONLY,
  HTTPCode_ELB_502_Count: LB_ONLY,
  HTTPCode_ELB_503_Count: LB_ONLY,
  HTTPCode_ELB_504_Count: LB_ONLY,
  HTTPCode_Target_2XX_Count: LB_AND_TG,
  HTTPCode_Target_3XX_Count: LB_AND_TG,
  HTTPCode_Target_4XX_Count: LB_AND_TG,
  HTTPCode_Target_5XX_Count: LB_AND_TG,
  NewConnectionCount: LB_ONLY,
  ProcessedBytes: LB_ONLY,
  RejectedConnectionCount: LB_ONLY,
  RequestCount: LB_AND_TG,
  RequestCountPerTarget: [['TargetGroup'], LB_TG, AZ_LB_TG],
  TargetConnectionErrorCount: LB_AND_TG,
  TargetResponseTime: LB_AND_TG,
  UnHealthyHostCount: TG_ONLY,
};

const NLB_METRICS: Record<string, DimensionSet[]> = {
  ActiveFlowCount: LB_ONLY,
  ConsumedLCUs: [LB],
  HealthyHostCount: TG_ONLY,
  NewFlowCount: LB_ONLY,
  ProcessedBytes: LB_ONLY,
  TCP_Client_Reset_Count: LB_ONLY,
  TCP_ELB_Reset_Count: LB_ONLY,
  TCP_Target_Reset_Count: LB_ONLY,
  UnHealthyHostCount: TG_ONLY,
};

const ASG = ['AutoScalingGroupName'];
const GROUP_METRICS: Record<string, DimensionSet[]> = Object.fromEntries(
  [
    'GroupMinSize',
    'GroupMaxSize',
    'GroupDesiredCapacity',
    'GroupInServiceInstances',
    'GroupPendingInstances',
    'GroupStandbyInstances',
    'GroupTerminatingInstances',
    'GroupTotalInstances',
  ].map((m) => [m, [ASG]]),
);

/** EC2 metrics, aggregated over the region or an Auto Scaling group, or per instance. */
const EC2_DIMS: DimensionSet[] = [[], ASG, ['InstanceId'], ['InstanceType'], ['ImageId']];
const EC2_METRICS: Record<string, DimensionSet[]> = Object.fromEntries(
  ['CPUUtilization', 'NetworkIn', 'NetworkOut', 'NetworkPacketsIn', 'NetworkPacketsOut', 'StatusCheckFailed', 'StatusCheckFailed_Instance', 'StatusCheckFailed_System', 'EBSReadOps', 'EBSWriteOps', 'EBSReadBytes', 'EBSWriteBytes'].map((m) => [m, EC2_DIMS]),
);

/** The proxies' per-host health (1 answered through the tunnel, 0 did not). */
export const HOST_HEALTH_METRIC = 'TunnelHealthy';
/** Pool instances that gave up on readiness (abandoned launches), 1 per instance. */
export const POOL_NOT_READY_METRIC = 'PoolNotReady';
/**
 * NVIDIA measurements the agent collects on pool instances. The agent
 * publishes each as `nvidia_smi_<measurement>`; with the pool's
 * aggregation dimensions, also per Auto Scaling group alone.
 */
export const GPU_MEASUREMENTS = ['utilization_gpu', 'utilization_memory', 'memory_used', 'memory_total', 'temperature_gpu', 'power_draw'] as const;
export const gpuMetricName = (m: string): string => `nvidia_smi_${m}`;

/** The fleet's own namespace: what its proxies and its pools' agents publish. */
export function fleetNamespaceMetrics(): Record<string, DimensionSet[]> {
  const out: Record<string, DimensionSet[]> = { [HOST_HEALTH_METRIC]: [['Host']], [POOL_NOT_READY_METRIC]: [['Pool']] };
  for (const m of GPU_MEASUREMENTS) out[gpuMetricName(m)] = [ASG];
  return out;
}

export const AWS_NAMESPACES: Record<string, Record<string, DimensionSet[]>> = {
  'AWS/ApplicationELB': ALB_METRICS,
  'AWS/NetworkELB': NLB_METRICS,
  'AWS/AutoScaling': GROUP_METRICS,
  'AWS/EC2': EC2_METRICS,
};

/** The fleet's namespace: `Fleetform/<fleet>`. */
export const fleetNamespace = (fleet: string): string => `Fleetform/${fleet}`;

/**
 * EC2 publishes basic-monitoring metrics every 5 minutes: a shorter alarm
 * period sees empty periods. Detailed monitoring (1 minute) is not enabled
 * on Fleetform's launch templates.
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/manage-detailed-monitoring.html
 */
export const EC2_BASIC_MONITORING_PERIOD = 300;

/** Where `metric` of `namespace` is published, or undefined when the namespace or metric is unknown. */
export function dimensionSetsOf(namespace: string, metric: string, fleet: string): DimensionSet[] | undefined {
  const table = namespace === fleetNamespace(fleet) ? fleetNamespaceMetrics() : AWS_NAMESPACES[namespace];
  return table?.[metric];
}

/** Where a metric of another namespace lives, for "did you mean the other load balancer type". */
export function namespacesWith(metric: string): string[] {
  return Object.entries(AWS_NAMESPACES)
    .filter(([, table]) => metric in table)
    .map(([ns]) => ns);
}

/**
 * CloudWatch statistics: the five simple ones, or an extended statistic.
 * Percentiles are `p` and a number from 0 to 100 with up to two decimals;
 * trimmed and windsorized means, trimmed count and sum, and percentile rank
 * take a percentage or a range.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Statistics-definitions.html
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html (ExtendedStatistic)
 */
export const SIMPLE_STATISTICS = ['Average', 'Sum', 'Minimum', 'Maximum', 'SampleCount'] as const;

const NUMBER = '(?:100(?:\\.0{1,2})?|[0-9]{1,2}(?:\\.[0-9]{1,2})?)';
const PERCENTILE = new RegExp(`^p${NUMBER}$`);
const SHORT_EXTENDED = new RegExp(`^(?:tm|wm|tc|ts)${NUMBER}$`);
const RANGE_EXTENDED = /^(?:TM|WM|TC|TS|PR)\((?:[0-9.]+%?)?:(?:[0-9.]+%?)?\)$/;

/** Why `stat` is not a statistic CloudWatch accepts, or null when it is. */
export function statisticProblem(stat: string): string | null {
  if ((SIMPLE_STATISTICS as readonly string[]).includes(stat)) return null;
  if (/^p/.test(stat)) return PERCENTILE.test(stat) ? null : 'a percentile is p followed by a number from 0 to 100 with at most two decimals, e.g. p90, p99 or p99.9';
  if (SHORT_EXTENDED.test(stat) || RANGE_EXTENDED.test(stat)) return null;
  const simple = SIMPLE_STATISTICS.find((s) => s.toLowerCase() === stat.toLowerCase());
  if (simple) return `statistics are case-sensitive: write ${simple}`;
  return `not a CloudWatch statistic; use ${SIMPLE_STATISTICS.join(', ')} or a percentile such as p99`;
}

/** Whether a statistic goes to ExtendedStatistic (percentiles and friends) rather than Statistic. */
export const isExtendedStatistic = (stat: string): boolean => !(SIMPLE_STATISTICS as readonly string[]).includes(stat);

/** What a custom alarm names: a service, pool, host, load balancer, or nothing. */
export type AlarmSubject = 'service' | 'pool' | 'host' | 'load-balancer' | 'none';

/**
 * The dimensions an alarm on `metric` gets for its subject: a service is its
 * target group on the ALB, a pool its Auto Scaling group (or `Pool` for the
 * readiness count), a host its `Host` in the fleet namespace (its proxy's
 * group elsewhere), a load balancer itself. Sorted.
 */
export function subjectDimensionNames(namespace: string, metric: string, subject: AlarmSubject, fleet: string): string[] {
  const own = namespace === fleetNamespace(fleet);
  switch (subject) {
    case 'service':
      return ['LoadBalancer', 'TargetGroup'];
    case 'load-balancer':
      return ['LoadBalancer'];
    case 'pool':
      return own && metric === POOL_NOT_READY_METRIC ? ['Pool'] : ['AutoScalingGroupName'];
    case 'host':
      return own ? ['Host'] : ['AutoScalingGroupName'];
    case 'none':
      return [];
  }
}
