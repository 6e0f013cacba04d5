/** Shared by the review tests: fixture paths, a capturing CLI, fleets from YAML. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CliIO } from '../../../compiler/cli/io';
import { checkSource } from '../../../compiler/index';
import type { Fleet } from '../../../compiler/model/fleet';

/** The repository root (tests run from dist/test/...). */
export const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
export const PLANS = path.join(ROOT, 'test', 'fixtures', 'plans');

export function plan(name: string): string {
  return path.join(PLANS, name);
}

export function capture(cwd = ROOT): CliIO & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    cwd,
    env: {} as Record<string, string | undefined>,
    stdout: (t: string) => {
      io.out += t;
    },
    stderr: (t: string) => {
      io.err += t;
    },
  };
  return io;
}

/**
 * The seed scenario (four V100 boxes behind one ALB and static IPs), from the
 * tests' own copy: spec/fleet.yaml belongs to the team that edits it, so no
 * test may depend on what it says.
 */
export const SEED_FILE = 'test/fixtures/seed/fleet.yaml';
export const SPEC = fs.readFileSync(path.join(ROOT, SEED_FILE), 'utf8');

/** The team's fleet file: only for properties that hold for every valid fleet. */
export const TEAM_FLEET_FILE = 'spec/fleet.yaml';

/** A fleet from YAML text; fails the test with the diagnostics when it does not check. */
export function fleetOf(yaml: string, file = 'fleet.yaml'): Fleet {
  const r = checkSource(yaml, file);
  if (!r.fleet) throw new Error(`fixture fleet does not check:\n${r.diagnostics.map((d) => `${d.span.start.line}:${d.span.start.col} ${d.code} ${d.message}`).join('\n')}`);
  return r.fleet;
}

/** Replace one exact piece of text, failing loudly if it is not there (so edits cannot silently miss). */
export function edit(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`edit: '${from}' not found`);
  return text.replace(from, to);
}

/** The seed scenario first, then the team's spec/fleet.yaml, then every `examples/<name>/fleet.yaml`. */
export function exampleFleets(): { name: string; file: string; text: string }[] {
  const dir = path.join(ROOT, 'examples');
  const names = fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => fs.existsSync(path.join(dir, n, 'fleet.yaml'))).sort() : [];
  return [
    { name: 'seed', file: SEED_FILE, text: SPEC },
    { name: 'spec', file: TEAM_FLEET_FILE, text: fs.readFileSync(path.join(ROOT, TEAM_FLEET_FILE), 'utf8') },
    ...names.map((n) => ({ name: n, file: `examples/${n}/fleet.yaml`, text: fs.readFileSync(path.join(dir, n, 'fleet.yaml'), 'utf8') })),
  ];
}
