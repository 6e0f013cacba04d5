/**
 * Fleet model -> the plain objects the templates render. Every field a
 * template names exists here (strict mode throws on a missing one), and
 * nothing here is quoted: quoting is the templates' helpers' job, per context.
 */
import type { Fleet, Host, Monitoring, Pool, SecretRef, Service } from '../../model/fleet';
import { GPU_MEASUREMENTS, HOST_HEALTH_METRIC, POOL_NOT_READY_METRIC } from '../../../modules/monitoring/metrics';
import { QuoteError } from './quote';

/** Where things live on a proxy and on a pool instance (absolute paths). */
export const PROXY_PATHS = {
  boot: '/usr/local/libexec/fleetform/proxy-boot.sh',
  forwardUnit: '/etc/systemd/system/fleetform-tunnel.service',
  forwardDir: '/etc/fleetform/tunnel',
  sshdDropIn: '/etc/ssh/sshd_config.d/40-fleetform-tunnel.conf',
  authorizedKeysDir: '/etc/ssh/fleetform/authorized_keys',
  healthScript: '/usr/local/libexec/fleetform/host-health.sh',
  healthService: '/etc/systemd/system/fleetform-host-health.service',
  healthTimer: '/etc/systemd/system/fleetform-host-health.timer',
} as const;

export const POOL_PATHS = {
  boot: '/usr/local/libexec/fleetform/pool-boot.sh',
  agentConfig: '/opt/aws/amazon-cloudwatch-agent/etc/fleetform-agent.json',
  run: '/usr/local/libexec/fleetform/run-model.sh',
  unit: '/etc/systemd/system/fleetform-model.service',
  envFile: '/etc/fleetform/model.env',
} as const;

/** The unprivileged system user that runs `ssh -L` on a forward proxy. */
export const FORWARD_LOCAL_USER = 'fleetform-tunnel';

/** The unprivileged system user that runs `ssh -R` on a reverse host's box (created by install-tunnel.sh). */
export const BOX_TUNNEL_USER = 'fleetform-tunnel';

/** The unprivileged system user the pool's model unit runs the docker client as (member of group docker). */
export const POOL_MODEL_USER = 'fleetform-model';

/**
 * Auto Scaling lifecycle hook a pool instance completes when its model answers
 * (the Terraform side creates it on `autoscaling:EC2_INSTANCE_LAUNCHING`).
 */
export const POOL_READY_HOOK = 'fleetform-ready';

export interface HealthProbe {
  service: string;
  /** Full URL on the machine itself, e.g. `http://127.0.0.1:8585/health`. */
  url: string;
  matcher: string;
}

/** `ssh-ed25519 AAAA... comment` -> `ssh-ed25519 AAAA...`: the comment means nothing to OpenSSH. */
export function keyTypeAndBlob(line: string): string {
  const m = /^([a-z0-9@.-]+) ([A-Za-z0-9+/]+={0,3})(?: |$)/.exec(line);
  if (!m) throw new QuoteError(`not an OpenSSH public key line: ${JSON.stringify(line.slice(0, 40))}`);
  return `${m[1]} ${m[2]}`;
}

/**
 * The file sshd reads a host key of this type from (where AL2023's sshd-keygen
 * puts it; AL2023 generates ed25519 and ECDSA keys by default:
 * https://docs.aws.amazon.com/linux/al2023/ug/ssh-host-keys-disabled.html).
 */
export function hostKeyFile(publicKey: string): string {
  const type = publicKey.split(' ')[0];
  if (type === 'ssh-ed25519') return '/etc/ssh/ssh_host_ed25519_key';
  if (type === 'ssh-rsa') return '/etc/ssh/ssh_host_rsa_key';
  if (type.startsWith('ecdsa-sha2-')) return '/etc/ssh/ssh_host_ecdsa_key';
  // Security-key (sk-*) types are user keys only: sshd cannot hold one as a host key.
  throw new QuoteError(`a proxy host key of type ${type} cannot be an sshd host key`);
}

