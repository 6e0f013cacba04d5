/**
 * Fleet model -> constructs. This is the only place that knows both the
 * fleet model and the construct props; the constructs in modules/ know
 * nothing of fleet.yaml, and the model knows nothing of Terraform.
 *
 * Each construct is remembered with the model node it came from, so that a
 * construct validation message can still point at a line of fleet.yaml.
 */
import { Construct } from 'constructs';
import type { Fleet, Host, MetricRef, Pool, ScalingPolicy, Source } from '../../model/fleet';
import { FleetStack } from '../../../modules/fleet-stack';
import { Network } from '../../../modules/network';
import { FleetSecurityGroups } from '../../../modules/security';
import { ApplicationLoadBalancer } from '../../../modules/alb';
import { StaticIpFrontDoor } from '../../../modules/static-ip';
import { ProxyFleet, ProxyFleetHost } from '../../../modules/proxy-fleet';
import { GpuPool, PoolMetric, PoolScaling } from '../../../modules/gpu-pool';
import { AccessLogBucket, FleetMonitoring } from '../../../modules/monitoring';
import { addMonitoring } from './monitoring';
import { addOutputs } from './outputs';
import { imageId, rootDeviceName } from './images';
import { POOL_READY_HOOK } from '../provision/views';

export interface LoweredFleet {
  stack: FleetStack;
  /** The model node each top-level construct came from. */
  sources: Map<Construct, Source>;
  alb: ApplicationLoadBalancer;
  staticIps: StaticIpFrontDoor | null;
  proxies: ProxyFleet | null;
  pools: Record<string, GpuPool>;
  monitoring: FleetMonitoring | null;
}

/** User data of a host's proxy: the provisioning stage's file, by path convention. */
export function proxyUserData(host: string): string {
  return `\${filebase64("\${path.module}/hosts/${host}/proxy.cloud-config.yaml")}`;
}

/** User data of a pool's instances. */
export function poolUserData(pool: string): string {
  return `\${filebase64("\${path.module}/pools/${pool}/cloud-config.yaml")}`;
}

