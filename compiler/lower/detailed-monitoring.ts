/**
 * When a pool's instances need EC2 detailed monitoring (1-minute datapoints
 * instead of basic monitoring's 5-minute ones). An alarm on an EC2 metric
 * (CPUUtilization, NetworkIn, NetworkOut by AutoScalingGroupName) with a
 * period under 300 s would otherwise see most periods empty and act on one
 * datapoint in five; target tracking on those metrics responds a step
 * behind, and AWS recommends 1-minute instance metrics for it.
 * https://docs.aws.amazon.com/autoscaling/ec2/userguide/enable-as-instance-metrics.html
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/manage-detailed-monitoring.html
 * https://docs.aws.amazon.com/autoscaling/ec2/userguide/as-scaling-target-tracking.html
 * Detailed monitoring is charged per metric (CloudWatch pricing), so it is
 * on only where a policy needs it, and `detailed_monitoring` overrides.
 */
import type { ScalingPolicy } from '../model/fleet';

/** Metrics EC2 publishes per instance, aggregated by Auto Scaling group. */
export const EC2_METRICS: readonly string[] = ['cpu', 'network_in', 'network_out'];
/** Seconds between EC2 datapoints with basic monitoring. */
export const BASIC_MONITORING_PERIOD = 300;
/** Seconds between datapoints with detailed monitoring, and of ALB metrics. */
export const DETAILED_MONITORING_PERIOD = 60;

/** Whether a pool's policies need 1-minute EC2 data. */
export function needsDetailedMonitoring(scaling: readonly ScalingPolicy[]): boolean {
  return scaling.some((s) => {
    if (s.kind === 'target_tracking') return EC2_METRICS.includes(s.metric.kind);
    if (s.kind === 'step' || s.kind === 'simple') return EC2_METRICS.includes(s.alarm.metric.kind) && s.alarm.period < BASIC_MONITORING_PERIOD;
    return false;
  });
}
