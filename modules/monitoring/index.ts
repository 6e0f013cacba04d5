/**
 * Fleet monitoring: where alerts go (an SNS topic with e-mail and HTTPS
 * subscriptions, or an existing topic), the CloudWatch alarms, each sending
 * its ALARM and its return to OK there, and one dashboard.
 *
 * The topic is not encrypted with the AWS managed SNS key on purpose:
 * CloudWatch cannot publish to a topic encrypted with `alias/aws/sns`, and
 * alarms would fail silently.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Notify_Users_Alarm_Changes.html
 */
import { Construct } from 'constructs';
import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import { CloudwatchMetricAlarm, CloudwatchMetricAlarmMetricQuery } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { isExtendedStatistic, statisticProblem } from './metrics';

export { AccessLogBucket, elbLogDeliveryPrincipal } from './access-log-bucket';
export type { AccessLogBucketProps } from './access-log-bucket';
export { dashboardBody, GRID_WIDTH } from './dashboard';
export type { DashboardInput } from './dashboard';

export interface AlarmMetric {
  /** Metric-math ID, unique in the alarm. */
  readonly id: string;
  readonly namespace: string;
  readonly metricName: string;
  /** `Average`, `Sum`, `Minimum`, `Maximum`, `SampleCount` or an extended statistic such as `p99`. */
  readonly stat: string;
  /** Dimension name -> value (values may be Terraform expressions, e.g. an ARN suffix). */
  readonly dimensions: Record<string, string>;
}

export interface MonitoringAlarmProps {
  /** Construct ID; the alarm name is a good one. */
  readonly key: string;
  /** Alarm name, unique per account and region, at most 255 characters. */
  readonly name: string;
  /** Sent with every notification. At most 1024 characters. */
  readonly description: string;
  /** One metric, or the inputs of `expression`. */
  readonly metrics: AlarmMetric[];
  /** Metric math over `metrics`. @default - the single metric itself */
  readonly expression?: string | null;
  readonly comparison: 'GreaterThanThreshold' | 'GreaterThanOrEqualToThreshold' | 'LessThanThreshold' | 'LessThanOrEqualToThreshold';
  readonly threshold: number;
  /** Seconds per datapoint. */
  readonly period: number;
  readonly evaluationPeriods: number;
  /** @default 'missing' */
  readonly treatMissingData?: 'missing' | 'breaching' | 'notBreaching' | 'ignore';
  /** Extra tags, e.g. the host or service watched (review tools group by them). @default {} */
  readonly tags?: Record<string, string>;
}

export type NotifyProps = { kind: 'create'; topicName: string; emails: string[]; https: string[] } | { kind: 'existing'; topicArn: string };

export interface FleetMonitoringProps {
  readonly notify: NotifyProps;
  readonly alarms: MonitoringAlarmProps[];
  /** A dashboard: its name and body (see dashboardBody). @default - none */
  readonly dashboard?: { name: string; body: object } | null;
}

export class FleetMonitoring extends Construct {
  /** ARN of the topic alerts go to. */
  readonly topicArn: string;
  readonly topic: SnsTopic | null = null;
  /** Alarms by name. */
  readonly alarms: Record<string, CloudwatchMetricAlarm> = {};
  dashboard: CloudwatchDashboard | null = null;

