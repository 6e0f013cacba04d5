/**
 * `monitoring:` -> the resolved alarms, notification target and dashboard.
 * Defaults come from DEFAULTS.monitoring; every alarm gets its AWS name, a
 * title in fleet terms, its metric (or metric math) with dimensions named by
 * what they point at, and the source line it came from (the key that turned
 * it on, or the section when it is a default).
 */
import type { SourceMap } from '../load/source-map';
import type { PathSegment } from '../diagnostics/diagnostic';
import type { DimensionValue, Host, Monitoring, Pool, Service, StaticIps, WatchAlarm, WatchMetric } from '../model/fleet';
import type { CustomAlarm, FleetSpec, ServiceAlarms } from '../../generated/types/fleet';
import { fleetNamespace, gpuMetricName, HOST_HEALTH_METRIC, POOL_NOT_READY_METRIC, subjectDimensionNames } from '../../modules/monitoring/metrics';
import { DEFAULTS } from './defaults';
import { alertTopicName, proxyName, watchAlarmName } from './names';
import { compareStrings, sourceAt } from './source';

const M = DEFAULTS.monitoring;

interface Context {
  fleet: string;
  namespace: string;
  period: number;
  sourceMap: SourceMap;
  out: WatchAlarm[];
}

type Dims = { name: string; value: DimensionValue }[];
const sortDims = (d: Dims): Dims => [...d].sort((a, b) => compareStrings(a.name, b.name));
const albDims = (): Dims => [{ name: 'LoadBalancer', value: { kind: 'alb' } }];
const tgDims = (service: string): Dims => [
  { name: 'LoadBalancer', value: { kind: 'alb' } },
  { name: 'TargetGroup', value: { kind: 'target-group', service } },
];
const lit = (name: string, value: string): Dims => [{ name, value: { kind: 'literal', value } }];

function metric(id: string, namespace: string, name: string, statistic: string, dimensions: Dims): WatchMetric {
  return { id, namespace, name, statistic, dimensions: sortDims(dimensions) };
}

/** Requests answered with an error, in percent; no traffic is 0, not "no data". */
function ratePercent(errors: WatchMetric, requests: WatchMetric): string {
  return `IF(${requests.id} > 0, 100 * FILL(${errors.id}, 0) / ${requests.id}, 0)`;
}

/** An alarm key's value: the object, `{}` when absent (defaults), or null when `false`. */
function setting<T extends object>(v: T | false | undefined, ...fallbacks: (T | false | undefined)[]): T | null {
  for (const x of [v, ...fallbacks]) {
    if (x === false) return null;
    if (x !== undefined) return x;
  }
  return {} as T;
}

