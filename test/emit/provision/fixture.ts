/**
 * Hand-built fleet models for the provisioning tests: one forward host, one
 * reverse host, one host that backs no service, one pool with literal and
 * secret environment. `tweak` lets a test change any of it.
 */
import type { Fleet, Host, Pool, Source } from '../../../compiler/model/fleet';

const at = (path: string): Source => ({ path, span: { start: { line: 1, col: 1 }, end: { line: 1, col: 2 } } });

/** Real-looking ed25519 public keys (these blobs are only ever pinned, never used to log in). */
export const KEYS = {
  box: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAsGpfzoxRf8NbVcbzibn6Wu5+xhebL4H/uGL+qUygFs v100-1',
  boxAuthorized: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIyPqcVxv+X7covJbOTqHdoRyAKx9faoxmoBecWoqDQU a100-1',
  proxyHost: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAJ4cMlrkUXjdnd1NyDdb3sk/lb5nLkYyRnGbslfD02R proxy',
};

export function forwardHost(name = 'v100-1', i = 0): Host {
  return {
    name,
    gpu: { model: 'V100', count: 1 },
    modelPort: 8585,
    tunnel: {
      direction: 'forward',
      address: '203.0.113.10',
      sshPort: 2201,
      user: 'ubuntu',
      hostKey: KEYS.box,
      privateKey: { store: 'ssm', name: `/legal-chat/ssh/${name}`, source: at(`hosts[${i}].ssh.private_key`) },
    },
    zone: 'ap-northeast-2a',
    proxy: { name: `legal-chat-proxy-${name}`, zone: 'ap-northeast-2a', secrets: [] },
    services: ['chat'],
    servicePort: 8585,
    source: at(`hosts[${i}]`),
  };
}

export function reverseHost(name = 'a100-1', i = 1): Host {
  return {
    name,
    gpu: { model: 'A100', count: 2 },
    modelPort: 9000,
    tunnel: {
      direction: 'reverse',
      user: 'fleetform-tunnel',
      authorizedKey: KEYS.boxAuthorized,
      proxyHostKey: { store: 'secretsmanager', name: `legal-chat/proxy/${name}`, source: at(`hosts[${i}].ssh.proxy_host_key`) },
      proxyHostPublicKey: KEYS.proxyHost,
      dialsFrom: '198.51.100.7/32',
    },
    zone: 'ap-northeast-2c',
    proxy: { name: `legal-chat-proxy-${name}`, zone: 'ap-northeast-2c', secrets: [] },
    services: ['chat'],
    servicePort: 8585,
    source: at(`hosts[${i}]`),
  };
}

export function pool(name = 'burst', i = 0): Pool {
  return {
    name,
    asgName: `legal-chat-pool-${name}`,
    instanceType: 'g5.xlarge',
    ami: { kind: 'ssm', parameter: '/aws/service/deeplearning/ami/x86_64/base-oss-nvidia-driver-gpu-ubuntu-22.04/latest/ami-id' },
    capacity: { min: 0, desired: 0, max: 4 },
    container: {
      image: 'ghcr.io/acme/legal-chat:1.4',
      ecr: null,
      port: 8080,
      env: [
        { name: 'HF_TOKEN', value: { kind: 'secret', ref: { store: 'ssm', name: '/legal-chat/hf-token', source: at(`pools[${i}].container.env.HF_TOKEN`) } } },
        { name: 'MODEL', value: { kind: 'literal', value: 'legal-7b' } },
      ],
    },
    rootVolumeGb: 100,
    warmup: 300,
    healthGrace: 600,
    readiness: { bootWait: 600, hookTimeout: 1200, applyTimeout: 1800 },
    detailedMonitoring: false,
    services: ['chat'],
    servicePort: 8585,
    secrets: [],
    scaling: [],
    source: at(`pools[${i}]`),
  };
}

export function fleet(tweak: (f: Fleet) => void = () => {}): Fleet {
  const idle = forwardHost('idle-1', 2);
  idle.services = [];
  idle.servicePort = null;
  const f: Fleet = {
    name: 'legal-chat',
    region: 'ap-northeast-2',
    zones: ['ap-northeast-2a', 'ap-northeast-2c'],
    network: { kind: 'existing', vpcId: 'vpc-0123456789abcdef0', subnets: [], source: at('network') },
    state: { bucket: 'legal-chat-tfstate', key: 'fleetform/legal-chat.tfstate', region: 'ap-northeast-2', lockTable: 'legal-chat-tflock', lockfile: false, source: at('state') },
    tags: { 'fleetform:fleet': 'legal-chat' },
    hosts: [forwardHost(), reverseHost(), idle],
    proxies: { instanceType: 't3.small', ami: { kind: 'ssm', parameter: '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64' }, selfHealing: true, rootVolumeGb: 8, source: at('proxies') },
    pools: [pool()],
    services: [
      {
        name: 'chat',
        targetGroupName: 'legal-chat-chat',
        port: 8585,
        protocol: 'HTTP',
        health: { path: '/health', port: 'traffic-port', protocol: 'HTTP', interval: 15, timeout: 5, healthy: 2, unhealthy: 2, matcher: '200' },
        algorithm: 'least_outstanding_requests',
        anomalyMitigation: false,
        stickiness: null,
        deregistrationDelay: 60,
        slowStart: 0,
        routing: null,
        hosts: ['v100-1', 'a100-1'],
        pools: ['burst'],
        source: at('services[0]'),
      },
    ],
    loadBalancer: { name: 'legal-chat-alb', internal: false, listeners: [], ingress: ['0.0.0.0/0'], idleTimeout: 300, deletionProtection: false, accessLogs: null, defaultService: 'chat', source: at('load_balancer') },
    staticIps: null,
    monitoring: null,
    source: at(''),
  };
  tweak(f);
  return f;
}
