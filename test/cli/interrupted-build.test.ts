/**
 * Builds killed with SIGKILL at every step of the output-folder write, in a
 * child process. Whatever the moment:
 *   - the folder is there (a new folder: absent, or the whole new build);
 *   - every file in it is whole: the previous build's version or the new one;
 *   - its marker lists every file of the build that is there, and says the
 *     build is incomplete until it is whole;
 *   - Terraform's working files beside the build are untouched;
 * and the next build repairs it and leaves no staging folder behind.
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
import { BUILD_MANIFEST } from '../../compiler/cli/out-folder';
import { MINIMAL } from '../helpers/fleet-text';
import { syntheticTree } from '../helpers/killed-write';

const HELPER = path.join(__dirname, '..', 'helpers', 'killed-write.js');
const FILES = 12;

function child(killAt: number, args: string[], cwd?: string) {
  return spawnSync(process.execPath, [HELPER, String(killAt), ...args], { cwd, encoding: 'utf8' });
}

/** The tree under `dir` as path -> content (Terraform's `.terraform/` as one entry), or null when `dir` is missing. */
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

const treeOf = (version: string) => Object.fromEntries(syntheticTree(version, FILES).map((f) => [f.path, f.content] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** Terraform's working files, put beside the previous build: they must come through every kill and rebuild unchanged. */
const TERRAFORM_FILES: Record<string, string> = { '.terraform/providers/aws': 'provider\n', '.terraform.lock.hcl': '# lock\n', 'terraform.tfstate': '{"serial":7}\n' };

function addTerraformFiles(target: string): void {
  for (const [rel, content] of Object.entries(TERRAFORM_FILES)) {
    fs.mkdirSync(path.dirname(path.join(target, rel)), { recursive: true });
    fs.writeFileSync(path.join(target, rel), content);
  }
}

/**
 * What a killed write may leave: each build file whole, from the previous
 * build or the new one; the marker complete (then exactly one build is there)
 * or incomplete and listing every build file present.
 */
function assertConsistent(state: Record<string, string>, previous: Record<string, string>, next: Record<string, string>, where: string): 'previous' | 'next' | 'mixed' {
  const buildFiles = Object.fromEntries(Object.entries(state).filter(([p]) => !(p in TERRAFORM_FILES)));
  for (const [p, content] of Object.entries(TERRAFORM_FILES)) assert.is(state[p], content, `${where}: ${p} untouched`);
  for (const [p, content] of Object.entries(buildFiles)) {
    if (p === BUILD_MANIFEST) continue;
    assert.ok(content === previous[p] || content === next[p], `${where}: ${p} is whole (${JSON.stringify(content)})`);
  }
  const marker = JSON.parse(buildFiles[BUILD_MANIFEST] ?? 'null') as { files: string[]; complete?: boolean } | null;
  assert.ok(marker, `${where}: the marker is there`);
  const same = (a: Record<string, string>, b: Record<string, string>) => JSON.stringify(a) === JSON.stringify(b);
  if (marker!.complete === undefined) {
    assert.ok(same(buildFiles, previous) || same(buildFiles, next), `${where}: a complete marker over a whole build`);
    return same(buildFiles, previous) ? 'previous' : 'next';
  }
  assert.is(marker!.complete, false, where);
  for (const p of Object.keys(buildFiles)) if (p !== BUILD_MANIFEST) assert.ok(marker!.files.includes(p), `${where}: ${p} is listed in the interim marker`);
  return 'mixed';
}

let interrupted = 0;

for (const previous of [false, true]) {
  test(`synthetic tree of ${FILES} files ${previous ? 'over a previous build, beside Terraform\'s working files' : 'into a new folder'}: killed at every step, repaired by the next run`, () => {
    const probeDir = fs.mkdtempSync(path.join(os.tmpdir(), `ff-kill-${process.pid}-`));
    if (previous) writeTreeAtomic(path.join(probeDir, 'out'), syntheticTree('v1', FILES));
    const probe = child(0, ['tree', path.join(probeDir, 'out'), 'v2', String(FILES)]);
    assert.is(probe.status, 0, probe.stderr);
    const steps = Number(/steps (\d+)/.exec(probe.stderr)?.[1]);
    // staging, each file staged, then: a new folder renamed in; or marked, each placed, each stale removed, marked complete, staging removed.
    const staged = FILES + 2;
    assert.is(steps, previous ? 1 + staged + 1 + (staged - 1) + 3 + 1 + 1 : 1 + staged + 1, `every step reported: ${probe.stderr}`);
    const seen = new Set<string>();
    for (let k = 1; k <= steps; k++) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ff-kill-${process.pid}-`));
      const target = path.join(dir, 'out');
      if (previous) {
        writeTreeAtomic(target, syntheticTree('v1', FILES));
        addTerraformFiles(target);
      }
      const r = child(k, ['tree', target, 'v2', String(FILES)]);
      assert.is(r.signal, 'SIGKILL', `step ${k}: ${r.stderr}`);
      interrupted += 1;
      const state = readTree(target);
      const v1 = { ...treeOf('v1') };
      if (previous) {
        assert.ok(state, `step ${k}: the folder is never missing`);
        seen.add(assertConsistent(state!, v1, treeOf('v2'), `step ${k}`));
      } else {
        assert.ok(state === null || JSON.stringify(state) === JSON.stringify(treeOf('v2')), `step ${k}: a new folder is absent or whole`);
      }
      recoverInterrupted(target);
      assert.equal(fs.readdirSync(dir).filter((n) => n !== 'out'), [], `step ${k}: leftovers after repair`);
      writeTreeAtomic(target, syntheticTree('v3', FILES));
      assert.equal(readTree(target), sorted({ ...treeOf("v3"), ...(previous ? TERRAFORM_FILES : {}) }), `step ${k}: the next build is whole`);
      assert.equal(fs.readdirSync(dir), ['out']);
      fs.rmSync(dir, { recursive: true, force: true });
    }
    if (previous) assert.equal([...seen].sort(), ['mixed', 'next', 'previous'], 'kills fell before, during and after the update');
    fs.rmSync(probeDir, { recursive: true, force: true });
  });
}

function sorted(tree: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(tree).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function capture(cwd: string): CliIO & { out: string; err: string } {
  const io = { out: '', err: '', cwd, env: {} as Record<string, string | undefined>, stdout: (t: string) => { io.out += t; }, stderr: (t: string) => { io.err += t; } };
  return io;
}

test('the real `fleetform build`, killed at every step of its write over a previous build: the folder is always there, and the next build completes it', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ff-kill-cli-${process.pid}-`));
  fs.writeFileSync(path.join(dir, 'fleet.yaml'), MINIMAL);
  let io = capture(dir);
  assert.is(await main(['build', 'fleet.yaml', '--out', 'out'], io), 0, io.err);
  const v1 = readTree(path.join(dir, 'out'))!;
  fs.writeFileSync(path.join(dir, 'fleet.yaml'), MINIMAL.replace('name: t', 'name: t2'));
  const probe = child(0, ['cli', 'build', 'fleet.yaml', '--out', 'out'], dir);
  assert.is(probe.status, 0, probe.stderr);
  const v2 = readTree(path.join(dir, 'out'))!;
  assert.not.equal(v2, v1);
  const steps = Number(/steps (\d+)/.exec(probe.stderr)?.[1]);
  assert.ok(steps >= 6, probe.stderr);
  let completed = 0;
  for (let k = 1; k <= steps; k++) {
    fs.writeFileSync(path.join(dir, 'fleet.yaml'), MINIMAL);
    io = capture(dir);
    assert.is(await main(['build', 'fleet.yaml', '--out', 'out'], io), 0, io.err);
    addTerraformFiles(path.join(dir, 'out'));
    fs.writeFileSync(path.join(dir, 'fleet.yaml'), MINIMAL.replace('name: t', 'name: t2'));
    const r = child(k, ['cli', 'build', 'fleet.yaml', '--out', 'out'], dir);
    assert.is(r.signal, 'SIGKILL', `step ${k}: ${r.stderr}`);
    interrupted += 1;
    const state = readTree(path.join(dir, 'out'));
    assert.ok(state, `step ${k}: the folder is never missing`);
    const kind = assertConsistent(state!, v1, v2, `step ${k}`);
    io = capture(dir);
    assert.is(await main(['build', 'fleet.yaml', '--out', 'out'], io), 0, io.err);
    if (kind === 'mixed') {
      assert.match(io.err, /out holds an interrupted build; this build completes it/);
      completed += 1;
    }
    assert.equal(readTree(path.join(dir, 'out')), sorted({ ...v2, ...TERRAFORM_FILES }));
    assert.equal(fs.readdirSync(dir).sort(), ['fleet.yaml', 'out'], `step ${k}: leftovers`);
    fs.rmSync(path.join(dir, 'out', '.terraform'), { recursive: true });
    for (const f of ['.terraform.lock.hcl', 'terraform.tfstate']) fs.rmSync(path.join(dir, 'out', f));
  }
  assert.ok(completed >= 1, 'some kills fell inside the in-place update');
  fs.rmSync(dir, { recursive: true, force: true });
});

test('count', () => {
  console.log(`  interrupted builds: ${interrupted}, every one repaired`);
  assert.ok(interrupted >= 3 * FILES + 6);
});

test.run();
