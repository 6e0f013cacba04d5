/**
 * The fleet model: what `lower` makes of a valid fleet.yaml, and what every
 * emitter (Terraform, provisioning, review aids) reads.
 *
 * Everything here is resolved: defaults applied, names derived, zones assigned,
 * cross-references replaced by names that are known to exist. Emitters never
 * re-validate and never look at the raw document. Every node keeps `source`,
 * the YAML path and span it came from, so a later stage can still point at a
 * line of fleet.yaml.
 *
 * Arrays keep the order of the spec; maps are plain objects with sorted keys,
 * so output built from the model is deterministic.
 */
import type { Span } from '../diagnostics/diagnostic';

/** Where a node came from in fleet.yaml. */
export interface Source {
  /** YAML path, e.g. `hosts[2]`. */
  path: string;
  span: Span;
}

export interface Fleet {
  name: string;
  region: string;
  /** Distinct Availability Zones, in spec order. */
  zones: string[];
  network: Network;
  state: StateBackend;
  /** Default tags for every resource, sorted by key; includes `fleetform:fleet`. */
  tags: Record<string, string>;
  hosts: Host[];
  proxies: ProxySettings;
  pools: Pool[];
  services: Service[];
  loadBalancer: LoadBalancer;
  /** The static-IP front door, when the spec asks for one. */
  staticIps: StaticIps | null;
  /** Alarms, notifications and dashboard; null without a `monitoring:` section. */
  monitoring: Monitoring | null;
  source: Source;
}

export type Network =
  | {
      kind: 'existing';
      vpcId: string;
      /** One subnet per zone, in the order of `Fleet.zones`. */
      subnets: { zone: string; subnetId: string }[];
      source: Source;
    }
  | {
      kind: 'create';
      cidr: string;
      /** One public subnet per zone carved from `cidr`, in zone order. */
      subnets: { zone: string; cidr: string }[];
      source: Source;
    };

export interface StateBackend {
  bucket: string;
  key: string;
  region: string;
  /** DynamoDB table name, or null when S3-native lock files are used. */
  lockTable: string | null;
  /** S3-native locking (`use_lockfile`); needs Terraform/OpenTofu 1.10+. */
  lockfile: boolean;
  source: Source;
}

/** A secret's location. The value itself never enters the compiler. */
export interface SecretRef {
  store: 'ssm' | 'secretsmanager';
  /** SSM parameter name (with leading `/`) or Secrets Manager secret name. */
  name: string;
  source: Source;
}

/** A machine image: a fixed AMI ID, or an SSM parameter resolved at plan time. */
export type AmiRef = { kind: 'id'; id: string } | { kind: 'ssm'; parameter: string };

export interface ForwardTunnel {
  direction: 'forward';
  /** The box's address and SSH port, as the proxy dials them. */
  address: string;
  sshPort: number;
  user: string;
  /** The box's host public key, pinned in the proxy's known_hosts. */
  hostKey: string;
  /** The proxy's private key for the box. */
  privateKey: SecretRef;
}

export interface ReverseTunnel {
  direction: 'reverse';
  /** Tunnel user created on the proxy. */
  user: string;
  /** The box's public key, authorized on the proxy for port forwarding only. */
  authorizedKey: string;
  /** The proxy's SSH host private key, installed at boot so replacements keep it. */
  proxyHostKey: SecretRef;
  /** Its public half, pinned by the box's installer. */
  proxyHostPublicKey: string;
  /** The CIDR the box dials from; the only source allowed to reach the proxy's SSH. */
  dialsFrom: string;
}

export interface Host {
  name: string;
  gpu: { model: string; count: number } | null;
  /** Port of the model server on the box. */
  modelPort: number;
  tunnel: ForwardTunnel | ReverseTunnel;
  /** Zone of this host's proxy (explicit or spread in order). */
  zone: string;
  /** The proxy that serves this host. */
  proxy: Proxy;
  /** Names of the services this host backs, in service order. */
  services: string[];
  /**
   * Port the proxy listens on (the services' common target port), forwarded to
   * `modelPort` through the tunnel. Null when the host backs no service.
   */
  servicePort: number | null;
  source: Source;
}

/** One proxy instance per host. */
export interface Proxy {
  /** Derived AWS-facing name, e.g. `legal-chat-proxy-v100-1`. */
  name: string;
  zone: string;
  /** Secrets this proxy's role may read: exactly its host's. */
  secrets: SecretRef[];
}

export interface ProxySettings {
  instanceType: string;
  ami: AmiRef;
  selfHealing: boolean;
  rootVolumeGb: number;
  source: Source;
}

export interface Container {
  image: string;
  /**
   * The private Amazon ECR repository the image is pulled from, parsed from
   * `image`; null for public registries. Instances log in to it before each
   * start and their role may pull from exactly this repository.
   */
  ecr: EcrRepository | null;
  port: number;
  /** Environment, sorted by name: literal values, or secrets fetched at boot. */
  env: { name: string; value: { kind: 'literal'; value: string } | { kind: 'secret'; ref: SecretRef } }[];
}

