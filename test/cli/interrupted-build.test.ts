/**
 * Builds killed with SIGKILL at every step of the output-folder write, in a
 * child process: the folder is always either the whole previous build or the
 * whole new one (absent only between the two renames, with the previous tree
 * complete beside it), and the next run repairs it and leaves no staging or
 * previous-tree folder behind.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../compiler/cli/main';
import type { CliIO } from '../../compiler/cli/io';
import { recoverInterrupted, writeTreeAtomic } from '../../compiler/cli/write-atomic';
import { MINIMAL } from '../helpers/fleet-text';
import { syntheticTree } from '../helpers/killed-write';

const HELPER = path.join(__dirname, '..', 'helpers', 'killed-write.js');
const FILES = 12;

function child(killAt: number, args: string[], cwd?: string) {
  return spawnSync(process.execPath, [HELPER, String(killAt), ...args], { cwd, encoding: 'utf8' });
}

/** The tree under `dir` as path -> content, or null when `dir` is missing. */
function readTree(dir: string): Record<string, string> | null {
  if (!fs.existsSync(dir)) return null;
  const out: Record<string, string> = {};
  const walk = (rel: string): void => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else out[r] = fs.readFileSync(path.join(dir, r), 'utf8');
    }
  };
  walk('');
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

const expected = (version: string) => Object.fromEntries(syntheticTree(version, FILES).map((f) => [f.path, f.content] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

let interrupted = 0;

for (const previous of [false, true]) {
  test(`synthetic tree of ${FILES} files ${previous ? 'over a previous build' : 'into a new folder'}: killed at every step, repaired by the next run`, () => {
    const probeDir = fs.mkdtempSync(path.join(os.tmpdir(), `ff-kill-${process.pid}-`));
    if (previous) writeTreeAtomic(path.join(probeDir, 'out'), syntheticTree('v1', FILES));
    const probe = child(0, ['tree', path.join(probeDir, 'out'), 'v2', String(FILES)]);
    assert.is(probe.status, 0, probe.stderr);
    const steps = Number(/steps (\d+)/.exec(probe.stderr)?.[1]);
    assert.is(steps, FILES + (previous ? 4 : 2), 'every step reported');
    for (let k = 1; k <= steps; k++) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ff-kill-${process.pid}-`));
      const target = path.join(dir, 'out');
      if (previous) writeTreeAtomic(target, syntheticTree('v1', FILES));
      const r = child(k, ['tree', target, 'v2', String(FILES)]);
      assert.is(r.signal, 'SIGKILL', `step ${k}: ${r.stderr}`);
      interrupted += 1;
      const state = readTree(target);
      if (state === null) {
        if (previous) {
          // Only between the two renames: the previous tree is whole beside the target.
          const aside = fs.readdirSync(dir).filter((n) => n.startsWith('.out.old-'));
          assert.is(aside.length, 1, `step ${k}: ${fs.readdirSync(dir)}`);
          assert.equal(readTree(path.join(dir, aside[0])), expected('v1'), `step ${k}`);
        }
      } else {
        assert.ok([JSON.stringify(expected('v1')), JSON.stringify(expected('v2'))].includes(JSON.stringify(state)), `step ${k}: a mix of two builds`);
      }
      recoverInterrupted(target);
      const repaired = readTree(target);
      if (previous) assert.ok([JSON.stringify(expected('v1')), JSON.stringify(expected('v2'))].includes(JSON.stringify(repaired)), `step ${k}: repaired`);
      else assert.ok(repaired === null || JSON.stringify(repaired) === JSON.stringify(expected('v2')), `step ${k}: repaired`);
      assert.equal(fs.readdirSync(dir).filter((n) => n !== 'out'), [], `step ${k}: leftovers after repair`);
      writeTreeAtomic(target, syntheticTree('v3', FILES));
      assert.equal(readTree(target), expected('v3'));
      assert.equal(fs.readdirSync(dir), ['out']);
      fs.rmSync(dir, { recursive: true, force: true });
    }
    fs.rmSync(probeDir, { recursive: true, force: true });
  });
}

function capture(cwd: string): CliIO & { out: string; err: string } {
  const io = { out: '', err: '', cwd, env: {} as Record<string, string | undefined>, stdout: (t: string) => { io.out += t; }, stderr: (t: string) => { io.err += t; } };
  return io;
}

test('the real `fleetform build`, killed at every step of its write over a previous build: the next build repairs and replaces it', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ff-kill-cli-${process.pid}-`));
  fs.writeFileSync(path.join(dir, 'fleet.yaml'), MINIMAL);
  let io = capture(dir);
  assert.is(await main(['build', 'fleet.yaml', '--out', 'out'], io), 0, io.err);
  const v1 = readTree(path.join(dir, 'out'));
  fs.writeFileSync(path.join(dir, 'fleet.yaml'), MINIMAL.replace('name: t', 'name: t2'));
  const probe = child(0, ['cli', 'build', 'fleet.yaml', '--out', 'out'], dir);
  assert.is(probe.status, 0, probe.stderr);
  const v2 = readTree(path.join(dir, 'out'));
  assert.not.equal(v2, v1);
  const steps = Number(/steps (\d+)/.exec(probe.stderr)?.[1]);
  assert.ok(steps >= 6, probe.stderr);
  let restored = 0;
  for (let k = 1; k <= steps; k++) {
    fs.writeFileSync(path.join(dir, 'fleet.yaml'), MINIMAL);
    io = capture(dir);
    assert.is(await main(['build', 'fleet.yaml', '--out', 'out'], io), 0, io.err);
    fs.writeFileSync(path.join(dir, 'fleet.yaml'), MINIMAL.replace('name: t', 'name: t2'));
    const r = child(k, ['cli', 'build', 'fleet.yaml', '--out', 'out'], dir);
    assert.is(r.signal, 'SIGKILL', `step ${k}: ${r.stderr}`);
    interrupted += 1;
    const state = readTree(path.join(dir, 'out'));
    assert.ok(state === null || JSON.stringify(state) === JSON.stringify(v1) || JSON.stringify(state) === JSON.stringify(v2), `step ${k}`);
    io = capture(dir);
    assert.is(await main(['build', 'fleet.yaml', '--out', 'out'], io), 0, io.err);
    if (state === null) {
      assert.match(io.err, /restored out from \.out\.old-/);
      restored += 1;
    }
    assert.equal(readTree(path.join(dir, 'out')), v2);
    assert.equal(fs.readdirSync(dir).sort(), ['fleet.yaml', 'out'], `step ${k}: leftovers`);
  }
  assert.is(restored, 1, 'exactly one step falls between the two renames');
  fs.rmSync(dir, { recursive: true, force: true });
});

test('count', () => {
  console.log(`  interrupted builds: ${interrupted}, every one repaired`);
  assert.ok(interrupted >= 2 * FILES + 6);
});

test.run();