export function lowerMonitoring(spec: FleetSpec, services: Service[], hosts: Host[], pools: Pool[], staticIps: StaticIps | null, sourceMap: SourceMap): Monitoring | null {
  const m = spec.monitoring;
  if (!m) return null;
  const base: PathSegment[] = ['monitoring'];
  const ctx: Context = { fleet: spec.name, namespace: fleetNamespace(spec.name), period: m.period ?? M.period, sourceMap, out: [] };
  const add = (a: Omit<WatchAlarm, 'source' | 'period'> & { period?: number }, path: PathSegment[]): void => {
    ctx.out.push({ ...a, period: a.period ?? ctx.period, source: sourceAt(sourceMap, path) });
  };
  const evals = (minutes: number, period = ctx.period): number => Math.max(1, Math.round((minutes * 60) / period));

  // Services: their target groups on the ALB.
  for (const [i, s] of services.entries()) {
    const override = m.service_overrides?.[s.name];
    const at = (key: keyof ServiceAlarms): PathSegment[] =>
      override?.[key] !== undefined ? [...base, 'service_overrides', s.name, key] : m.services?.[key] !== undefined ? [...base, 'services', key] : ['services', i];
    const pick = <K extends keyof ServiceAlarms>(key: K) => setting(override?.[key], m.services?.[key]) as Exclude<ServiceAlarms[K], false | undefined> | null;

    const noHealthy = pick('no_healthy_target');
    if (noHealthy) {
      add(
        {
          name: watchAlarmName(ctx.fleet, s.name, 'no-healthy-target'),
          title: `${s.name}: no healthy target`,
          subject: { kind: 'service', name: s.name },
          metrics: [metric('m1', 'AWS/ApplicationELB', 'HealthyHostCount', 'Minimum', tgDims(s.name))],
          expression: null,
          comparison: 'LessThanThreshold',
          threshold: 1,
          evaluationPeriods: evals(noHealthy.minutes ?? M.noHealthyMinutes),
          missingData: 'breaching',
          description: `Service ${s.name} has no backend that passes its health check (${s.health.path}): the load balancer answers every request with 503. See the per-host alarms for which box or tunnel is down.`,
        },
        at('no_healthy_target'),
      );
    }
    const below = pick('healthy_below');
    const explicitBelow = override?.healthy_below !== undefined || m.services?.healthy_below !== undefined;
    if (below && (explicitBelow || s.hosts.length >= 2)) {
      const count = below.count ?? Math.max(1, Math.ceil(s.hosts.length / 2));
      add(
        {
          name: watchAlarmName(ctx.fleet, s.name, 'healthy-below'),
          title: `${s.name}: too few healthy targets`,
          subject: { kind: 'service', name: s.name },
          metrics: [metric('m1', 'AWS/ApplicationELB', 'HealthyHostCount', 'Minimum', tgDims(s.name))],
          expression: null,
          comparison: 'LessThanThreshold',
          threshold: count,
          evaluationPeriods: evals(below.minutes ?? M.healthyBelowMinutes),
          missingData: 'breaching',
          description: `Service ${s.name} has fewer than ${count} healthy targets: it still answers, with less capacity.`,
        },
        at('healthy_below'),
      );
    }
    const t5xx = pick('target_5xx');
    if (t5xx) {
      const requests = metric('requests', 'AWS/ApplicationELB', 'RequestCount', 'Sum', tgDims(s.name));
      const errors = metric('errors', 'AWS/ApplicationELB', 'HTTPCode_Target_5XX_Count', 'Sum', tgDims(s.name));
      const percent = t5xx.percent ?? M.ratePercent;
      add(
        {
          name: watchAlarmName(ctx.fleet, s.name, 'target-5xx'),
          title: `${s.name}: backend 5xx rate`,
          subject: { kind: 'service', name: s.name },
          metrics: [requests, errors],
          expression: ratePercent(errors, requests),
          comparison: 'GreaterThanThreshold',
          threshold: percent,
          evaluationPeriods: evals(t5xx.minutes ?? M.rateMinutes),
          missingData: 'notBreaching',
          description: `More than ${percent}% of the requests to service ${s.name} are answered with 5xx by its model servers.`,
        },
        at('target_5xx'),
      );
    }
    const latency = pick('latency');
    if (latency) {
      const percentile = latency.percentile ?? M.latencyPercentile;
      const seconds = latency.seconds ?? M.latencySeconds;
      add(
        {
          name: watchAlarmName(ctx.fleet, s.name, 'latency'),
          title: `${s.name}: response time`,
          subject: { kind: 'service', name: s.name },
          metrics: [metric('m1', 'AWS/ApplicationELB', 'TargetResponseTime', percentile, tgDims(s.name))],
          expression: null,
          comparison: 'GreaterThanThreshold',
          threshold: seconds,
          evaluationPeriods: evals(latency.minutes ?? M.latencyMinutes),
          missingData: 'notBreaching',
          description: `The ${percentile} response time of service ${s.name} is above ${seconds} s.`,
        },
        at('latency'),
      );
    }
  }

  // The ALB as a whole: these metrics have no TargetGroup dimension.
  const lbPath = (key: string): PathSegment[] => (m.load_balancer && key in m.load_balancer ? [...base, 'load_balancer', key] : ['load_balancer']);
  const elb5xx = setting(m.load_balancer?.elb_5xx);
  if (elb5xx) {
    const requests = metric('requests', 'AWS/ApplicationELB', 'RequestCount', 'Sum', albDims());
    const errors = metric('errors', 'AWS/ApplicationELB', 'HTTPCode_ELB_5XX_Count', 'Sum', albDims());
    const percent = elb5xx.percent ?? M.ratePercent;
    add(
      {
        name: watchAlarmName(ctx.fleet, 'alb', 'elb-5xx'),
        title: 'load balancer: 5xx rate',
        subject: { kind: 'load-balancer', name: 'alb' },
        metrics: [requests, errors],
        expression: ratePercent(errors, requests),
        comparison: 'GreaterThanThreshold',
        threshold: percent,
        evaluationPeriods: evals(elb5xx.minutes ?? M.rateMinutes),
        missingData: 'notBreaching',
        description: `More than ${percent}% of requests are answered with 5xx by the load balancer itself (no healthy target, or a target refused or timed out).`,
      },
      lbPath('elb_5xx'),
    );
  }
  const rejected = setting(m.load_balancer?.rejected_connections);
  if (rejected) {
    const count = rejected.count ?? M.rejectedCount;
    add(
      {
        name: watchAlarmName(ctx.fleet, 'alb', 'rejected-connections'),
        title: 'load balancer: rejected connections',
        subject: { kind: 'load-balancer', name: 'alb' },
        metrics: [metric('m1', 'AWS/ApplicationELB', 'RejectedConnectionCount', 'Sum', albDims())],
        expression: null,
        comparison: 'GreaterThanOrEqualToThreshold',
        threshold: count,
        evaluationPeriods: evals(rejected.minutes ?? M.countMinutes),
        missingData: 'notBreaching',
        description: `The load balancer rejected ${count} or more connections in a period: it reached its connection limit.`,
      },
      lbPath('rejected_connections'),
    );
  }

  // Hosts: the proxies' own check through the tunnel, by host name.
  const hostSettings = setting(m.hosts);
  const hostCheckEvery = hostSettings && hosts.some((h) => h.servicePort !== null) ? (hostSettings.every ?? M.hostEvery) : null;
  if (hostSettings && hostCheckEvery !== null) {
    for (const h of hosts) {
      if (h.servicePort === null) continue;
      add(
        {
          name: watchAlarmName(ctx.fleet, 'host', h.name, 'unreachable'),
          title: `${h.name}: unreachable through its tunnel`,
          subject: { kind: 'host', name: h.name },
          metrics: [metric('m1', ctx.namespace, HOST_HEALTH_METRIC, 'Minimum', lit('Host', h.name))],
          expression: null,
          comparison: 'LessThanThreshold',
          threshold: 1,
          evaluationPeriods: evals(hostSettings.minutes ?? M.hostMinutes),
          // A proxy that is gone publishes nothing: silence is an outage.
          missingData: 'breaching',
          description: `Proxy ${h.proxy.name} gets no healthy answer from ${h.name} through its SSH tunnel (the same check the load balancer makes): the box, its model server or the tunnel is down, or the proxy itself is gone.`,
        },
        m.hosts ? [...base, 'hosts'] : ['hosts', hosts.indexOf(h)],
      );
    }
  }

  // Pools: the agent's GPU metrics, readiness, and the group at its maximum.
  const poolSettings = setting(m.pools);
  const gpuSampleEvery = poolSettings && pools.length > 0 ? (poolSettings.every ?? M.gpuEvery) : null;
  if (poolSettings) {
    const pPath = (key: string, i: number): PathSegment[] => (key in poolSettings ? [...base, 'pools', key] : ['pools', i]);
    for (const [i, p] of pools.entries()) {
      const asg = lit('AutoScalingGroupName', p.asgName);
      const util = setting(poolSettings.gpu_utilization);
      if (util) {
        const percent = util.percent ?? M.gpuUtilizationPercent;
        add(
          {
            name: watchAlarmName(ctx.fleet, 'pool', p.name, 'gpu-utilization'),
            title: `${p.name}: GPU utilization`,
            subject: { kind: 'pool', name: p.name },
            metrics: [metric('m1', ctx.namespace, gpuMetricName('utilization_gpu'), 'Average', asg)],
            expression: null,
            comparison: 'GreaterThanThreshold',
            threshold: percent,
            evaluationPeriods: evals(util.minutes ?? M.gpuMinutes),
            missingData: 'notBreaching',
            description: `The GPUs of pool ${p.name} are busier than ${percent}% on average: the pool is saturated.`,
          },
          pPath('gpu_utilization', i),
        );
      }
      const mem = setting(poolSettings.gpu_memory);
      if (mem) {
        const used = metric('used', ctx.namespace, gpuMetricName('memory_used'), 'Average', asg);
        const total = metric('total', ctx.namespace, gpuMetricName('memory_total'), 'Average', asg);
        const percent = mem.percent ?? M.gpuMemoryPercent;
        add(
          {
            name: watchAlarmName(ctx.fleet, 'pool', p.name, 'gpu-memory'),
            title: `${p.name}: GPU memory`,
            subject: { kind: 'pool', name: p.name },
            metrics: [used, total],
            expression: `IF(${total.id} > 0, 100 * ${used.id} / ${total.id}, 0)`,
            comparison: 'GreaterThanThreshold',
            threshold: percent,
            evaluationPeriods: evals(mem.minutes ?? M.gpuMinutes),
            missingData: 'notBreaching',
            description: `More than ${percent}% of the GPU memory of pool ${p.name} is in use.`,
          },
          pPath('gpu_memory', i),
        );
      }
      const notReady = setting(poolSettings.not_ready);
      if (notReady) {
        const count = notReady.count ?? M.notReadyCount;
        add(
          {
            name: watchAlarmName(ctx.fleet, 'pool', p.name, 'not-ready'),
            title: `${p.name}: instances not ready`,
            subject: { kind: 'pool', name: p.name },
            metrics: [metric('m1', ctx.namespace, POOL_NOT_READY_METRIC, 'Sum', lit('Pool', p.name))],
            expression: null,
            comparison: 'GreaterThanOrEqualToThreshold',
            threshold: count,
            evaluationPeriods: evals(notReady.minutes ?? M.countMinutes),
            missingData: 'notBreaching',
            description: `${count} or more instances of pool ${p.name} never answered their health path within ${p.healthGrace} s and were abandoned: the model does not load.`,
          },
          pPath('not_ready', i),
        );
      }
      const atMax = setting(poolSettings.at_max);
      // A group whose minimum is its maximum is always "at its maximum".
      if (atMax && p.capacity.max > p.capacity.min) {
        const desired = metric('desired', 'AWS/AutoScaling', 'GroupDesiredCapacity', 'Maximum', asg);
        const max = metric('max', 'AWS/AutoScaling', 'GroupMaxSize', 'Maximum', asg);
        add(
          {
            name: watchAlarmName(ctx.fleet, 'pool', p.name, 'at-max'),
            title: `${p.name}: at its maximum size`,
            subject: { kind: 'pool', name: p.name },
            metrics: [desired, max],
            expression: `IF(${desired.id} >= ${max.id}, 1, 0)`,
            comparison: 'GreaterThanOrEqualToThreshold',
            threshold: 1,
            evaluationPeriods: evals(atMax.minutes ?? M.atMaxMinutes),
            missingData: 'notBreaching',
            description: `Pool ${p.name} has wanted its maximum of ${p.capacity.max} instances for a while: it cannot grow any more. Raise capacity.max or add capacity elsewhere.`,
          },
          pPath('at_max', i),
        );
      }
    }
  }

  // The static-IP front door.
  if (staticIps) {
    const fd = m.front_door;
    const fdPath = (key: string): PathSegment[] => (fd && key in fd ? [...base, 'front_door', key] : ['load_balancer', 'static_ips']);
    const noAlb = setting(fd?.no_healthy_alb);
    if (noAlb) {
      for (const p of staticIps.ports) {
        add(
          {
            name: watchAlarmName(ctx.fleet, 'nlb', p.port, 'no-healthy-alb'),
            title: `static IPs: no healthy ALB on :${p.port}`,
            subject: { kind: 'front-door', name: String(p.port) },
            metrics: [
              metric('m1', 'AWS/NetworkELB', 'HealthyHostCount', 'Minimum', [
                { name: 'LoadBalancer', value: { kind: 'nlb' } },
                { name: 'TargetGroup', value: { kind: 'nlb-target-group', port: p.port } },
              ]),
            ],
            expression: null,
            comparison: 'LessThanThreshold',
            threshold: 1,
            evaluationPeriods: evals(noAlb.minutes ?? M.noHealthyMinutes),
            missingData: 'breaching',
            description: `The NLB ${staticIps.name} sees no healthy ALB behind port ${p.port}: clients calling the static IPs on ${p.port} fail.`,
          },
          fdPath('no_healthy_alb'),
        );
      }
    }
    const resets = setting(fd?.tcp_resets);
    if (resets) {
      const count = resets.count ?? M.tcpResetCount;
      add(
        {
          name: watchAlarmName(ctx.fleet, 'nlb', 'tcp-resets'),
          title: 'static IPs: TCP resets',
          subject: { kind: 'front-door', name: 'nlb' },
          metrics: [metric('m1', 'AWS/NetworkELB', 'TCP_ELB_Reset_Count', 'Sum', [{ name: 'LoadBalancer', value: { kind: 'nlb' } }])],
          expression: null,
          comparison: 'GreaterThanOrEqualToThreshold',
          threshold: count,
          evaluationPeriods: evals(resets.minutes ?? M.countMinutes),
          missingData: 'notBreaching',
          description: `The NLB ${staticIps.name} reset ${count} or more connections itself in a period: connections it could not forward.`,
        },
        fdPath('tcp_resets'),
      );
    }
  }

  for (const [i, a] of (m.alarms ?? []).entries()) add(customAlarm(ctx, a, pools, hosts), [...base, 'alarms', i]);

  const dashboard = m.dashboard === false ? null : typeof m.dashboard === 'object' ? m.dashboard.name : ctx.fleet;
  const notify = m.notify;
  return {
    namespace: ctx.namespace,
    notify: notify.topic
      ? { kind: 'existing', topicArn: notify.topic }
      : { kind: 'create', topicName: alertTopicName(ctx.fleet), emails: notify.emails ?? [], https: notify.https ?? [] },
    alarms: ctx.out,
    dashboard,
    hostCheckEvery,
    gpuSampleEvery,
    poolReadiness: poolSettings !== null && pools.length > 0,
    source: sourceAt(sourceMap, base),
  };
}

