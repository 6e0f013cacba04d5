/**
 * The fleet's CloudWatch dashboard body: a header, the alarms, then one row
 * per concern (requests, latency percentiles, error rates, healthy targets per
 * service and per zone, per-host tunnel health, pool capacity and scaling
 * activity, GPU utilization and memory, the static-IP front door).
 *
 * Structure as documented: `widgets` is an array of objects with `type`,
 * `x`, `y`, `width`, `height` and `properties`; the grid is 24 units wide;
 * metric widgets list `metrics` as arrays `[namespace, name, dim, value, ...,
 * {options}]` or expression objects, with `region`, `view`, `title`, `period`.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html
 */
import { gpuMetricName, HOST_HEALTH_METRIC } from './metrics';

/** Columns of the dashboard grid. */
export const GRID_WIDTH = 24;
const HALF = 12;
const ROW = 6;
/** An alarm widget shows at most 100 alarms. */
const ALARMS_PER_WIDGET = 100;
/** Metrics per graph: CloudWatch draws at most 500; 100 stay readable. */
const METRICS_PER_WIDGET = 100;

export interface DashboardInput {
  /** Markdown of the header (lines; values in it are already safe for Markdown). */
  readonly header: string[];
  readonly region: string;
  /** The fleet's namespace (host health, GPU metrics). */
  readonly namespace: string;
  /** Seconds per datapoint. */
  readonly period: number;
  /** The ALB's `LoadBalancer` dimension value (its ARN suffix). */
  readonly loadBalancer: string;
  readonly zones: string[];
  /** Each service with its `TargetGroup` dimension value. */
  readonly services: { name: string; targetGroup: string }[];
  /** Hosts whose proxies publish tunnel health. */
  readonly hosts: string[];
  /** Pools, with their Auto Scaling group, and whether their agent publishes GPU metrics. */
  readonly pools: { name: string; asg: string; gpu: boolean }[];
  /** The static-IP NLB, if any. */
  readonly nlb: { loadBalancer: string; ports: { port: number; targetGroup: string }[] } | null;
  readonly alarmArns: string[];
}

type MetricRow = (string | Record<string, unknown>)[];
interface Widget {
  type: 'metric' | 'text' | 'alarm';
  x: number;
  y: number;
  width: number;
  height: number;
  properties: Record<string, unknown>;
}

