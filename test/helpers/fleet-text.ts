/** Shared test helpers: run the front end on text, read repo files. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkSource } from '../../compiler/index';
import type { Fleet } from '../../compiler/model/fleet';

export const ROOT = path.resolve(__dirname, '..', '..', '..');

export function readRepoFile(rel: string): string {
  return fs.readFileSync(path.join(ROOT, rel), 'utf8');
}

/** Check text that must be valid; fail loudly with the diagnostics if not. */
export function validFleet(text: string, file = 'fleet.yaml'): Fleet {
  const r = checkSource(text, file);
  if (!r.fleet) throw new Error(`expected a valid fleet, got:\n${r.diagnostics.map((d) => `${d.span.start.line}:${d.span.start.col} ${d.code} ${d.message}`).join('\n')}`);
  return r.fleet;
}

/** `code line:col` for each diagnostic, in order: compact to assert on. */
export function codesAt(text: string, file = 'fleet.yaml'): string[] {
  return checkSource(text, file).diagnostics.map((d) => `${d.code} ${d.span.start.line}:${d.span.start.col}`);
}

/** A minimal valid fleet as YAML text, for tests to edit. */
export const MINIMAL = `version: 1
name: t
region: us-east-1
zones: [us-east-1a, us-east-1b]
network: { vpc: vpc-0123456789abcdef0, public_subnets: [subnet-0123456789abcdef0, subnet-0fedcba9876543210] }
hosts:
  - name: h1
    port: 8000
    ssh: { address: 192.0.2.1, host_key: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAsGpfzoxRf8NbVcbzibn6Wu5+xhebL4H/uGL+qUygFs", private_key: "ssm:/t/h1" }
services:
  - name: s
    port: 8000
    backends: { hosts: all }
load_balancer:
  listeners: [{ port: 80 }]
`;
