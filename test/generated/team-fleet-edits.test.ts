/**
 * spec/fleet.yaml belongs to the team that uses the repository: editing it
 * and running the one refresh command (`npm run generate`) must leave the
 * project's own tests green. This test copies the repository (the files git
 * knows, as a pull request would carry them), makes the edits a team makes
 * (a health interval, a fifth host, another region with its zones, a pool),
 * proves the freshness check fails naming the refresh command, runs it, and
 * then runs, in the copy, every test that reads spec/fleet.yaml or what is
 * derived from it.
 *
 * The edits start from the seed scenario (test/fixtures/seed/fleet.yaml, what
 * spec/fleet.yaml holds in a fresh repository), so this test does not depend
 * on what the team has put in spec/fleet.yaml either.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseDocument } from 'yaml';
import { ROOT, validFleet } from '../helpers/fleet-text';
import { fleetDependentTests } from './fleet-dependent';

const SELF = 'test/generated/team-fleet-edits.test.ts';
/** Bounds for the child processes: the refresh and the fleet-dependent tests. */
const REFRESH_TIMEOUT_MS = 180_000;
// Alone on 2 cores the fleet-dependent tests take about 2.5 minutes; under heavy load, several times that.
const TESTS_TIMEOUT_MS = 900_000;

/** The team's edits, applied to the YAML document (comments and layout kept). */
export function teamEdits(seedText: string): string {
  const doc = parseDocument(seedText);
  // 1. A slower health check.
  doc.setIn(['services', 0, 'health', 'interval'], 30);
  doc.setIn(['services', 0, 'health', 'timeout'], 10);
  // 2. A fifth host: a copy of the fourth on its own SSH port and key.
  const hosts = doc.get('hosts') as any;
  const fifth = doc.createNode(hosts.get(hosts.items.length - 1).toJSON()) as any;
  fifth.set('name', 'v100-5');
  fifth.setIn(['ssh', 'port'], 2205);
  fifth.setIn(['ssh', 'host_key'], 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGKqN4qO/DZ4nE1h7B3k0vC3kVb1yq4ZV2mHcN9r2T6Q v100-5');
  fifth.setIn(['ssh', 'private_key'], 'ssm:/legal-chat/ssh/v100-5');
  hosts.add(fifth);
  // 3. Another region, with its zones (three of them now).
  doc.set('region', 'us-west-2');
  doc.set('zones', doc.createNode(['us-west-2a', 'us-west-2b', 'us-west-2c'], { flow: true }));
  doc.setIn(['network', 'public_subnets'], doc.createNode(['subnet-0a1b2c3d4e5f60718', 'subnet-0b1c2d3e4f5a60718', 'subnet-0c1d2e3f4a5b60718'], { flow: true }));
  // 4. A pool of cloud GPUs behind the same service.
  doc.set('pools', doc.createNode([{ name: 'burst', instance_type: 'g5.xlarge', capacity: { min: 0, desired: 1, max: 4 }, container: { image: 'ghcr.io/acme/legal-chat:1.4', port: 8585 } }]));
  doc.setIn(['services', 0, 'backends', 'pools'], doc.createNode(['burst'], { flow: true }));
  return doc.toString();
}

/** The files a checkout holds: tracked and new ones, not ignored, still on disk. */
function repositoryFiles(): string[] {
  const r = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ls-files failed: ${r.stderr}`);
  return r.stdout.split('\0').filter((f) => f && f !== 'node_modules' && !f.startsWith('node_modules/') && fs.existsSync(path.join(ROOT, f)));
}

function run(cmd: string, args: string[], cwd: string, timeout: number) {
  return spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' } });
}

test('the edits are valid and change what the team meant', () => {
  const edited = teamEdits(fs.readFileSync(path.join(ROOT, 'test/fixtures/seed/fleet.yaml'), 'utf8'));
  const fleet = validFleet(edited, 'spec/fleet.yaml');
  assert.equal([fleet.region, fleet.zones], ['us-west-2', ['us-west-2a', 'us-west-2b', 'us-west-2c']]);
  assert.equal(fleet.hosts.map((h) => h.name), ['v100-1', 'v100-2', 'v100-3', 'v100-4', 'v100-5']);
  assert.equal(fleet.pools.map((p) => p.name), ['burst']);
  assert.match(edited, 'interval: 30, timeout: 10');
  assert.match(edited, '# The legal-chat fleet', 'comments survive');
});

test('the fleet-dependent tests are found, and include the freshness checks', () => {
  const found = fleetDependentTests(ROOT).filter((f) => f !== SELF);
  for (const f of ['test/generated/current.test.ts', 'test/cli/build.test.ts', 'test/emit/terraform/golden.test.ts']) assert.ok(found.includes(f), `${f} not found among ${found.join(', ')}`);
});

/** Ways a test reads spec/fleet.yaml's content for itself (the generic uses go through TEAM_FLEET_FILE or repoFleets). */
const READS_TEAM_FLEET = /(?:loadFleet|readRepoFile|specFleet|buildFleet|validFleet|fleetOf)\(\s*'spec\/fleet\.yaml'|'--(?:fleet|base)', 'spec\/fleet\.yaml'|join\((?:ROOT|PACKAGE_ROOT|root), 'spec', 'fleet\.yaml'\)/;

test('seed-scenario tests read test/fixtures/seed/fleet.yaml, never spec/fleet.yaml', () => {
  const offenders: string[] = [];
  const walk = (rel: string): void => {
    for (const e of fs.readdirSync(path.join(ROOT, rel), { withFileTypes: true })) {
      const r = `${rel}/${e.name}`;
      if (e.isDirectory()) {
        if (e.name !== 'fixtures') walk(r);
      } else if (r.endsWith('.ts') && r !== SELF && READS_TEAM_FLEET.test(fs.readFileSync(path.join(ROOT, r), 'utf8'))) offenders.push(r);
    }
  };
  walk('test');
  assert.equal(offenders, [], 'use test/fixtures/seed/fleet.yaml: spec/fleet.yaml belongs to the team and may say anything');
  assert.ok(READS_TEAM_FLEET.test("loadFleet('spec/fleet.yaml')") && READS_TEAM_FLEET.test("path.join(ROOT, 'spec', 'fleet.yaml')"), 'the pattern is live');
});

test('a team edits spec/fleet.yaml, runs `npm run generate`, and the fleet-dependent tests pass', () => {
  // Not under /tmp: the systemd-nspawn tests boot machines whose /tmp is their
  // own tmpfs (test/e2e/nspawn.ts), where a copy under the host's /tmp is invisible.
  const base = fs.existsSync('/var/tmp') ? '/var/tmp' : os.tmpdir();
  const dir = fs.mkdtempSync(path.join(base, `ff-team-edits-${process.pid}-`));
  // mkdtemp makes the folder 0700; some tests run commands as another user
  // (nobody, through setpriv) or inside a container, which must read the copy
  // as they read a checkout.
  fs.chmodSync(dir, 0o755);
  try {
    for (const f of repositoryFiles()) {
      fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      fs.copyFileSync(path.join(ROOT, f), path.join(dir, f));
    }
    fs.symlinkSync(fs.realpathSync(path.join(ROOT, 'node_modules')), path.join(dir, 'node_modules'));
    // The compiled tree, so `npm run generate`'s tsc step is incremental; the
    // sources are the same files, so it is what tsc would produce.
    fs.cpSync(path.join(ROOT, 'dist'), path.join(dir, 'dist'), { recursive: true });

    const seed = fs.readFileSync(path.join(dir, 'test/fixtures/seed/fleet.yaml'), 'utf8');
    fs.writeFileSync(path.join(dir, 'spec/fleet.yaml'), teamEdits(seed));

    // The freshness check (the PR workflow runs it) fails and names the command.
    const stale = run(process.execPath, ['dist/scripts/generate.js', '--check'], dir, REFRESH_TIMEOUT_MS);
    assert.is(stale.status, 1, stale.stderr);
    assert.match(stale.stderr, 'run `npm run generate` and commit the result');
    assert.match(stale.stderr, 'generated/fleet/main.tf.json');
    assert.match(stale.stderr, 'README.md');

    const refresh = run('npm', ['run', '--silent', 'generate'], dir, REFRESH_TIMEOUT_MS);
    assert.is(refresh.status, 0, `${refresh.stdout}\n${refresh.stderr}`);
    assert.ok(fs.existsSync(path.join(dir, 'generated/fleet/pools/burst/cloud-config.yaml')), 'the pool was built');
    assert.match(fs.readFileSync(path.join(dir, 'README.md'), 'utf8'), 'us-west-2b');
    const fresh = run(process.execPath, ['dist/scripts/generate.js', '--check'], dir, REFRESH_TIMEOUT_MS);
    assert.is(fresh.status, 0, fresh.stderr);

    const dependent = fleetDependentTests(dir).filter((f) => f !== SELF);
    const pattern = `^(${dependent.map((f) => f.replace(/^test\//, '').replace(/\.ts$/, '.js').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})$`;
    const tests = run(process.execPath, [path.join('node_modules', 'uvu', 'bin.js'), path.join('dist', 'test'), pattern], dir, TESTS_TIMEOUT_MS);
    const out = tests.stdout.replace(/\x1b\[[0-9;]*m/g, '');
    const total = Number(/Total:\s+(\d+)/.exec(out)?.[1] ?? 0);
    const passed = Number(/Passed:\s+(\d+)/.exec(out)?.[1] ?? -1);
    assert.ok(tests.error === undefined, `the fleet-dependent tests did not finish: ${tests.error?.message}`);
    assert.ok(total >= 20, `only ${total} tests ran:\n${out.slice(-3000)}`);
    assert.is(passed, total, `fleet-dependent tests failed after the edit and refresh:\n${out.slice(-6000)}\n${tests.stderr.slice(-2000)}`);
    assert.is(tests.status, 0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
