/**
 * `build --out` never destroys what it did not write: every folder it must not
 * replace is refused with exit 2 and left byte-for-byte as it was; a folder
 * that does not exist, an empty one, or one an earlier build wrote is built.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../compiler/cli/main';
import type { CliIO } from '../../compiler/cli/io';
import { BUILD_MANIFEST } from '../../compiler/cli/out-folder';
import { PACKAGE_ROOT } from '../../compiler/paths';
import { MINIMAL } from '../helpers/fleet-text';

function capture(cwd: string): CliIO & { out: string; err: string } {
  const io = { out: '', err: '', cwd, env: {} as Record<string, string | undefined>, stdout: (t: string) => { io.out += t; }, stderr: (t: string) => { io.err += t; } };
  return io;
}

/** A scratch folder holding fleet.yaml (MINIMAL) and a note of the user's. */
function scratch(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ff-out-${process.pid}-`));
  fs.writeFileSync(path.join(dir, 'fleet.yaml'), MINIMAL);
  fs.writeFileSync(path.join(dir, 'notes.txt'), 'mine\n');
  return dir;
}

/** Every entry under `dir` (links not followed) with its kind and content: equal snapshots mean nothing was touched. */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    const full = path.join(dir, rel);
    const st = fs.lstatSync(full);
    if (st.isSymbolicLink()) out.push(`${rel} -> ${fs.readlinkSync(full)}`);
    else if (st.isDirectory()) {
      out.push(`${rel}/ ${(st.mode & 0o777).toString(8)}`);
      for (const n of fs.readdirSync(full).sort()) walk(rel ? `${rel}/${n}` : n);
    } else out.push(`${rel} ${(st.mode & 0o777).toString(8)} ${fs.readFileSync(full, 'utf8')}`);
  };
  walk('');
  return out;
}

async function refused(cwd: string, args: string[], why: RegExp, watch = cwd): Promise<void> {
  const before = snapshot(watch);
  const io = capture(cwd);
  assert.is(await main(['build', ...args], io), 2, io.err + io.out);
  assert.match(io.err, /will not write into/);
  assert.match(io.err, why);
  assert.match(io.err, /hint: /);
  assert.equal(snapshot(watch), before, 'nothing touched');
}

test('--out . in a git work tree: exit 2, .git, the fleet file and every other file untouched', async () => {
  const dir = scratch();
  fs.mkdirSync(path.join(dir, '.git'));
  fs.writeFileSync(path.join(dir, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  await refused(dir, ['fleet.yaml', '--out', '.'], /working folder/);
  await refused(dir, ['fleet.yaml', '--out', dir], /working folder/);
});

test('--out the folder holding the fleet file, or any folder above it or above the working folder', async () => {
  const dir = scratch();
  fs.mkdirSync(path.join(dir, 'team', 'deep'), { recursive: true });
  fs.renameSync(path.join(dir, 'fleet.yaml'), path.join(dir, 'team', 'fleet.yaml'));
  await refused(dir, ['team/fleet.yaml', '--out', 'team'], /holds the fleet file/);
  await refused(path.join(dir, 'team', 'deep'), ['../fleet.yaml', '--out', '..'], /holds it|holds the fleet file/, dir);
  await refused(path.join(dir, 'team', 'deep'), ['../fleet.yaml', '--out', dir], /working folder or holds it/, dir);
});

test('--out a git work tree elsewhere, a regular file, a non-empty folder nobody built', async () => {
  const dir = scratch();
  fs.mkdirSync(path.join(dir, 'repo', '.git'), { recursive: true });
  await refused(dir, ['fleet.yaml', '--out', 'repo'], /git work tree/);
  fs.writeFileSync(path.join(dir, 'out.txt'), 'a file\n');
  await refused(dir, ['fleet.yaml', '--out', 'out.txt'], /not a folder/);
  fs.mkdirSync(path.join(dir, 'photos'));
  fs.writeFileSync(path.join(dir, 'photos', 'cat.jpg'), 'meow');
  await refused(dir, ['fleet.yaml', '--out', 'photos'], /no build wrote it/);
  // A marker that is not a manifest does not count.
  fs.writeFileSync(path.join(dir, 'photos', BUILD_MANIFEST), '{"files": "x"}');
  await refused(dir, ['fleet.yaml', '--out', 'photos'], /no build wrote it/);
});

test('--out a symbolic link is refused whatever it points to, and stays a link', async () => {
  const dir = scratch();
  fs.mkdirSync(path.join(dir, 'empty'));
  fs.symlinkSync('empty', path.join(dir, 'link'));
  await refused(dir, ['fleet.yaml', '--out', 'link'], /symbolic link \(to empty\)/);
  fs.symlinkSync('nowhere', path.join(dir, 'dangling'));
  await refused(dir, ['fleet.yaml', '--out', 'dangling'], /symbolic link/);
});

test('a new, an empty and a marked folder are built; the marker lists the files; foreign files in a marked folder are refused', async () => {
  const dir = scratch();
  let io = capture(dir);
  assert.is(await main(['build', 'fleet.yaml', '--out', 'out'], io), 0, io.err);
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'out', BUILD_MANIFEST), 'utf8'));
  assert.equal(manifest, { fleetform_build: 1, source: '../fleet.yaml', files: ['hosts/h1/proxy.cloud-config.yaml', 'main.tf.json'] });
  // Built again over its own output.
  io = capture(dir);
  assert.is(await main(['build', 'fleet.yaml', '--out', 'out'], io), 0, io.err);
  // An empty folder.
  fs.mkdirSync(path.join(dir, 'empty'));
  io = capture(dir);
  assert.is(await main(['build', 'fleet.yaml', '--out', 'empty'], io), 0, io.err);
  assert.ok(fs.existsSync(path.join(dir, 'empty', 'main.tf.json')));
  // `terraform init` and a local state in the build folder: Terraform's working files stay, untouched, through a rebuild.
  fs.mkdirSync(path.join(dir, 'out', '.terraform', 'providers'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'out', '.terraform', 'providers', 'x'), 'provider\n');
  fs.writeFileSync(path.join(dir, 'out', '.terraform.lock.hcl'), '# lock\n');
  fs.writeFileSync(path.join(dir, 'out', 'terraform.tfstate'), '{}');
  fs.writeFileSync(path.join(dir, 'out', 'tfplan'), 'plan');
  io = capture(dir);
  assert.is(await main(['build', 'fleet.yaml', '--out', 'out'], io), 0, io.err);
  assert.equal(fs.readdirSync(path.join(dir, 'out')).sort(), ['.fleetform-build.json', '.terraform', '.terraform.lock.hcl', 'hosts', 'main.tf.json', 'terraform.tfstate', 'tfplan']);
  assert.is(fs.readFileSync(path.join(dir, 'out', '.terraform', 'providers', 'x'), 'utf8'), 'provider\n');
  // Any other file is not the build's: refused, since a later build could overwrite or delete a file of its name.
  fs.writeFileSync(path.join(dir, 'out', 'notes.md'), 'mine\n');
  fs.writeFileSync(path.join(dir, 'out', 'hosts', 'extra.tf.json'), '{}');
  await refused(dir, ['fleet.yaml', '--out', 'out'], /files the build did not write: hosts\/extra\.tf\.json, notes\.md/);
  assert.equal(fs.readdirSync(dir).sort(), ['empty', 'fleet.yaml', 'notes.txt', 'out'], 'no staging folder left behind');
});

test('default output: another fleet file never overwrites generated/fleet/ or another fleet\'s default', async () => {
  const dir = scratch();
  // This folder looks like the repo: spec/fleet.yaml built into generated/fleet/.
  fs.mkdirSync(path.join(dir, 'spec'));
  fs.copyFileSync(path.join(dir, 'fleet.yaml'), path.join(dir, 'spec', 'fleet.yaml'));
  let io = capture(dir);
  assert.is(await main(['build', 'spec/fleet.yaml'], io), 0, io.err);
  const repoBuild = snapshot(path.join(dir, 'generated', 'fleet'));
  // my-fleet.yaml builds into generated/my-fleet/.
  fs.copyFileSync(path.join(dir, 'fleet.yaml'), path.join(dir, 'my-fleet.yaml'));
  io = capture(dir);
  assert.is(await main(['build', 'my-fleet.yaml'], io), 0, io.err);
  assert.match(io.out, /into generated\/my-fleet /);
  // ./fleet.yaml would default to generated/fleet/, which spec/fleet.yaml built: refused.
  await refused(dir, ['fleet.yaml'], /another fleet file \(\.\.\/\.\.\/spec\/fleet\.yaml\)/);
  assert.equal(snapshot(path.join(dir, 'generated', 'fleet')), repoBuild);
  // An explicit --out is the user's choice.
  io = capture(dir);
  assert.is(await main(['build', 'fleet.yaml', '--out', 'generated/fleet'], io), 0, io.err);
});

test('the committed build folders carry the marker, so `fleetform build` may replace them', () => {
  for (const dir of ['generated/fleet', 'generated/examples/minimal']) {
    const m = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, dir, BUILD_MANIFEST), 'utf8'));
    assert.ok(m.files.includes('main.tf.json'));
  }
});

// A read-only output folder: the build must fail before touching anything.
// Root may write anywhere, so as root the build runs as `nobody` (setpriv).
const asNobody = process.getuid?.() === 0 ? ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups', '--'] : [];
test(`a read-only existing output folder: exit 2, the previous build in place, no staging or .old folder (${asNobody.length ? 'as nobody via setpriv' : 'as this user'})`, async () => {
  const dir = scratch();
  const io = capture(dir);
  assert.is(await main(['build', 'fleet.yaml', '--out', 'out'], io), 0, io.err);
  fs.writeFileSync(path.join(dir, 'fleet.yaml'), MINIMAL.replace('name: t', 'name: t2'));
  for (const p of [dir, path.join(dir, 'out'), path.join(dir, 'out', 'hosts'), path.join(dir, 'out', 'hosts', 'h1')]) {
    if (asNobody.length) fs.chownSync(p, 65534, 65534);
    fs.chmodSync(p, 0o755);
  }
  fs.chmodSync(path.join(dir, 'out', 'hosts'), 0o555);
  const before = snapshot(path.join(dir, 'out'));
  const cmd = [...asNobody, process.execPath, path.join(PACKAGE_ROOT, 'dist', 'compiler', 'cli', 'main.js'), 'build', 'fleet.yaml', '--out', 'out'];
  const r = spawnSync(cmd[0], cmd.slice(1), { cwd: dir, encoding: 'utf8' });
  assert.is(r.status, 2, r.stderr + r.stdout);
  assert.match(r.stderr, /EACCES/);
  assert.equal(snapshot(path.join(dir, 'out')), before);
  assert.equal(fs.readdirSync(dir).sort(), ['fleet.yaml', 'notes.txt', 'out']);
});

test.run();