export function dashboardBody(d: DashboardInput): { widgets: Widget[] } {
  const widgets: Widget[] = [];
  let y = 0;
  let x = 0;
  const place = (type: Widget['type'], width: number, height: number, properties: Record<string, unknown>): void => {
    if (x + width > GRID_WIDTH) {
      x = 0;
      y += ROW;
    }
    widgets.push({ type, x, y, width, height, properties });
    x += width;
  };
  const newRow = (height: number): void => {
    if (x > 0) y += ROW;
    x = 0;
    void height;
  };
  const metric = (title: string, metrics: MetricRow[], extra: Record<string, unknown> = {}): void =>
    place('metric', HALF, ROW, { title, view: 'timeSeries', region: d.region, period: d.period, metrics, ...extra });

  // Header, full width.
  widgets.push({ type: 'text', x: 0, y: 0, width: GRID_WIDTH, height: 3, properties: { markdown: d.header.join('\n') } });
  y = 3;
  for (let i = 0; i < d.alarmArns.length; i += ALARMS_PER_WIDGET) {
    widgets.push({ type: 'alarm', x: 0, y, width: GRID_WIDTH, height: 4, properties: { title: 'Alarms', alarms: d.alarmArns.slice(i, i + ALARMS_PER_WIDGET), sortBy: 'stateUpdatedTimestamp' } });
    y += 4;
  }

  const alb = 'AWS/ApplicationELB';
  const tg = (s: { targetGroup: string }): string[] => ['LoadBalancer', d.loadBalancer, 'TargetGroup', s.targetGroup];
  if (d.services.length) {
    metric('Requests per service', d.services.map((s) => [alb, 'RequestCount', ...tg(s), { stat: 'Sum', label: s.name }]));
    metric(
      'Response time p50 / p90 / p99 (s)',
      d.services.flatMap((s) => ['p50', 'p90', 'p99'].map((p): MetricRow => [alb, 'TargetResponseTime', ...tg(s), { stat: p, label: `${s.name} ${p}` }])),
    );
    // Error rates by metric math: hidden inputs, visible percentages.
    const rates: MetricRow[] = [];
    d.services.forEach((s, i) => {
      rates.push([alb, 'RequestCount', ...tg(s), { stat: 'Sum', id: `req${i}`, visible: false }]);
      rates.push([alb, 'HTTPCode_Target_5XX_Count', ...tg(s), { stat: 'Sum', id: `err${i}`, visible: false }]);
      rates.push([{ expression: `IF(req${i} > 0, 100 * FILL(err${i}, 0) / req${i}, 0)`, label: `${s.name} backend 5xx %`, id: `rate${i}` }]);
    });
    rates.push([alb, 'RequestCount', 'LoadBalancer', d.loadBalancer, { stat: 'Sum', id: 'reqlb', visible: false }]);
    rates.push([alb, 'HTTPCode_ELB_5XX_Count', 'LoadBalancer', d.loadBalancer, { stat: 'Sum', id: 'errlb', visible: false }]);
    rates.push([{ expression: 'IF(reqlb > 0, 100 * FILL(errlb, 0) / reqlb, 0)', label: 'load balancer 5xx %', id: 'ratelb' }]);
    metric('Error rates (% of requests)', rates);
    metric('Healthy targets per service', d.services.map((s) => [alb, 'HealthyHostCount', ...tg(s), { stat: 'Minimum', label: s.name }]));
    metric(
      'Healthy targets per zone',
      d.services.flatMap((s) => d.zones.map((z): MetricRow => [alb, 'HealthyHostCount', 'AvailabilityZone', z, ...tg(s), { stat: 'Minimum', label: `${s.name} ${z}` }])),
    );
    metric('Rejected connections', [[alb, 'RejectedConnectionCount', 'LoadBalancer', d.loadBalancer, { stat: 'Sum', label: 'rejected' }]]);
  }
  if (d.hosts.length) {
    newRow(ROW);
    for (let i = 0; i < d.hosts.length; i += METRICS_PER_WIDGET) {
      const part = d.hosts.slice(i, i + METRICS_PER_WIDGET);
      const of = d.hosts.length > METRICS_PER_WIDGET ? ` (${i + 1}-${i + part.length} of ${d.hosts.length})` : '';
      place('metric', GRID_WIDTH, ROW, {
        title: `Host health through the tunnel (1 = answers, 0 = down)${of}`,
        view: 'timeSeries',
        region: d.region,
        period: d.period,
        metrics: part.map((h) => [d.namespace, HOST_HEALTH_METRIC, 'Host', h, { stat: 'Minimum', label: h }]),
        yAxis: { left: { min: 0, max: 1 } },
      });
    }
  }
  if (d.pools.length) {
    newRow(ROW);
    const asg = 'AWS/AutoScaling';
    metric(
      'Pool capacity: desired and in service',
      d.pools.flatMap((p): MetricRow[] => [
        [asg, 'GroupDesiredCapacity', 'AutoScalingGroupName', p.asg, { stat: 'Maximum', label: `${p.name} desired` }],
        [asg, 'GroupInServiceInstances', 'AutoScalingGroupName', p.asg, { stat: 'Maximum', label: `${p.name} in service` }],
        [asg, 'GroupMaxSize', 'AutoScalingGroupName', p.asg, { stat: 'Maximum', label: `${p.name} max` }],
      ]),
    );
    metric(
      'Scaling activity: launching and terminating',
      d.pools.flatMap((p): MetricRow[] => [
        [asg, 'GroupPendingInstances', 'AutoScalingGroupName', p.asg, { stat: 'Maximum', label: `${p.name} pending` }],
        [asg, 'GroupTerminatingInstances', 'AutoScalingGroupName', p.asg, { stat: 'Maximum', label: `${p.name} terminating` }],
      ]),
    );
    const gpu = d.pools.filter((p) => p.gpu);
    if (gpu.length) {
      metric('GPU utilization (%)', gpu.map((p) => [d.namespace, gpuMetricName('utilization_gpu'), 'AutoScalingGroupName', p.asg, { stat: 'Average', label: p.name }]), { yAxis: { left: { min: 0, max: 100 } } });
      const mem: MetricRow[] = [];
      gpu.forEach((p, i) => {
        mem.push([d.namespace, gpuMetricName('memory_used'), 'AutoScalingGroupName', p.asg, { stat: 'Average', id: `used${i}`, visible: false }]);
        mem.push([d.namespace, gpuMetricName('memory_total'), 'AutoScalingGroupName', p.asg, { stat: 'Average', id: `total${i}`, visible: false }]);
        mem.push([{ expression: `IF(total${i} > 0, 100 * used${i} / total${i}, 0)`, label: `${p.name} GPU memory %`, id: `mem${i}` }]);
      });
      metric('GPU memory in use (%)', mem, { yAxis: { left: { min: 0, max: 100 } } });
    }
  }
  if (d.nlb) {
    newRow(ROW);
    const nlb = 'AWS/NetworkELB';
    metric('Static IPs: healthy ALB per port', d.nlb.ports.map((p) => [nlb, 'HealthyHostCount', 'LoadBalancer', d.nlb!.loadBalancer, 'TargetGroup', p.targetGroup, { stat: 'Minimum', label: `:${p.port}` }]));
    metric(
      'Static IPs: TCP resets',
      (['TCP_ELB_Reset_Count', 'TCP_Client_Reset_Count', 'TCP_Target_Reset_Count'] as const).map((m) => [nlb, m, 'LoadBalancer', d.nlb!.loadBalancer, { stat: 'Sum', label: m.replace(/_Count$/, '').replace(/_/g, ' ') }]),
    );
  }
  return { widgets };
}
