/**
 * The text of a starting fleet.yaml, from a few answers: the smallest fleet
 * that checks clean and runs (a VPC Fleetform creates, one proxy per box, an
 * ALB on port 80 with a health check through the tunnel). Every value the
 * user typed is written as a YAML double-quoted scalar (yamlQuote), so no
 * answer can change the document's structure.
 */
import { yamlQuote } from '../../emit/provision/quote';

export interface StarterHost {
  name: string;
  address: string;
  /** The box's SSH port. */
  sshPort: number;
  /** The box's SSH host public key, `ssh-ed25519 AAAA...`. */
  hostKey: string;
}

export interface StarterAnswers {
  name: string;
  region: string;
  zones: string[];
  hosts: StarterHost[];
  /** The model server's port on every box. */
  port: number;
  /** Where the schema is, relative to the fleet file (for the editor). */
  schemaRef: string;
}

export function starterFleet(a: StarterAnswers): string {
  const q = yamlQuote;
  const lines = [
    `# yaml-language-server: $schema=${a.schemaRef}`,
    '# Written by `fleetform init`. Check it with `fleetform check`, build it with',
    '# `fleetform build`; every key is described in the schema (your editor shows it).',
    'version: 1',
    `name: ${q(a.name)}`,
    `region: ${q(a.region)}`,
    `zones: [${a.zones.map(q).join(', ')}]`,
    'network:',
    '  cidr: 10.0.0.0/16                # a VPC Fleetform creates; or vpc: + public_subnets: for an existing one',
    'hosts:',
  ];
  for (const h of a.hosts) {
    lines.push(
      `  - name: ${q(h.name)}`,
      `    port: ${a.port}                       # the model server on the box`,
      '    tunnel: forward                  # the proxy dials the box (ssh -L); `fleetform keys` prints the key commands',
      '    ssh:',
      `      address: ${q(h.address)}`,
      `      port: ${h.sshPort}`,
      `      host_key: ${q(h.hostKey)}`,
      `      private_key: ${q(`ssm:/${a.name}/ssh/${h.name}`)}   # the proxy's key for the box, stored by \`fleetform keys ${h.name}\``,
    );
  }
  lines.push(
    'services:',
    '  - name: model',
    `    port: ${a.port}`,
    '    health: { path: /health }       # a path the model server answers only when it can serve',
    '    backends: { hosts: all }',
    'load_balancer:',
    '  listeners: [{ port: 80 }]',
    '',
  );
  return lines.join('\n');
}
