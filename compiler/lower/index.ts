/**
 * Stage 3: a valid document -> the Fleet model. Defaults applied, names
 * derived, `all` expanded, proxies spread over the zones, every node with its
 * source. Runs only on documents that passed validation, so it trusts the
 * shapes and references the checks have proven.
 */
import type { SourceMap } from '../load/source-map';
import type { AmiRef, EcrRepository, Fleet, ForwardTunnel, Host, Listener, Network, Pool, ReverseTunnel, Service, StaticIps } from '../model/fleet';
import type { FleetSpec } from '../../generated/types/fleet';
import { DEFAULTS, isArmInstanceType } from './defaults';
import { albName, nlbName, nlbTargetGroupName, poolAsgName, proxyName, serviceTargetGroupName } from './names';
import { carveSubnets } from './network';
import { lowerMonitoring } from './monitoring';
import { needsDetailedMonitoring } from './detailed-monitoring';
import { readiness } from './readiness';
import { lowerScaling } from './scaling';
import { compareStrings, isSecretRef, secretRef, sortedRecord, sourceAt } from './source';

export function lower(spec: FleetSpec, sourceMap: SourceMap): Fleet {
  const name = spec.name;
  const zones = [...new Set(spec.zones)];
  const services = lowerServices(spec, sourceMap);
  const hosts = lowerHosts(spec, zones, services, sourceMap);
  const pools = lowerPools(spec, services, sourceMap);
  const lb = spec.load_balancer;
  const listeners: Listener[] = lb.listeners.map((l, i) => ({
    port: l.port,
    protocol: l.protocol ?? DEFAULTS.listenerProtocol,
    certificateArn: l.certificate ?? null,
    sslPolicy: (l.protocol ?? DEFAULTS.listenerProtocol) === 'HTTPS' ? (l.ssl_policy ?? DEFAULTS.sslPolicy) : null,
    redirectTo: l.redirect_to ?? null,
    source: sourceAt(sourceMap, ['load_balancer', 'listeners', i]),
  }));
  const staticIps = lowerStaticIps(spec, zones, listeners, sourceMap);
  return {
    name,
    region: spec.region,
    zones,
    network: lowerNetwork(spec, zones, sourceMap),
    state: {
      bucket: spec.state?.bucket ?? `${name}-tfstate`,
      key: spec.state?.key ?? DEFAULTS.stateKey(name),
      region: spec.state?.region ?? spec.region,
      ...stateLocking(spec.state?.lock_table, spec.state?.lockfile),
      source: sourceAt(sourceMap, ['state']),
    },
    tags: sortedRecord([...Object.entries(spec.tags ?? {}), ['fleetform:fleet', name]]),
    hosts,
    proxies: {
      instanceType: spec.proxies?.instance_type ?? DEFAULTS.proxyInstanceType,
      ami: amiRef(spec.proxies?.ami, isArmInstanceType(spec.proxies?.instance_type ?? DEFAULTS.proxyInstanceType) ? DEFAULTS.proxyAmiArm : DEFAULTS.proxyAmiX86),
      selfHealing: spec.proxies?.self_healing ?? DEFAULTS.proxySelfHealing,
      rootVolumeGb: spec.proxies?.root_volume_gb ?? DEFAULTS.proxyRootVolumeGb,
      source: sourceAt(sourceMap, ['proxies']),
    },
    pools,
    services,
    loadBalancer: {
      name: albName(name),
      // Behind the static IPs the ALB is internal unless the spec says
      // otherwise, so the front door cannot be bypassed; AWS supports an
      // internal ALB as the target of an internet-facing NLB.
      // https://docs.aws.amazon.com/elasticloadbalancing/latest/network/application-load-balancer-target.html
      internal: lb.internal ?? lb.static_ips !== undefined,
      listeners,
      ingress: lb.ingress ?? [...DEFAULTS.ingress],
      idleTimeout: lb.idle_timeout ?? DEFAULTS.idleTimeout,
      deletionProtection: lb.deletion_protection ?? false,
      accessLogs: lb.access_logs
        ? {
            bucket: lb.access_logs.bucket,
            prefix: lb.access_logs.prefix ?? null,
            create: lb.access_logs.create ? { retentionDays: lb.access_logs.retention_days ?? DEFAULTS.accessLogRetentionDays } : null,
          }
        : null,
      defaultService: services.find((s) => s.routing === null)?.name ?? null,
      source: sourceAt(sourceMap, ['load_balancer']),
    },
    staticIps,
    monitoring: lowerMonitoring(spec, services, hosts, pools, staticIps, sourceMap),
    source: sourceAt(sourceMap, []),
  };
}

function amiRef(spec: string | undefined, defaultParameter: string): AmiRef {
  if (spec === undefined) return { kind: 'ssm', parameter: defaultParameter };
  return spec.startsWith('ssm:') ? { kind: 'ssm', parameter: spec.slice(4) } : { kind: 'id', id: spec };
}