/** Health probes of the services a machine backs, deduplicated, in service order. */
export function healthProbes(fleet: Fleet, names: string[], port: number): HealthProbe[] {
  const seen = new Set<string>();
  const out: HealthProbe[] = [];
  for (const svc of fleet.services.filter((s: Service) => names.includes(s.name))) {
    const url = `${svc.health.protocol.toLowerCase()}://127.0.0.1:${port}${svc.health.path}`;
    const key = `${url}\n${svc.health.matcher}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ service: svc.name, url, matcher: svc.health.matcher });
  }
  return out;
}

function common(fleet: Fleet, host: Host) {
  return {
    fleet: fleet.name,
    region: fleet.region,
    host: host.name,
    source: host.source.path,
    proxyName: host.proxy.name,
    /** Name both sides pin the tunnel's host key under, whatever the address. */
    hostKeyAlias: `fleetform-${host.name}`,
    modelPort: host.modelPort,
    paths: PROXY_PATHS,
  };
}

function secret(ref: SecretRef) {
  return { store: ref.store, name: ref.name, label: `${ref.store}:${ref.name}` };
}

export function forwardView(fleet: Fleet, host: Host, servicePort: number) {
  const t = host.tunnel;
  if (t.direction !== 'forward') throw new Error('forwardView: not a forward host');
  return {
    ...common(fleet, host),
    servicePort,
    // Binding below 1024 needs CAP_NET_BIND_SERVICE; above, the unit gets no capability at all.
    lowPort: servicePort < 1024,
    address: t.address,
    sshPort: t.sshPort,
    user: t.user,
    localUser: FORWARD_LOCAL_USER,
    pinnedHostKey: keyTypeAndBlob(t.hostKey),
    knownHostsPath: `${PROXY_PATHS.forwardDir}/known_hosts`,
    knownHosts: `fleetform-${host.name} ${keyTypeAndBlob(t.hostKey)}\n`,
    privateKey: secret(t.privateKey),
  };
}

export function reverseView(fleet: Fleet, host: Host, servicePort: number) {
  const t = host.tunnel;
  if (t.direction !== 'reverse') throw new Error('reverseView: not a reverse host');
  const pinned = keyTypeAndBlob(t.proxyHostPublicKey);
  // The CIDR sits inside a quoted authorized_keys option: insist on its shape.
  if (!/^[0-9]{1,3}(\.[0-9]{1,3}){3}\/[0-9]{1,2}$/.test(t.dialsFrom)) throw new QuoteError(`dials_from ${JSON.stringify(t.dialsFrom)} is not an IPv4 CIDR`);
  const authorizedKey = keyTypeAndBlob(t.authorizedKey);
  return {
    ...common(fleet, host),
    servicePort,
    user: t.user,
    dialsFrom: t.dialsFrom,
    /** The network address of dials_from: the boot script asks sshd what it applies to a login from there. */
    dialsFromAddress: t.dialsFrom.split('/')[0],
    authorizedKey,
    authorizedKeysPath: `${PROXY_PATHS.authorizedKeysDir}/${t.user}`,
    // sshd(8) AUTHORIZED_KEYS FILE FORMAT: `restrict` turns everything off,
    // `port-forwarding` turns -R back on, `permitlisten` pins the one address
    // it may bind, `from` the one network it may come from.
    authorizedKeysLine: `from="${t.dialsFrom}",restrict,port-forwarding,permitlisten="0.0.0.0:${servicePort}" ${authorizedKey}\n`,
    proxyHostKey: secret(t.proxyHostKey),
    pinnedProxyHostKey: pinned,
    proxyHostKeyFile: hostKeyFile(pinned),
    health: healthProbes(fleet, host.services, host.modelPort),
    boxUser: BOX_TUNNEL_USER,
  };
}

export function inertView(fleet: Fleet, host: Host) {
  return {
    ...common(fleet, host),
    direction: host.tunnel.direction,
    readme: `fleetform: host ${host.name} backs no service; proxy ${host.proxy.name} forwards nothing.\n`,
  };
}

export function poolView(fleet: Fleet, pool: Pool) {
  const publishPort = pool.servicePort ?? pool.container.port;
  return {
    fleet: fleet.name,
    region: fleet.region,
    pool: pool.name,
    source: pool.source.path,
    asgName: pool.asgName,
    hook: POOL_READY_HOOK,
    image: pool.container.image,
    // A private ECR image: log in before each start (tokens last 12 hours).
    ecr: pool.container.ecr ? { host: pool.container.ecr.host, region: pool.container.ecr.region } : null,
    containerPort: pool.container.port,
    publishPort,
    backsService: pool.servicePort !== null,
    // Shorter than the hook's heartbeat by construction (compiler/lower/readiness.ts).
    readyTimeout: pool.readiness.bootWait,
    literalEnv: pool.container.env.flatMap((e) => (e.value.kind === 'literal' ? [`${e.name}=${e.value.value}`] : [])),
    secretEnv: pool.container.env.flatMap((e) => (e.value.kind === 'secret' ? [{ env: e.name, store: e.value.ref.store, secret: e.value.ref.name }] : [])),
    health: healthProbes(fleet, pool.services, publishPort),
    paths: POOL_PATHS,
    modelUser: POOL_MODEL_USER,
    agent: agentView(fleet),
    notReady: fleet.monitoring?.poolReadiness ? { namespace: fleet.monitoring.namespace, metric: POOL_NOT_READY_METRIC } : null,
  };
}

/**
 * The CloudWatch agent on pool instances: NVIDIA GPU metrics into the fleet's
 * namespace, each also aggregated per Auto Scaling group (what the pool's
 * alarms and the dashboard read). Null without pool monitoring.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch-Agent-NVIDIA-GPU.html
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch-Agent-Configuration-File-Details.html
 */
function agentView(fleet: Fleet) {
  const every = fleet.monitoring?.gpuSampleEvery ?? null;
  if (every === null || !fleet.monitoring) return null;
  return { config: `${JSON.stringify(agentConfig(fleet.monitoring.namespace, every), null, 2)}\n` };
}

/** The agent's configuration file (its documented JSON structure). */
export function agentConfig(namespace: string, every: number): object {
  return {
    agent: { metrics_collection_interval: every, omit_hostname: true },
    metrics: {
      namespace,
      // The agent fills these in on the instance (the only values it supports here).
      append_dimensions: { AutoScalingGroupName: '${aws:AutoScalingGroupName}', InstanceId: '${aws:InstanceId}' },
      aggregation_dimensions: [['AutoScalingGroupName']],
      metrics_collected: {
        nvidia_gpu: { measurement: [...GPU_MEASUREMENTS], metrics_collection_interval: every },
      },
    },
  };
}

/**
 * The proxy's own health check of its host, published to CloudWatch: the
 * load balancer's request (same path and matcher) to the proxy's service
 * port, which is the tunnel's end; null when monitoring does not watch hosts
 * or the host backs no service.
 */
export function hostHealthView(fleet: Fleet, host: Host, alarmPeriods = hostAlarmPeriods(fleet.monitoring)) {
  const every = fleet.monitoring?.hostCheckEvery ?? null;
  if (every === null || host.servicePort === null || !fleet.monitoring) return null;
  const period = alarmPeriods.get(host.name) ?? every;
  return {
    ...common(fleet, host),
    every,
    period,
    namespace: fleet.monitoring.namespace,
    metric: HOST_HEALTH_METRIC,
    health: healthProbes(fleet, host.services, host.servicePort),
    // Each probe takes at most curl's 5 s; the run must end before the next one.
    timeout: Math.max(10, Math.min(every, 5 * fleet.services.length + 20)),
  };
}

/**
 * The period of each host's first alarm, by host name: computed once per
 * fleet and passed to hostHealthView, since a search of the alarm list (one
 * alarm per host) for every host made a large fleet's provisioning quadratic.
 */
export function hostAlarmPeriods(m: Monitoring | null): Map<string, number> {
  const periods = new Map<string, number>();
  for (const a of m?.alarms ?? []) if (a.subject.kind === 'host' && !periods.has(a.subject.name)) periods.set(a.subject.name, a.period);
  return periods;
}