export function lowerFleet(fleet: Fleet): LoweredFleet {
  // A bare root instead of cdktf's App: App creates `cdktf.out/stacks` in the
  // working directory on construction, and a build writes nothing but its
  // own output folder. The single stack never needs App (no cross-stack
  // references).
  const root = new Construct(undefined as unknown as Construct, '');
  const sources = new Map<Construct, Source>();
  const stack = new FleetStack(root, 'fleet', {
    region: fleet.region,
    defaultTags: fleet.tags,
    backend: {
      bucket: fleet.state.bucket,
      key: fleet.state.key,
      region: fleet.state.region,
      lockTable: fleet.state.lockTable,
      lockfile: fleet.state.lockfile,
    },
  });
  sources.set(stack, fleet.source);

  const network = new Network(
    stack,
    'network',
    fleet.network.kind === 'existing'
      ? { kind: 'existing', vpcId: fleet.network.vpcId, subnets: fleet.network.subnets }
      : { kind: 'create', name: fleet.name, cidr: fleet.network.cidr, subnets: fleet.network.subnets },
  );
  sources.set(network, fleet.network.source);

  const lb = fleet.loadBalancer;
  const hostsWithPort = fleet.hosts.filter((h) => h.servicePort !== null);
  const poolsWithPort = fleet.pools.filter((p) => p.servicePort !== null);
  const sg = new FleetSecurityGroups(stack, 'security', {
    name: fleet.name,
    vpcId: network.vpcId,
    listenerPorts: lb.listeners.map((l) => l.port),
    ingressCidrs: lb.ingress,
    nlb: fleet.staticIps ? { ports: fleet.staticIps.ports.map((p) => p.port) } : undefined,
    proxyPorts: fleet.hosts.length > 0 ? hostsWithPort.map((h) => h.servicePort as number) : undefined,
    poolPorts: fleet.pools.length > 0 ? poolsWithPort.map((p) => p.servicePort as number) : undefined,
    reverseTunnels: fleet.hosts.flatMap((h) => (h.tunnel.direction === 'reverse' ? [{ host: h.name, dialsFrom: h.tunnel.dialsFrom }] : [])),
  });
  sources.set(sg, lb.source);

  // A bucket Fleetform creates must have its policy before the ALB is
  // created: ELB tests that it may write there and fails otherwise.
  let logBucket: AccessLogBucket | null = null;
  if (lb.accessLogs?.create) {
    logBucket = new AccessLogBucket(stack, 'access-logs', { bucket: lb.accessLogs.bucket, prefix: lb.accessLogs.prefix, region: fleet.region, retentionDays: lb.accessLogs.create.retentionDays });
    sources.set(logBucket, lb.source);
  }

  const alb = new ApplicationLoadBalancer(stack, 'alb', {
    name: lb.name,
    vpcId: network.vpcId,
    subnetIds: network.subnetIds,
    securityGroupIds: [sg.alb.id],
    internal: lb.internal,
    idleTimeout: lb.idleTimeout,
    deletionProtection: lb.deletionProtection,
    accessLogs: lb.accessLogs,
    targetGroups: fleet.services.map((s) => ({
      key: s.name,
      name: s.targetGroupName,
      port: s.port,
      protocol: s.protocol,
      health: s.health,
      algorithm: s.algorithm,
      anomalyMitigation: s.anomalyMitigation,
      stickiness: s.stickiness,
      deregistrationDelay: s.deregistrationDelay,
      slowStart: s.slowStart,
    })),
    listeners: lb.listeners,
    defaultTargetGroup: lb.defaultService,
    rules: fleet.services.flatMap((s) => (s.routing ? [{ targetGroup: s.name, paths: s.routing.paths, hosts: s.routing.hosts, priority: s.routing.priority }] : [])),
    dependsOn: [...(lb.internal ? [] : network.internetAccess), ...(logBucket ? [logBucket.policy] : [])],
  });
  sources.set(alb, lb.source);

  let staticIps: StaticIpFrontDoor | null = null;
  if (fleet.staticIps) {
    const si = fleet.staticIps;
    const defaultHealth = fleet.services.find((s) => s.name === lb.defaultService)?.health;
    staticIps = new StaticIpFrontDoor(stack, 'static-ip', {
      name: si.name,
      vpcId: network.vpcId,
      zones: si.addresses.map((a) => ({ zone: a.zone, subnetId: network.subnetByZone[a.zone], allocationId: a.allocationId })),
      albArn: alb.lb.arn,
      internal: si.internal,
      securityGroupIds: sg.nlb ? [sg.nlb.id] : undefined,
      deletionProtection: lb.deletionProtection,
      dependsOn: si.internal ? [] : network.internetAccess,
      forwards: si.ports.map((p) => {
        const listener = lb.listeners.find((l) => l.port === p.port);
        return {
          port: p.port,
          targetGroupName: p.targetGroupName,
          albListener: alb.listeners[p.port],
          // Check the ALB through the listener: a redirecting listener
          // answers 301 by design; a forwarding one answers with the
          // default service's health check. Without a default service the
          // ALB itself answers a fixed 404, which proves it is up (the NLB
          // has one target, so this is a liveness check of the ALB).
          healthCheck:
            listener?.redirectTo != null
              ? { protocol: 'HTTP' as const, path: '/', matcher: '301' }
              : defaultHealth
                ? { protocol: listener?.protocol ?? 'HTTP', path: defaultHealth.path, matcher: defaultHealth.matcher }
                : { protocol: listener?.protocol ?? 'HTTP', path: '/', matcher: '404' },
        };
      }),
    });
    sources.set(staticIps, si.source);
  }

  const targetGroupArns = (services: string[]) => services.flatMap((s) => (alb.targetGroups[s] ? [alb.targetGroups[s].arn] : []));

  let proxies: ProxyFleet | null = null;
  if (fleet.hosts.length > 0 && sg.proxies) {
    const proxyGroup = sg.proxies;
    const p = fleet.proxies;
    proxies = new ProxyFleet(stack, 'proxies', {
      region: fleet.region,
      instanceType: p.instanceType,
      image: p.ami,
      rootDeviceName: rootDeviceName(stack, imageId(p.ami), p.ami),
      rootVolumeGb: p.rootVolumeGb,
      selfHealing: p.selfHealing,
      securityGroupId: proxyGroup.id,
      tags: fleet.tags,
      dependsOn: network.internetAccess,
      hosts: fleet.hosts.map((h) => proxyHost(h, network.subnetByZone[h.zone], targetGroupArns(h.services), sg.reverseSsh[h.name]?.id)),
      metricNamespace: fleet.monitoring?.hostCheckEvery != null ? fleet.monitoring.namespace : null,
    });
    sources.set(proxies, p.source);
    for (const h of fleet.hosts) sources.set(proxies.proxies[h.name], h.source);
  }

  const pools: Record<string, GpuPool> = {};
  // The pools' group exists exactly when there are pools.
  const poolGroupId = sg.pools?.id ?? '';
  for (const pool of fleet.pools) {
    const g = new GpuPool(stack, `pool-${pool.name}`, {
      name: pool.asgName,
      region: fleet.region,
      subnetIds: network.subnetIds,
      instanceType: pool.instanceType,
      image: pool.ami,
      rootDeviceName: rootDeviceName(stack, imageId(pool.ami), pool.ami),
      rootVolumeGb: pool.rootVolumeGb,
      userData: poolUserData(pool.name),
      securityGroupIds: [poolGroupId],
      secrets: pool.secrets,
      capacity: pool.capacity,
      targetGroupArns: targetGroupArns(pool.services),
      warmup: pool.warmup,
      healthGrace: pool.healthGrace,
      scaling: pool.scaling.map((s) => lowerScaling(s, pool, alb)),
      detailedMonitoring: pool.detailedMonitoring,
      tags: { ...fleet.tags, 'fleetform:pool': pool.name },
      ecrRepository: pool.container.ecr,
      // The boot script (compiler/emit/provision) completes this hook.
      readinessHook: { name: POOL_READY_HOOK, timeout: pool.readiness.hookTimeout },
      waitForCapacityTimeout: pool.readiness.applyTimeout,
      dependsOn: network.internetAccess,
      // Watched pools publish GPU metrics and abandoned launches, and collect group metrics.
      metricNamespace: fleet.monitoring?.poolReadiness ? fleet.monitoring.namespace : null,
      groupMetrics: fleet.monitoring !== null,
    });
    pools[pool.name] = g;
    sources.set(g, pool.source);
  }

  const monitoring = fleet.monitoring ? addMonitoring(stack, fleet, fleet.monitoring, { alb, staticIps }, sources) : null;

  addOutputs(stack, fleet, { alb, staticIps, proxies });
  return { stack, sources, alb, staticIps, proxies, pools, monitoring };
}