function lowerNetwork(spec: FleetSpec, zones: string[], sourceMap: SourceMap): Network {
  const source = sourceAt(sourceMap, ['network']);
  if (spec.network.vpc !== undefined) {
    const ids = spec.network.public_subnets ?? [];
    return { kind: 'existing', vpcId: spec.network.vpc, subnets: zones.map((zone, i) => ({ zone, subnetId: ids[i] })), source };
  }
  const cidrs = carveSubnets(spec.network.cidr!, zones.length);
  return { kind: 'create', cidr: spec.network.cidr!, subnets: zones.map((zone, i) => ({ zone, cidr: cidrs[i] })), source };
}

function lowerServices(spec: FleetSpec, sourceMap: SourceMap): Service[] {
  const hostNames = (spec.hosts ?? []).map((h) => h.name);
  let nextPriority = 0;
  return spec.services.map((s, i): Service => {
    const h = s.health ?? {};
    const protocol = s.protocol ?? DEFAULTS.serviceProtocol;
    const backendHosts = new Set(s.backends.hosts === 'all' ? hostNames : (s.backends.hosts ?? []));
    const backendPools = new Set(s.backends.pools ?? []);
    const routing = s.routing
      ? { paths: s.routing.paths ?? [], hosts: s.routing.hosts ?? [], priority: s.routing.priority ?? (nextPriority += DEFAULTS.rulePriorityStep) }
      : null;
    return {
      name: s.name,
      targetGroupName: serviceTargetGroupName(spec.name, s.name),
      port: s.port,
      protocol,
      health: {
        path: h.path ?? DEFAULTS.health.path,
        port: h.port ?? DEFAULTS.health.port,
        protocol,
        interval: h.interval ?? DEFAULTS.health.interval,
        timeout: h.timeout ?? DEFAULTS.health.timeout,
        healthy: h.healthy ?? DEFAULTS.health.healthy,
        unhealthy: h.unhealthy ?? DEFAULTS.health.unhealthy,
        matcher: h.matcher ?? DEFAULTS.health.matcher,
      },
      algorithm: s.algorithm ?? DEFAULTS.algorithm,
      anomalyMitigation: s.anomaly_mitigation ?? false,
      stickiness: s.stickiness
        ? { type: s.stickiness.type ?? DEFAULTS.stickinessType, duration: s.stickiness.duration ?? DEFAULTS.stickinessDuration, cookie: s.stickiness.cookie ?? null }
        : null,
      deregistrationDelay: s.deregistration_delay ?? DEFAULTS.deregistrationDelay,
      slowStart: s.slow_start ?? DEFAULTS.slowStart,
      routing,
      // Keep host and pool order, whatever order the service lists them in.
      hosts: hostNames.filter((n) => backendHosts.has(n)),
      pools: (spec.pools ?? []).map((p) => p.name).filter((n) => backendPools.has(n)),
      source: sourceAt(sourceMap, ['services', i]),
    };
  });
}

/**
 * Spread proxies over the zones: a host with an explicit zone keeps it; every
 * other host goes to the zone with the fewest proxies so far (ties: zone
 * order). Appending a host never moves an existing one.
 */
export function assignZones(explicit: (string | undefined)[], zones: string[]): string[] {
  const load = new Map(zones.map((z) => [z, 0]));
  for (const z of explicit) if (z !== undefined) load.set(z, (load.get(z) ?? 0) + 1);
  return explicit.map((z) => {
    if (z !== undefined) return z;
    let best = zones[0];
    for (const candidate of zones) if ((load.get(candidate) ?? 0) < (load.get(best) ?? 0)) best = candidate;
    load.set(best, (load.get(best) ?? 0) + 1);
    return best;
  });
}

function lowerHosts(spec: FleetSpec, zones: string[], services: Service[], sourceMap: SourceMap): Host[] {
  const hostSpecs = spec.hosts ?? [];
  const assigned = assignZones(hostSpecs.map((h) => h.zone), zones);
  // Host -> the services it backs, in service order: one pass, not a search per host.
  const backedBy = new Map<string, Service[]>();
  for (const s of services) {
    for (const name of s.hosts) {
      const list = backedBy.get(name);
      if (list) list.push(s);
      else backedBy.set(name, [s]);
    }
  }
  return hostSpecs.map((h, i): Host => {
    const ssh = h.ssh;
    const sshPath = ['hosts', i, 'ssh'];
    const direction = h.tunnel ?? DEFAULTS.tunnel;
    const tunnel: ForwardTunnel | ReverseTunnel =
      direction === 'forward'
        ? {
            direction,
            address: ssh.address!,
            sshPort: ssh.port ?? DEFAULTS.forwardSshPort,
            user: ssh.user ?? DEFAULTS.forwardUser,
            hostKey: ssh.host_key!,
            privateKey: secretRef(ssh.private_key!, sourceMap, [...sshPath, 'private_key']),
          }
        : {
            direction,
            user: ssh.user ?? DEFAULTS.reverseUser,
            authorizedKey: ssh.authorized_key!,
            proxyHostKey: secretRef(ssh.proxy_host_key!, sourceMap, [...sshPath, 'proxy_host_key']),
            proxyHostPublicKey: ssh.proxy_host_public_key!,
            dialsFrom: h.dials_from!,
          };
    const backed = backedBy.get(h.name) ?? [];
    return {
      name: h.name,
      gpu: h.gpu ? { model: h.gpu.model, count: h.gpu.count ?? DEFAULTS.gpuCount } : null,
      modelPort: h.port,
      tunnel,
      zone: assigned[i],
      proxy: {
        name: proxyName(spec.name, h.name),
        zone: assigned[i],
        secrets: [tunnel.direction === 'forward' ? tunnel.privateKey : tunnel.proxyHostKey],
      },
      services: backed.map((s) => s.name),
      servicePort: backed[0]?.port ?? null,
      source: sourceAt(sourceMap, ['hosts', i]),
    };
  });
}