  constructor(scope: Construct, id: string, props: FleetMonitoringProps) {
    super(scope, id);
    const problems = validateMonitoringProps(props);
    this.node.addValidation({ validate: () => problems });
    if (props.notify.kind === 'create') {
      const topic = new SnsTopic(this, 'topic', { name: props.notify.topicName, tags: { 'fleetform:component': 'monitoring' } });
      this.topic = topic;
      this.topicArn = topic.arn;
      // IDs follow the addresses, so adding one never re-creates the others.
      for (const email of props.notify.emails) new SnsTopicSubscription(this, `email-${email}`, { topicArn: topic.arn, protocol: 'email', endpoint: email });
      for (const [i, url] of props.notify.https.entries()) new SnsTopicSubscription(this, `https-${i + 1}`, { topicArn: topic.arn, protocol: 'https', endpoint: url });
    } else {
      this.topicArn = props.notify.topicArn;
    }
    for (const a of props.alarms) {
      const single = !a.expression && a.metrics.length === 1 ? a.metrics[0] : null;
      this.alarms[a.name] = new CloudwatchMetricAlarm(this, `alarm-${a.key}`, {
        alarmName: a.name,
        alarmDescription: a.description,
        comparisonOperator: a.comparison,
        threshold: a.threshold,
        evaluationPeriods: a.evaluationPeriods,
        treatMissingData: a.treatMissingData ?? 'missing',
        alarmActions: [this.topicArn],
        okActions: [this.topicArn],
        ...(single
          ? {
              namespace: single.namespace,
              metricName: single.metricName,
              dimensions: single.dimensions,
              period: a.period,
              ...(isExtendedStatistic(single.stat) ? { extendedStatistic: single.stat } : { statistic: single.stat }),
            }
          : { metricQuery: metricQueries(a) }),
        tags: { ...(a.tags ?? {}), 'fleetform:component': 'monitoring' },
      });
    }
    if (props.dashboard) this.addDashboard(props.dashboard.name, props.dashboard.body);
  }

  /** The dashboard, added once the alarms exist (its alarm widget lists their ARNs). */
  addDashboard(name: string, body: object): CloudwatchDashboard {
    if (this.dashboard) throw new Error('FleetMonitoring: one dashboard per fleet');
    if (!/^[A-Za-z0-9_-]{1,255}$/.test(name)) this.node.addValidation({ validate: () => [`dashboard name '${name}': letters, digits, - and _, at most 255`] });
    this.dashboard = new CloudwatchDashboard(this, 'dashboard', { dashboardName: name, dashboardBody: JSON.stringify(body) });
    return this.dashboard;
  }
}

function metricQueries(a: MonitoringAlarmProps): CloudwatchMetricAlarmMetricQuery[] {
  const inputs: CloudwatchMetricAlarmMetricQuery[] = a.metrics.map((m) => ({
    id: m.id,
    returnData: false,
    metric: { namespace: m.namespace, metricName: m.metricName, dimensions: m.dimensions, period: a.period, stat: m.stat },
  }));
  return [...inputs, { id: 'e1', expression: a.expression ?? a.metrics[0].id, label: a.name, returnData: true }];
}

/**
 * What PutMetricAlarm and PutDashboard would reject, as messages.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutDashboard.html
 */
export function validateMonitoringProps(props: FleetMonitoringProps): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  for (const a of props.alarms) {
    const where = `alarm '${a.name}'`;
    if (a.name.length < 1 || a.name.length > 255) problems.push(`${where}: name is ${a.name.length} characters; 1 to 255`);
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(a.name)) problems.push(`${where}: name holds a control character`);
    if (names.has(a.name)) problems.push(`${where}: defined twice`);
    names.add(a.name);
    if (a.description.length > 1024) problems.push(`${where}: description is ${a.description.length} characters; at most 1024`);
    if (a.period % 60 !== 0 && ![10, 20, 30].includes(a.period)) problems.push(`${where}: period ${a.period} is not 10, 20, 30 or a multiple of 60`);
    const window = a.period * a.evaluationPeriods;
    const max = a.period < 3600 ? 86400 : 604800;
    if (window > max) problems.push(`${where}: period x evaluation periods is ${window} s; at most ${max}`);
    if (a.metrics.length === 0) problems.push(`${where}: no metric`);
    if (a.metrics.length > 1 && !a.expression) problems.push(`${where}: several metrics need an expression`);
    for (const m of a.metrics) {
      const p = statisticProblem(m.stat);
      if (p) problems.push(`${where}: statistic ${m.stat}: ${p}`);
      if (!/^[a-z][a-zA-Z0-9_]*$/.test(m.id)) problems.push(`${where}: metric ID ${m.id} must start with a lower-case letter`);
    }
  }
  if (props.dashboard && !/^[A-Za-z0-9_-]{1,255}$/.test(props.dashboard.name)) problems.push(`dashboard name '${props.dashboard.name}': letters, digits, - and _, at most 255`);
  if (props.notify.kind === 'create' && props.notify.emails.length + props.notify.https.length === 0) problems.push('notify: a topic without subscriptions tells nobody');
  return problems;
}
