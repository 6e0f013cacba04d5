/**
 * Every default Fleetform applies, named, so the schema's descriptions, the
 * README and lowering can't drift apart silently (a test compares them).
 */
export const DEFAULTS = {
  stateKey: (fleet: string): string => `fleetform/${fleet}.tfstate`,
  stateLockTable: 'fleetform-locks',
  forwardSshPort: 22,
  forwardUser: 'ubuntu',
  reverseUser: 'fleetform-tunnel',
  tunnel: 'forward' as const,
  gpuCount: 1,
  proxyInstanceType: 't3.small',
  proxyRootVolumeGb: 8,
  proxySelfHealing: true,
  /** Amazon Linux 2023: cloud-init, systemd, OpenSSH and the AWS CLI out of the box. */
  proxyAmiX86: '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64',
  proxyAmiArm: '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64',
  /** AWS Deep Learning Base OSS NVIDIA driver AMI: driver, Docker and the NVIDIA container toolkit. */
  poolAmiX86: '/aws/service/deeplearning/ami/x86_64/base-oss-nvidia-driver-gpu-ubuntu-22.04/latest/ami-id',
  poolAmiArm: '/aws/service/deeplearning/ami/arm64/base-oss-nvidia-driver-gpu-ubuntu-22.04/latest/ami-id',
  poolRootVolumeGb: 100,
  poolWarmup: 300,
  poolHealthGrace: 600,
  serviceProtocol: 'HTTP' as const,
  algorithm: 'round_robin' as const,
  deregistrationDelay: 300,
  slowStart: 0,
  health: { path: '/', port: 'traffic-port' as const, interval: 15, timeout: 5, healthy: 2, unhealthy: 2, matcher: '200' },
  stickinessType: 'lb_cookie' as const,
  stickinessDuration: 86400,
  listenerProtocol: 'HTTP' as const,
  sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
  ingress: ['0.0.0.0/0'],
  idleTimeout: 60,
  alarmPeriod: 60,
  alarmEvaluationPeriods: 2,
  simpleCooldown: 300,
  scheduleTimezone: 'Etc/UTC',
  predictiveBuffer: 300,
  /** Priority step between routed services, leaving room to insert rules by hand. */
  rulePriorityStep: 10,
  accessLogRetentionDays: 90,
  monitoring: {
    period: 60,
    noHealthyMinutes: 2,
    healthyBelowMinutes: 5,
    ratePercent: 5,
    rateMinutes: 5,
    latencyPercentile: 'p99',
    latencySeconds: 30,
    latencyMinutes: 5,
    rejectedCount: 1,
    countMinutes: 5,
    hostEvery: 60,
    hostMinutes: 5,
    gpuEvery: 60,
    gpuUtilizationPercent: 90,
    gpuMemoryPercent: 95,
    gpuMinutes: 15,
    notReadyCount: 1,
    atMaxMinutes: 30,
    tcpResetCount: 100,
    customEvaluationPeriods: 5,
  },
} as const;

/**
 * Graviton (arm64) instance families: a1, and families whose generation digit
 * is followed by `g` (t4g, m7g, c7gn, g5g, im4gn, ...).
 */
export function isArmInstanceType(instanceType: string): boolean {
  const family = instanceType.split('.')[0];
  return family === 'a1' || /^[a-z]+\d+g[a-z]*$/.test(family);
}