function lowerPools(spec: FleetSpec, services: Service[], sourceMap: SourceMap): Pool[] {
  return (spec.pools ?? []).map((p, i): Pool => {
    const asgName = poolAsgName(spec.name, p.name);
    const scaling = lowerScaling(spec.name, p, i, asgName, sourceMap);
    const backed = services.filter((s) => s.pools.includes(p.name));
    const env = Object.entries(p.container.env ?? {})
      .sort(([a], [b]) => compareStrings(a, b))
      .map(([envName, value]) =>
        isSecretRef(value)
          ? { name: envName, value: { kind: 'secret' as const, ref: secretRef(value, sourceMap, ['pools', i, 'container', 'env', envName]) } }
          : { name: envName, value: { kind: 'literal' as const, value } },
      );
    return {
      name: p.name,
      asgName,
      instanceType: p.instance_type,
      ami: amiRef(p.ami, isArmInstanceType(p.instance_type) ? DEFAULTS.poolAmiArm : DEFAULTS.poolAmiX86),
      capacity: { min: p.capacity.min, desired: p.capacity.desired ?? p.capacity.min, max: p.capacity.max },
      container: { image: p.container.image, ecr: ecrRepository(p.container.image), port: p.container.port, env },
      rootVolumeGb: p.root_volume_gb ?? DEFAULTS.poolRootVolumeGb,
      warmup: p.warmup ?? DEFAULTS.poolWarmup,
      healthGrace: p.health_grace ?? DEFAULTS.poolHealthGrace,
      readiness: readiness(p.health_grace ?? DEFAULTS.poolHealthGrace),
      services: backed.map((s) => s.name),
      servicePort: backed[0]?.port ?? null,
      secrets: env.flatMap((e) => (e.value.kind === 'secret' ? [e.value.ref] : [])),
      scaling,
      detailedMonitoring: p.detailed_monitoring ?? needsDetailedMonitoring(scaling),
      source: sourceAt(sourceMap, ['pools', i]),
    };
  });
}

function lowerStaticIps(spec: FleetSpec, zones: string[], listeners: Listener[], sourceMap: SourceMap): StaticIps | null {
  const s = spec.load_balancer.static_ips;
  if (!s) return null;
  const ipZones = s.zones === undefined || s.zones === 'all' ? zones : zones.filter((z) => (s.zones as string[]).includes(z));
  const ports = s.ports ?? listeners.map((l) => l.port);
  return {
    name: nlbName(spec.name),
    internal: s.internal ?? false,
    addresses: ipZones.map((zone, i) => ({ zone, allocationId: s.allocations?.[i] ?? null })),
    ports: ports.map((port) => ({ port, targetGroupName: nlbTargetGroupName(spec.name, port) })),
    source: sourceAt(sourceMap, ['load_balancer', 'static_ips']),
  };
}

/**
 * A private ECR image (`<account>.dkr.ecr.<region>.amazonaws.com[.cn]/<repo>[:tag|@digest]`)
 * -> its registry and repository; null for any other registry.
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/docker-pull-ecr-image.html
 */
export function ecrRepository(image: string): EcrRepository | null {
  const m = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?\/([^@]+?)(?::[^:/@]+)?(?:@sha256:[0-9a-f]{64})?$/.exec(image);
  if (!m) return null;
  return { account: m[1], region: m[2], host: `${m[1]}.dkr.ecr.${m[2]}.amazonaws.com${m[3] ?? ''}`, repository: m[4] };
}

/**
 * How the state is locked. S3-native lock files (`use_lockfile`, Terraform
 * and OpenTofu 1.10+) unless the fleet names a DynamoDB table, which
 * Terraform 1.11 deprecates
 * (https://developer.hashicorp.com/terraform/language/backend/s3#state-locking).
 * A table and `lockfile: true` together take both locks, the documented way
 * to move a live fleet from the table to lock files; `lockfile: false` alone
 * keeps the table older fleets got by default.
 */
export function stateLocking(lockTable: string | undefined, lockfile: boolean | undefined): { lockTable: string | null; lockfile: boolean } {
  if (lockTable !== undefined) return { lockTable, lockfile: lockfile ?? false };
  if (lockfile === false) return { lockTable: DEFAULTS.stateLockTable, lockfile: false };
  return { lockTable: null, lockfile: true };
}
