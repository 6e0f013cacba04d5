import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../compiler/cli/main';
import type { CliIO } from '../../compiler/cli/io';
import { defaultOutDir } from '../../compiler/cli/commands/build';
import { writeTreeAtomic } from '../../compiler/cli/write-atomic';
import { BUILD_MANIFEST, withBuildManifest } from '../../compiler/cli/out-folder';
import { PACKAGE_ROOT } from '../../compiler/paths';
import { listTree } from '../../scripts/generate/builds';

/** The seed scenario's own copy; spec/fleet.yaml belongs to the team. */
const SEED_FILE = 'test/fixtures/seed/fleet.yaml';

function capture(cwd = PACKAGE_ROOT): CliIO & { out: string; err: string } {
  const io = { out: '', err: '', cwd, env: {} as Record<string, string | undefined>, stdout: (t: string) => { io.out += t; }, stderr: (t: string) => { io.err += t; } };
  return io;
}

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'ff-build-'));

test('build of the seed writes the Terraform and provisioning files', async () => {
  const out = path.join(tmp(), 'fleet');
  const io = capture();
  assert.is(await main(['build', SEED_FILE, '--out', out], io), 0, io.err);
  assert.match(io.out, /built fleet legal-chat into .* \(5 files\)/);
  assert.ok(fs.readFileSync(path.join(out, 'hosts', 'v100-1', 'proxy.cloud-config.yaml'), 'utf8').startsWith('#cloud-config'));
});

test('build of spec/fleet.yaml is identical to the committed generated/fleet/ (whatever the team put in it)', async () => {
  const out = path.join(tmp(), 'fleet');
  const io = capture();
  assert.is(await main(['build', 'spec/fleet.yaml', '--out', out], io), 0, io.err);
  // The build marker records the path it was built from, which differs here by design.
  const files = listTree(out).filter((f) => f !== '.fleetform-build.json');
  assert.equal(files, listTree(path.join(PACKAGE_ROOT, 'generated', 'fleet')).filter((f) => f !== '.fleetform-build.json'), 'run `npm run generate`');
  for (const f of files) assert.fixture(fs.readFileSync(path.join(out, f), 'utf8'), fs.readFileSync(path.join(PACKAGE_ROOT, 'generated', 'fleet', f), 'utf8'), f);
});

test('an invalid fleet: exit 1, diagnostics with file:line:col, and the output folder untouched', async () => {
  const dir = tmp();
  const bad = fs.readFileSync(path.join(PACKAGE_ROOT, SEED_FILE), 'utf8').replace('interval: 15', 'interval: 3');
  fs.writeFileSync(path.join(dir, 'fleet.yaml'), bad);
  const out = path.join(dir, 'out');
  fs.mkdirSync(out);
  fs.writeFileSync(path.join(out, 'main.tf.json'), 'previous build\n');
  fs.writeFileSync(path.join(out, BUILD_MANIFEST), JSON.stringify({ fleetform_build: 1, source: '../fleet.yaml', files: ['main.tf.json'] }));
  const io = capture(dir);
  assert.is(await main(['build', 'fleet.yaml', '--out', 'out'], io), 1);
  assert.match(io.err, /fleet\.yaml:\d+:\d+/);
  assert.match(io.err, /interval/);
  assert.equal(fs.readdirSync(out).sort(), [BUILD_MANIFEST, 'main.tf.json']);
  assert.is(fs.readFileSync(path.join(out, 'main.tf.json'), 'utf8'), 'previous build\n');
  assert.equal(fs.readdirSync(dir).sort(), ['fleet.yaml', 'out'], 'no staging folder left behind');
});

test('usage and I/O errors exit 2', async () => {
  let io = capture();
  assert.is(await main(['build', '--bogus'], io), 2);
  assert.match(io.err, /unknown option '--bogus'/);
  io = capture(tmp());
  assert.is(await main(['build', 'missing.yaml'], io), 2);
  assert.match(io.err, /missing\.yaml: no such file/);
  io = capture();
  assert.is(await main(['build', 'a.yaml', 'b.yaml'], io), 2);
});

test('default output folders: generated/fleet, and generated/examples/<x> for examples', () => {
  assert.is(defaultOutDir('spec/fleet.yaml'), path.join('generated', 'fleet'));
  assert.is(defaultOutDir('examples/minimal/fleet.yaml'), path.join('generated', 'examples', 'minimal'));
  assert.is(defaultOutDir('./examples/reverse-tunnels/fleet.yaml'), path.join('generated', 'examples', 'reverse-tunnels'));
  assert.is(defaultOutDir('/srv/repo/spec/fleet.yaml'), '/srv/repo/generated/fleet');
  // Any other fleet file: a folder named after it, beside it; never generated/fleet/.
  assert.is(defaultOutDir('my-fleet.yaml'), path.join('generated', 'my-fleet'));
  assert.is(defaultOutDir('teams/a/prod.yml'), path.join('teams', 'a', 'generated', 'prod'));
  assert.is(defaultOutDir('other/fleet.yaml'), path.join('other', 'generated', 'fleet'));
});

