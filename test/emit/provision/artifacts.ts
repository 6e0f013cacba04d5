/**
 * Test helpers: take rendered provisioning files apart into what runs on the
 * machines (scripts, units, sshd drop-ins), exactly as cloud-init and the
 * installer would write them, and run the real tools on them.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import type { OutputFile } from '../../../compiler/emit/output-file';

export type Kind = 'cloud-config' | 'script' | 'unit' | 'sshd' | 'other';

export interface Artifact {
  kind: Kind;
  /** Where it came from: `hosts/x/proxy.cloud-config.yaml` or that plus ` -> /etc/...`. */
  origin: string;
  /** Where it lands on the machine (or the output path for top-level files). */
  path: string;
  content: string;
  mode: number;
}

function kindOf(p: string, content: string): Kind {
  if (p.endsWith('.service') || p.endsWith('.timer')) return 'unit';
  if (p.includes('/sshd_config.d/')) return 'sshd';
  if (p.endsWith('.sh') || content.startsWith('#!/bin/bash')) return 'script';
  return 'other';
}

/** Every artifact of a render, nested ones included. */
export function artifacts(files: OutputFile[]): Artifact[] {
  const out: Artifact[] = [];
  for (const f of files) {
    if (f.path.endsWith('.yaml')) {
      out.push({ kind: 'cloud-config', origin: f.path, path: f.path, content: f.content, mode: f.mode });
      // cloud-init reads YAML 1.1 (PyYAML).
      const doc = parse(f.content, { version: '1.1' }) as { write_files?: { path: string; content: string; permissions: string }[] } | null;
      for (const w of doc?.write_files ?? []) {
        out.push({ kind: kindOf(w.path, w.content), origin: `${f.path} -> ${w.path}`, path: w.path, content: w.content, mode: parseInt(w.permissions, 8) });
      }
    } else {
      out.push({ kind: kindOf(f.path, f.content), origin: f.path, path: f.path, content: f.content, mode: f.mode });
      // The installer carries the box's unit as a quoted here-document.
      const m = /<<'UNIT'\n([\s\S]*?\n)UNIT\n/.exec(f.content);
      const host = /^hosts\/([^/]+)\//.exec(f.path)?.[1];
      if (m && host) out.push({ kind: 'unit', origin: `${f.path} -> unit`, path: `/etc/systemd/system/fleetform-tunnel-${host}.service`, content: m[1], mode: 0o644 });
    }
  }
  return out;
}

/** Fail (never skip) when a tool the tests drive is missing: CI installs them. */
export function requireTool(cmd: string, pkg: string): void {
  const r = spawnSync('sh', ['-c', `command -v "$1"`, 'sh', cmd], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} is not installed; install the Debian package ${pkg} (.ci/run does)`);
}

export function requireRoot(why: string): void {
  if (process.getuid?.() !== 0) throw new Error(`this test must run as root: ${why}`);
}

export function run(cmd: string, args: string[], opts: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {}): SpawnSyncReturns<string> {
  const r = spawnSync(cmd, args, { encoding: 'utf8', input: opts.input, env: opts.env ?? process.env, cwd: opts.cwd, timeout: opts.timeoutMs ?? 60_000 });
  if (r.error) throw r.error;
  return r;
}

/** A fresh temporary folder, removed by the returned function. */
export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Write an artifact to `dir` under a file name derived from its origin. */
export function writeArtifact(dir: string, a: Artifact, name = path.basename(a.path)): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, a.content, { mode: a.mode });
  return file;
}