export interface EcrRepository {
  account: string;
  region: string;
  /** Registry host, e.g. `123456789012.dkr.ecr.eu-west-1.amazonaws.com`. */
  host: string;
  /** Repository name without tag or digest, e.g. `acme/summarizer`. */
  repository: string;
}

export interface Pool {
  name: string;
  /** Derived Auto Scaling group name, e.g. `legal-chat-pool-burst`. */
  asgName: string;
  instanceType: string;
  ami: AmiRef;
  capacity: { min: number; desired: number; max: number };
  container: Container;
  rootVolumeGb: number;
  warmup: number;
  healthGrace: number;
  /** How long a new instance may take to load its model, as each clock sees it. */
  readiness: Readiness;
  /**
   * EC2 detailed monitoring (1-minute metrics) on the instances: the spec's
   * `detailed_monitoring`, else on when a policy needs it
   * (compiler/lower/detailed-monitoring.ts).
   */
  detailedMonitoring: boolean;
  /** Services this pool backs, in service order. */
  services: string[];
  /** The port instances publish the container on (their services' target port). */
  servicePort: number | null;
  /** Secrets instances may read: the container's secret env values. */
  secrets: SecretRef[];
  scaling: ScalingPolicy[];
  source: Source;
}

/**
 * Seconds a new pool instance may take to become ready, derived from
 * `health_grace` in one place (compiler/lower/readiness.ts) so that
 * `bootWait < hookTimeout < applyTimeout`.
 */
export interface Readiness {
  /** The boot script waits this long for the health paths, then ABANDONs. */
  bootWait: number;
  /** Heartbeat of the launch lifecycle hook (at most 7200). */
  hookTimeout: number;
  /** `wait_for_capacity_timeout` of the group: how long an apply waits. */
  applyTimeout: number;
}

/** A metric a policy or alarm watches. */
export type MetricRef =
  | { kind: 'cpu' }
  | { kind: 'network_in' }
  | { kind: 'network_out' }
  /** ALB requests per target of one service's target group. */
  | { kind: 'requests_per_target'; service: string }
  | {
      kind: 'custom';
      namespace: string;
      name: string;
      statistic: 'Average' | 'Minimum' | 'Maximum' | 'Sum' | 'SampleCount';
      unit: string | null;
      /** Sorted by name; the value `$pool` already replaced by the ASG name. */
      dimensions: { name: string; value: string }[];
    };

export type AdjustmentType = 'ChangeInCapacity' | 'ExactCapacity' | 'PercentChangeInCapacity';

export interface Alarm {
  /** Derived alarm name, e.g. `legal-chat-burst-scale-2`. */
  name: string;
  metric: MetricRef;
  comparison: 'GreaterThanThreshold' | 'LessThanThreshold';
  threshold: number;
  period: number;
  evaluationPeriods: number;
}

export type ScalingPolicy =
  | {
      kind: 'target_tracking';
      /** Derived policy name, unique in the pool. */
      name: string;
      metric: MetricRef;
      target: number;
      disableScaleIn: boolean;
      source: Source;
    }
  | {
      kind: 'step';
      name: string;
      alarm: Alarm;
      adjustmentType: AdjustmentType;
      /** Bounds relative to the threshold; null is open-ended. Sorted by lower bound. */
      steps: { lower: number | null; upper: number | null; change: number }[];
      warmup: number;
      source: Source;
    }
  | {
      kind: 'simple';
      name: string;
      alarm: Alarm;
      adjustmentType: AdjustmentType;
      change: number;
      cooldown: number;
      source: Source;
    }
  | {
      kind: 'schedule';
      name: string;
      /** Unix cron, or null for a one-off action at `startTime`. */
      recurrence: string | null;
      /** IANA time zone of the recurrence. */
      timezone: string;
      /** ISO 8601 UTC, or null. */
      startTime: string | null;
      endTime: string | null;
      min: number | null;
      desired: number | null;
      max: number | null;
      source: Source;
    }
  | {
      kind: 'predictive';
      name: string;
      metric: 'cpu' | 'network_in' | 'network_out' | 'requests_per_target';
      /** With requests_per_target: the service counted. */
      service: string | null;
      target: number;
      mode: 'ForecastOnly' | 'ForecastAndScale';
      buffer: number;
      maxCapacityBreach: 'HonorMaxCapacity' | 'IncreaseMaxCapacity';
      maxCapacityBuffer: number | null;
      source: Source;
    };

export interface HealthCheck {
  path: string;
  /** `traffic-port` or a number equal to the service port. */
  port: 'traffic-port' | number;
  protocol: 'HTTP' | 'HTTPS';
  interval: number;
  timeout: number;
  healthy: number;
  unhealthy: number;
  matcher: string;
}

