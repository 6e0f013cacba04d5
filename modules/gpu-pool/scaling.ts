/**
 * Scaling policies, alarms and scheduled actions of one pool. Each kind maps
 * to the AWS provider's shape:
 * - target tracking: predefined metrics (ALB requests per target needs the
 *   resource label `app/<alb>/<id>/targetgroup/<tg>/<id>`, the two ARN
 *   suffixes joined by `/`) or a customized CloudWatch metric;
 * - step and simple scaling: a policy plus the CloudWatch alarm that fires it;
 * - scheduled actions: cron recurrence with an IANA time zone;
 * - predictive scaling: a predefined metric pair.
 * https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_PredefinedMetricSpecification.html
 * https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_PredictiveScalingPredefinedMetricPair.html
 */
import { Construct } from 'constructs';
import { AutoscalingPolicy } from '@cdktf/provider-aws/lib/autoscaling-policy';
import { AutoscalingSchedule } from '@cdktf/provider-aws/lib/autoscaling-schedule';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';

/** What a policy or alarm measures. */
export type PoolMetric =
  | { kind: 'cpu' }
  | { kind: 'network_in' }
  | { kind: 'network_out' }
  /** ALB requests per target of one target group the pool is registered with. */
  | { kind: 'requests_per_target'; loadBalancerArnSuffix: string; targetGroupArnSuffix: string }
  | {
      kind: 'custom';
      namespace: string;
      name: string;
      statistic: 'Average' | 'Minimum' | 'Maximum' | 'Sum' | 'SampleCount';
      /** @default - none */
      unit?: string | null;
      dimensions: { name: string; value: string }[];
    };

export interface PoolAlarm {
  /** CloudWatch alarm name. */
  name: string;
  metric: PoolMetric;
  comparison: 'GreaterThanThreshold' | 'LessThanThreshold' | 'GreaterThanOrEqualToThreshold' | 'LessThanOrEqualToThreshold';
  threshold: number;
  /** Seconds per period. */
  period: number;
  evaluationPeriods: number;
}

export type PoolAdjustmentType = 'ChangeInCapacity' | 'ExactCapacity' | 'PercentChangeInCapacity';

export type PoolScaling =
  | { kind: 'target_tracking'; name: string; metric: PoolMetric; target: number; disableScaleIn: boolean }
  | {
      kind: 'step';
      name: string;
      alarm: PoolAlarm;
      adjustmentType: PoolAdjustmentType;
      /** Bounds relative to the alarm threshold; null is open-ended. */
      steps: { lower: number | null; upper: number | null; change: number }[];
      /** Seconds before a new instance's metrics count. */
      warmup: number;
    }
  | { kind: 'simple'; name: string; alarm: PoolAlarm; adjustmentType: PoolAdjustmentType; change: number; cooldown: number }
  | {
      kind: 'schedule';
      name: string;
      /** Unix cron, or null for a one-off action at `startTime`. */
      recurrence: string | null;
      /** IANA time zone of the recurrence. */
      timezone: string;
      startTime: string | null;
      endTime: string | null;
      /** Null leaves the value unchanged. */
      min: number | null;
      desired: number | null;
      max: number | null;
    }
  | {
      kind: 'predictive';
      name: string;
      metric: { kind: 'cpu' } | { kind: 'network_in' } | { kind: 'network_out' } | { kind: 'requests_per_target'; loadBalancerArnSuffix: string; targetGroupArnSuffix: string };
      target: number;
      mode: 'ForecastOnly' | 'ForecastAndScale';
      /** Seconds to launch ahead of the forecast. */
      buffer: number;
      maxCapacityBreach: 'HonorMaxCapacity' | 'IncreaseMaxCapacity';
      /** Percent, with IncreaseMaxCapacity. */
      maxCapacityBuffer: number | null;
    };

const TRACKING_METRIC = { cpu: 'ASGAverageCPUUtilization', network_in: 'ASGAverageNetworkIn', network_out: 'ASGAverageNetworkOut', requests_per_target: 'ALBRequestCountPerTarget' } as const;
const PREDICTIVE_PAIR = { cpu: 'ASGCPUUtilization', network_in: 'ASGNetworkIn', network_out: 'ASGNetworkOut', requests_per_target: 'ALBRequestCount' } as const;

/** `app/<alb>/<id>/targetgroup/<tg>/<id>`: both ARN suffixes joined by `/`. */
function resourceLabel(m: { loadBalancerArnSuffix: string; targetGroupArnSuffix: string }): string {
  return `${m.loadBalancerArnSuffix}/${m.targetGroupArnSuffix}`;
}

