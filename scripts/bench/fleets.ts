/**
 * Synthetic fleets for benchmarks: N forward-tunnel hosts behind one service,
 * spread over two zones, with monitoring, written as YAML text the way a user
 * would.
 */
export function syntheticFleet(hosts: number): string {
  const lines = [
    'version: 1',
    'name: bench',
    'region: us-east-1',
    'zones: [us-east-1a, us-east-1b]',
    'network: { vpc: vpc-0123456789abcdef0, public_subnets: [subnet-0123456789abcdef0, subnet-0fedcba9876543210] }',
    'hosts:',
  ];
  for (let i = 0; i < hosts; i++) {
    lines.push(
      `  - name: gpu-${i}`,
      '    gpu: { model: V100, count: 1 }',
      '    port: 8585',
      '    ssh:',
      `      address: 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      `      port: ${2200 + (i % 1000)}`,
      '      host_key: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAsGpfzoxRf8NbVcbzibn6Wu5+xhebL4H/uGL+qUygFs"',
      `      private_key: ssm:/bench/ssh/gpu-${i}`,
    );
  }
  lines.push(
    'services:',
    '  - name: chat',
    '    port: 8585',
    '    algorithm: least_outstanding_requests',
    '    health: { path: /health }',
    '    backends: { hosts: all }',
    'load_balancer:',
    '  listeners: [{ port: 8585 }]',
    '  static_ips: { zones: all }',
    // Monitoring on, as a team would have it: an alarm per host and the dashboard.
    'monitoring:',
    '  notify: { emails: [oncall@example.com] }',
    '',
  );
  return lines.join('\n');
}