const built = (files: { path: string; content: string; mode: number }[]) => withBuildManifest(files, '../fleet.yaml');

test('writeTreeAtomic makes the folder hold exactly the new build, with modes, and drops files of the previous build', () => {
  const target = path.join(tmp(), 'out');
  writeTreeAtomic(target, built([{ path: 'old/stale.txt', content: 'x', mode: 0o644 }, { path: 'hosts/h', content: 'a file where a folder goes next\n', mode: 0o644 }]));
  writeTreeAtomic(target, built([
    { path: 'main.tf.json', content: '{}\n', mode: 0o644 },
    { path: 'hosts/h/install-tunnel.sh', content: '#!/bin/sh\n', mode: 0o755 },
  ]));
  assert.equal(fs.readdirSync(target).sort(), ['.fleetform-build.json', 'hosts', 'main.tf.json']);
  assert.is(fs.statSync(path.join(target, 'hosts/h/install-tunnel.sh')).mode & 0o777, 0o755);
  assert.is(fs.statSync(path.join(target, 'main.tf.json')).mode & 0o777, 0o644);
  assert.equal(JSON.parse(fs.readFileSync(path.join(target, '.fleetform-build.json'), 'utf8')).files, ['hosts/h/install-tunnel.sh', 'main.tf.json']);
  assert.equal(fs.readdirSync(path.dirname(target)), ['out'], 'no staging folder left');
  // And back: a folder of the previous build where a file goes now.
  writeTreeAtomic(target, built([{ path: 'hosts', content: 'now a file\n', mode: 0o644 }]));
  assert.equal(fs.readdirSync(target).sort(), ['.fleetform-build.json', 'hosts']);
  assert.is(fs.readFileSync(path.join(target, 'hosts'), 'utf8'), 'now a file\n');
});

test('writeTreeAtomic updates the folder in place: Terraform\'s working files beside the build stay untouched', () => {
  const target = path.join(tmp(), 'out');
  writeTreeAtomic(target, built([{ path: 'main.tf.json', content: 'v1\n', mode: 0o644 }]));
  const inode = fs.statSync(target).ino;
  fs.mkdirSync(path.join(target, '.terraform', 'providers'), { recursive: true });
  fs.writeFileSync(path.join(target, '.terraform', 'providers', 'p'), 'provider\n');
  fs.writeFileSync(path.join(target, 'terraform.tfstate'), '{"serial":3}\n');
  fs.writeFileSync(path.join(target, '.terraform.lock.hcl'), 'lock\n');
  writeTreeAtomic(target, built([{ path: 'main.tf.json', content: 'v2\n', mode: 0o644 }]));
  assert.is(fs.statSync(target).ino, inode, 'the folder itself is never moved');
  assert.is(fs.readFileSync(path.join(target, 'main.tf.json'), 'utf8'), 'v2\n');
  assert.is(fs.readFileSync(path.join(target, '.terraform', 'providers', 'p'), 'utf8'), 'provider\n');
  assert.is(fs.readFileSync(path.join(target, 'terraform.tfstate'), 'utf8'), '{"serial":3}\n');
  assert.is(fs.readFileSync(path.join(target, '.terraform.lock.hcl'), 'utf8'), 'lock\n');
});

test('writeTreeAtomic: a failure while writing leaves the previous folder exactly as it was', () => {
  const target = path.join(tmp(), 'out');
  writeTreeAtomic(target, built([{ path: 'main.tf.json', content: 'v1\n', mode: 0o644 }]));
  const before = fs.readFileSync(path.join(target, '.fleetform-build.json'), 'utf8');
  assert.throws(() => writeTreeAtomic(target, built([{ path: 'main.tf.json', content: 'v2\n', mode: 0o644 }, { path: '../escape.txt', content: 'x', mode: 0o644 }])), /escapes the output folder/);
  assert.is(fs.readFileSync(path.join(target, 'main.tf.json'), 'utf8'), 'v1\n');
  assert.is(fs.readFileSync(path.join(target, '.fleetform-build.json'), 'utf8'), before);
  assert.equal(fs.readdirSync(path.dirname(target)), ['out']);
});

test.run();