/** Add one policy (and its alarm) or scheduled action to the group `asgName`. */
export function addScaling(scope: Construct, id: string, asgName: string, s: PoolScaling): void {
  switch (s.kind) {
    case 'target_tracking': {
      const m = s.metric;
      new AutoscalingPolicy(scope, id, {
        name: s.name,
        autoscalingGroupName: asgName,
        policyType: 'TargetTrackingScaling',
        targetTrackingConfiguration: {
          targetValue: s.target,
          disableScaleIn: s.disableScaleIn,
          ...(m.kind === 'custom'
            ? {
                customizedMetricSpecification: {
                  namespace: m.namespace,
                  metricName: m.name,
                  statistic: m.statistic,
                  unit: m.unit ?? undefined,
                  metricDimension: m.dimensions.map((d) => ({ name: d.name, value: d.value })),
                },
              }
            : {
                predefinedMetricSpecification: {
                  predefinedMetricType: TRACKING_METRIC[m.kind],
                  resourceLabel: m.kind === 'requests_per_target' ? resourceLabel(m) : undefined,
                },
              }),
        },
      });
      return;
    }
    case 'step': {
      const policy = new AutoscalingPolicy(scope, id, {
        name: s.name,
        autoscalingGroupName: asgName,
        policyType: 'StepScaling',
        adjustmentType: s.adjustmentType,
        estimatedInstanceWarmup: s.warmup,
        // The provider takes the bounds as strings; an absent bound is infinite.
        stepAdjustment: s.steps.map((st) => ({
          metricIntervalLowerBound: st.lower === null ? undefined : String(st.lower),
          metricIntervalUpperBound: st.upper === null ? undefined : String(st.upper),
          scalingAdjustment: st.change,
        })),
      });
      addAlarm(scope, `${id}-alarm`, asgName, s.alarm, policy.arn);
      return;
    }
    case 'simple': {
      const policy = new AutoscalingPolicy(scope, id, {
        name: s.name,
        autoscalingGroupName: asgName,
        policyType: 'SimpleScaling',
        adjustmentType: s.adjustmentType,
        scalingAdjustment: s.change,
        cooldown: s.cooldown,
      });
      addAlarm(scope, `${id}-alarm`, asgName, s.alarm, policy.arn);
      return;
    }
    case 'schedule':
      new AutoscalingSchedule(scope, id, {
        scheduledActionName: s.name,
        autoscalingGroupName: asgName,
        recurrence: s.recurrence ?? undefined,
        // The time zone reads the cron expression; one-off times are UTC.
        timeZone: s.recurrence !== null ? s.timezone : undefined,
        startTime: s.startTime ?? undefined,
        endTime: s.endTime ?? undefined,
        // -1 means "leave unchanged"; an omitted size would be read as 0 by
        // the provider and empty the group at the scheduled time.
        // https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/autoscaling_schedule
        minSize: s.min ?? -1,
        maxSize: s.max ?? -1,
        desiredCapacity: s.desired ?? -1,
      });
      return;
    case 'predictive': {
      const m = s.metric;
      new AutoscalingPolicy(scope, id, {
        name: s.name,
        autoscalingGroupName: asgName,
        policyType: 'PredictiveScaling',
        predictiveScalingConfiguration: {
          mode: s.mode,
          schedulingBufferTime: String(s.buffer),
          maxCapacityBreachBehavior: s.maxCapacityBreach,
          maxCapacityBuffer: s.maxCapacityBuffer === null ? undefined : String(s.maxCapacityBuffer),
          metricSpecification: {
            targetValue: s.target,
            predefinedMetricPairSpecification: {
              predefinedMetricType: PREDICTIVE_PAIR[m.kind],
              resourceLabel: m.kind === 'requests_per_target' ? resourceLabel(m) : undefined,
            },
          },
        },
      });
      return;
    }
  }
}

/** The CloudWatch metric behind an alarm. */
function alarmMetric(asgName: string, m: PoolMetric): { namespace: string; metricName: string; statistic: string; unit?: string; dimensions: Record<string, string> } {
  const byGroup = { AutoScalingGroupName: asgName };
  switch (m.kind) {
    case 'cpu':
      return { namespace: 'AWS/EC2', metricName: 'CPUUtilization', statistic: 'Average', dimensions: byGroup };
    case 'network_in':
      return { namespace: 'AWS/EC2', metricName: 'NetworkIn', statistic: 'Average', dimensions: byGroup };
    case 'network_out':
      return { namespace: 'AWS/EC2', metricName: 'NetworkOut', statistic: 'Average', dimensions: byGroup };
    case 'requests_per_target':
      // RequestCountPerTarget is reported per target group; Sum is its only
      // meaningful statistic.
      // https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html
      return { namespace: 'AWS/ApplicationELB', metricName: 'RequestCountPerTarget', statistic: 'Sum', dimensions: { TargetGroup: m.targetGroupArnSuffix } };
    case 'custom':
      return {
        namespace: m.namespace,
        metricName: m.name,
        statistic: m.statistic,
        unit: m.unit ?? undefined,
        dimensions: Object.fromEntries(m.dimensions.map((d) => [d.name, d.value])),
      };
  }
}

function addAlarm(scope: Construct, id: string, asgName: string, a: PoolAlarm, policyArn: string): void {
  const metric = alarmMetric(asgName, a.metric);
  new CloudwatchMetricAlarm(scope, id, {
    alarmName: a.name,
    alarmDescription: `Fleetform: scales ${asgName}`,
    namespace: metric.namespace,
    metricName: metric.metricName,
    statistic: metric.statistic,
    unit: metric.unit,
    dimensions: metric.dimensions,
    comparisonOperator: a.comparison,
    threshold: a.threshold,
    period: a.period,
    evaluationPeriods: a.evaluationPeriods,
    alarmActions: [policyArn],
  });
}