const MISSING: Record<string, WatchAlarm['missingData']> = { missing: 'missing', breaching: 'breaching', not_breaching: 'notBreaching', ignore: 'ignore' };

function customAlarm(ctx: Context, a: CustomAlarm, pools: Pool[], hosts: Host[]): Omit<WatchAlarm, 'source'> {
  const subject = a.service !== undefined ? 'service' : a.pool !== undefined ? 'pool' : a.host !== undefined ? 'host' : a.load_balancer !== undefined ? 'load-balancer' : 'none';
  const names = subjectDimensionNames(a.namespace, a.metric, subject, ctx.fleet);
  const dims: Dims = names.map((name): Dims[number] => {
    switch (name) {
      case 'LoadBalancer':
        return { name, value: a.load_balancer === 'nlb' ? { kind: 'nlb' } : { kind: 'alb' } };
      case 'TargetGroup':
        return { name, value: { kind: 'target-group', service: a.service! } };
      case 'Host':
        return { name, value: { kind: 'literal', value: a.host! } };
      case 'Pool':
        return { name, value: { kind: 'literal', value: a.pool! } };
      default: {
        // AutoScalingGroupName: the pool's group, or the host's proxy group.
        const asg = a.pool !== undefined ? pools.find((p) => p.name === a.pool)?.asgName : hosts.find((h) => h.name === a.host)?.proxy.name;
        return { name, value: { kind: 'literal', value: asg ?? proxyName(ctx.fleet, a.host ?? '') } };
      }
    }
  });
  const period = a.period ?? ctx.period;
  const above = a.above ?? true;
  const what = a.service ?? a.pool ?? a.host ?? a.load_balancer;
  return {
    name: watchAlarmName(ctx.fleet, a.name),
    title: a.name,
    subject: { kind: 'custom', name: a.name },
    metrics: [metric('m1', a.namespace, a.metric, a.statistic, dims)],
    expression: null,
    comparison: above ? 'GreaterThanThreshold' : 'LessThanThreshold',
    threshold: a.threshold,
    period,
    evaluationPeriods: a.evaluation_periods ?? M.customEvaluationPeriods,
    missingData: MISSING[a.missing_data ?? 'missing'],
    description: `${a.statistic} of ${a.namespace} ${a.metric}${what ? ` for ${what}` : ''} ${above ? 'above' : 'below'} ${a.threshold}.`,
  };
}