function proxyHost(h: Host, subnetId: string, targetGroupArns: string[], sshGroupId: string | undefined): ProxyFleetHost {
  return {
    host: h.name,
    name: h.proxy.name,
    subnetId,
    userData: proxyUserData(h.name),
    secrets: h.proxy.secrets,
    targetGroupArns,
    port: h.servicePort ?? undefined,
    reverse: h.tunnel.direction === 'reverse' && sshGroupId ? { sshSecurityGroupId: sshGroupId } : undefined,
    tags: h.gpu ? { 'fleetform:gpu': `${h.gpu.count}x${h.gpu.model}` } : {},
  };
}

function lowerMetric(m: MetricRef, alb: ApplicationLoadBalancer): PoolMetric {
  if (m.kind !== 'requests_per_target') return m;
  return { kind: 'requests_per_target', loadBalancerArnSuffix: alb.lb.arnSuffix, targetGroupArnSuffix: alb.targetGroups[m.service]?.arnSuffix ?? '' };
}

function lowerScaling(s: ScalingPolicy, pool: Pool, alb: ApplicationLoadBalancer): PoolScaling {
  switch (s.kind) {
    case 'target_tracking':
      return { kind: s.kind, name: s.name, metric: lowerMetric(s.metric, alb), target: s.target, disableScaleIn: s.disableScaleIn };
    case 'step':
      return { kind: s.kind, name: s.name, alarm: { ...s.alarm, metric: lowerMetric(s.alarm.metric, alb) }, adjustmentType: s.adjustmentType, steps: s.steps, warmup: s.warmup };
    case 'simple':
      return { kind: s.kind, name: s.name, alarm: { ...s.alarm, metric: lowerMetric(s.alarm.metric, alb) }, adjustmentType: s.adjustmentType, change: s.change, cooldown: s.cooldown };
    case 'schedule':
      return { kind: s.kind, name: s.name, recurrence: s.recurrence, timezone: s.timezone, startTime: s.startTime, endTime: s.endTime, min: s.min, desired: s.desired, max: s.max };
    case 'predictive': {
      const metric =
        s.metric === 'requests_per_target'
          ? { kind: 'requests_per_target' as const, loadBalancerArnSuffix: alb.lb.arnSuffix, targetGroupArnSuffix: alb.targetGroups[s.service ?? pool.services[0]]?.arnSuffix ?? '' }
          : { kind: s.metric };
      return { kind: s.kind, name: s.name, metric, target: s.target, mode: s.mode, buffer: s.buffer, maxCapacityBreach: s.maxCapacityBreach, maxCapacityBuffer: s.maxCapacityBuffer };
    }
  }
}
