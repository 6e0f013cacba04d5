import { test } from 'uvu';
import { BASE, expectLines, expectValid, keyAt, valueAt } from '../helpers';

const alarms = (...lines: string[]): string => `${BASE}monitoring:\n  notify: { emails: [oncall@example.com] }\n  alarms:\n${lines.map((l) => `    - { ${l} }\n`).join('')}`;

test('metrics that exist with the dimensions their subject gives', () => {
  expectValid(
    alarms(
      'name: a, namespace: AWS/ApplicationELB, metric: TargetResponseTime, statistic: p99.9, service: chat, threshold: 5',
      'name: b, namespace: AWS/ApplicationELB, metric: HTTPCode_ELB_5XX_Count, statistic: Sum, load_balancer: alb, threshold: 5',
      'name: c, namespace: AWS/NetworkELB, metric: TCP_Client_Reset_Count, statistic: Sum, load_balancer: nlb, threshold: 5',
      'name: d, namespace: AWS/AutoScaling, metric: GroupInServiceInstances, statistic: Minimum, pool: burst, threshold: 1, above: false',
      'name: e, namespace: Fleetform/demo, metric: nvidia_smi_temperature_gpu, statistic: Maximum, pool: burst, threshold: 85',
      'name: f, namespace: Fleetform/demo, metric: TunnelHealthy, statistic: Minimum, host: box-2, threshold: 1, above: false',
      'name: g, namespace: AWS/EC2, metric: CPUUtilization, statistic: Average, host: box-1, period: 300, threshold: 90',
      'name: h, namespace: Acme/Model, metric: TokensPerSecond, statistic: tm90, threshold: 10, above: false',
    ),
  );
});

test('namespaces: a misspelt AWS one, another fleet\'s, one with a colon', () => {
  let t = alarms('name: a, namespace: AWS/ApplicationElb, metric: RequestCount, statistic: Sum, threshold: 1');
  expectLines(t, [`FF520 ${valueAt(t, 'namespace: AWS/ApplicationElb')} monitoring.alarms[0].namespace is "AWS/ApplicationElb", which is not a namespace this fleet publishes to; the AWS/ prefix is reserved for AWS services`]);
  t = alarms('name: a, namespace: Fleetform/other, metric: TunnelHealthy, statistic: Minimum, threshold: 1');
  expectLines(t, [`FF520 ${valueAt(t, 'namespace: Fleetform/other')} monitoring.alarms[0].namespace is "Fleetform/other", but this fleet's own namespace is Fleetform/demo`]);
  t = alarms('name: a, namespace: "Acme:Model", metric: X, statistic: Sum, threshold: 1');
  expectLines(t, [`FF520 ${valueAt(t, 'namespace: "Acme')} monitoring.alarms[0].namespace is "Acme:Model"; a namespace is printable ASCII without colons`]);
});

test('a metric of the other load balancer type names where it lives', () => {
  const t = alarms('name: a, namespace: AWS/NetworkELB, metric: TargetResponseTime, statistic: p99, load_balancer: nlb, threshold: 1');
  expectLines(t, [`FF521 ${valueAt(t, 'metric: TargetResponseTime')} monitoring.alarms[0].metric is "TargetResponseTime", which AWS/NetworkELB does not publish; it is a metric of AWS/ApplicationELB`]);
});

test('dimensions: a load-balancer-only metric per service, a target-group metric for the whole ALB, a service on the NLB', () => {
  let t = alarms('name: a, namespace: AWS/ApplicationELB, metric: RejectedConnectionCount, statistic: Sum, service: chat, threshold: 1');
  expectLines(t, [`FF522 ${keyAt(t, 'service: chat, threshold')} monitoring.alarms[0] watches AWS/ApplicationELB RejectedConnectionCount for a service (dimensions LoadBalancer,TargetGroup), but RejectedConnectionCount is published only with LoadBalancer; AvailabilityZone + LoadBalancer; the alarm would never get data`]);
  t = alarms('name: a, namespace: AWS/ApplicationELB, metric: HealthyHostCount, statistic: Minimum, load_balancer: alb, threshold: 1');
  expectLines(t, [`FF522 ${keyAt(t, 'load_balancer: alb')} monitoring.alarms[0] watches AWS/ApplicationELB HealthyHostCount for a load balancer (dimensions LoadBalancer), but HealthyHostCount is published only with LoadBalancer + TargetGroup; AvailabilityZone + LoadBalancer + TargetGroup; the alarm would never get data`]);
  t = alarms('name: a, namespace: AWS/NetworkELB, metric: HealthyHostCount, statistic: Minimum, service: chat, threshold: 1');
  expectLines(t, [`FF522 ${keyAt(t, 'service: chat, threshold')} monitoring.alarms[0].service is a service (a target group of the ALB), but AWS/NetworkELB is the namespace of the NLB`]);
});

test('statistics and percentiles', () => {
  let t = alarms('name: a, namespace: AWS/ApplicationELB, metric: TargetResponseTime, statistic: p99.999, service: chat, threshold: 1');
  expectLines(t, [`FF523 ${valueAt(t, 'statistic: p99.999')} monitoring.alarms[0].statistic is "p99.999"; a percentile is p followed by a number from 0 to 100 with at most two decimals, e.g. p90, p99 or p99.9`]);
  t = alarms('name: a, namespace: AWS/ApplicationELB, metric: RequestCount, statistic: average, service: chat, threshold: 1');
  expectLines(t, [`FF523 ${valueAt(t, 'statistic: average')} monitoring.alarms[0].statistic is "average"; statistics are case-sensitive: write Average`]);
  t = `${BASE}monitoring:\n  notify: { emails: [oncall@example.com] }\n  services: { latency: { percentile: Average } }\n`;
  expectLines(t, [`FF523 ${valueAt(t, 'percentile: Average')} monitoring.services.latency.percentile is "Average"; a latency alarm takes a percentile such as p90 or p99`]);
});

test('subjects: unknown names, and two at once', () => {
  let t = alarms('name: a, namespace: AWS/AutoScaling, metric: GroupDesiredCapacity, statistic: Maximum, pool: brust, threshold: 1');
  expectLines(t, [`FF524 ${valueAt(t, 'pool: brust')} monitoring.alarms[0].pool is "brust", which is not a pool of this fleet; pools: burst`]);
  t = alarms('name: a, namespace: AWS/ApplicationELB, metric: RequestCount, statistic: Sum, service: chat, pool: burst, threshold: 1');
  expectLines(t, [`FF524 ${keyAt(t, 'pool: burst, threshold')} monitoring.alarms[0] names both service and pool; an alarm watches one thing`]);
});

test.run();