export interface Service {
  name: string;
  /** Derived target group name (at most 32 characters), e.g. `legal-chat-chat`. */
  targetGroupName: string;
  port: number;
  protocol: 'HTTP' | 'HTTPS';
  health: HealthCheck;
  algorithm: 'round_robin' | 'least_outstanding_requests' | 'weighted_random';
  anomalyMitigation: boolean;
  stickiness: { type: 'lb_cookie' | 'app_cookie'; duration: number; cookie: string | null } | null;
  deregistrationDelay: number;
  slowStart: number;
  /** Listener rule conditions; null when this service is the listeners' default action. */
  routing: { paths: string[]; hosts: string[]; priority: number } | null;
  /** Host names, resolved (`all` expanded), in host order. */
  hosts: string[];
  /** Pool names, resolved, in pool order. */
  pools: string[];
  source: Source;
}

export interface Listener {
  port: number;
  protocol: 'HTTP' | 'HTTPS';
  certificateArn: string | null;
  sslPolicy: string | null;
  /** HTTP listeners that only redirect: the HTTPS port they send clients to. */
  redirectTo: number | null;
  source: Source;
}

export interface LoadBalancer {
  /** Derived ALB name (at most 32 characters), e.g. `legal-chat-alb`. */
  name: string;
  /** The spec's `internal`, else true exactly when static IPs front the ALB. */
  internal: boolean;
  listeners: Listener[];
  ingress: string[];
  idleTimeout: number;
  deletionProtection: boolean;
  accessLogs: AccessLogs | null;
  /** The service that answers requests no rule matches; null: a fixed 404 answers them. */
  defaultService: string | null;
  source: Source;
}

export interface StaticIps {
  /** Derived NLB name, e.g. `legal-chat-nlb`. */
  name: string;
  internal: boolean;
  /** One entry per zone with a static address, in zone order. */
  addresses: { zone: string; allocationId: string | null }[];
  /** ALB listener ports forwarded as TCP; each has an NLB listener and an `alb` target group. */
  ports: { port: number; targetGroupName: string }[];
  source: Source;
}

export interface AccessLogs {
  bucket: string;
  prefix: string | null;
  /** Fleetform creates the bucket (SSE-S3, ELB write policy, lifecycle); null: the bucket exists. */
  create: { retentionDays: number } | null;
}

/**
 * What the fleet watches and where alerts go. Every alarm is resolved here:
 * names derived, thresholds and periods final, dimensions named by what they
 * point at (a service's target group, the ALB) rather than by ARN, which only
 * the Terraform emitter can know.
 */
export interface Monitoring {
  /** The fleet's own CloudWatch namespace, `Fleetform/<fleet>`: host health, pool readiness, GPU metrics. */
  namespace: string;
  notify: { kind: 'create'; topicName: string; emails: string[]; https: string[] } | { kind: 'existing'; topicArn: string };
  alarms: WatchAlarm[];
  /** Dashboard name, or null for none. */
  dashboard: string | null;
  /** Seconds between each proxy's check of its box through the tunnel; null: proxies publish nothing. */
  hostCheckEvery: number | null;
  /** Seconds between GPU samples of the CloudWatch agent on pool instances; null: no agent. */
  gpuSampleEvery: number | null;
  /** Pool instances count launches they abandon (PoolNotReady), so their role may put metrics. */
  poolReadiness: boolean;
  source: Source;
}

/** A dimension value, by what it names; the emitter turns references into ARN suffixes. */
export type DimensionValue =
  | { kind: 'literal'; value: string }
  | { kind: 'alb' }
  | { kind: 'nlb' }
  | { kind: 'target-group'; service: string }
  | { kind: 'nlb-target-group'; port: number };

export interface WatchMetric {
  /** Metric-math ID: lower-case letter first, letters, digits, underscore. */
  id: string;
  namespace: string;
  name: string;
  /** `Average`, `Sum`, `Minimum`, `Maximum`, `SampleCount` or a percentile such as `p99`. */
  statistic: string;
  /** Sorted by name. */
  dimensions: { name: string; value: DimensionValue }[];
}

export type WatchSubject = { kind: 'service' | 'host' | 'pool' | 'load-balancer' | 'front-door' | 'custom'; name: string };

export interface WatchAlarm {
  /** AWS alarm name, e.g. `legal-chat-chat-no-healthy-target`. */
  name: string;
  /** In fleet terms, stable across threshold changes, e.g. `chat: no healthy target`. */
  title: string;
  subject: WatchSubject;
  /** One metric, or the inputs of `expression`. */
  metrics: WatchMetric[];
  /** Metric math over `metrics` (whose IDs it names), or null for a single metric. */
  expression: string | null;
  comparison: 'GreaterThanThreshold' | 'GreaterThanOrEqualToThreshold' | 'LessThanThreshold' | 'LessThanOrEqualToThreshold';
  threshold: number;
  /** Seconds. */
  period: number;
  evaluationPeriods: number;
  missingData: 'missing' | 'breaching' | 'notBreaching' | 'ignore';
  /** What the alarm means and what to do, sent with every notification. */
  description: string;
  source: Source;
}
