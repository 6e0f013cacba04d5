/**
 * `./fleetform` runs from bundles (compiler/cli/launch.ts) when they are
 * current; every command must behave exactly as the compiled modules do:
 * same exit code, same output bytes, same files written. And a bundle made
 * from other modules than those in dist/ is never used.
 *
 * Needs the bundles of `npm run build:ts` (which `npm test` runs first).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BUNDLE_DIR, bundlesAreCurrent, currentStamp, STAMP_FILE, stampText } from '../../compiler/cli/launch';
import { PACKAGE_ROOT } from '../../compiler/paths';

const LAUNCHER = path.join(PACKAGE_ROOT, 'fleetform');

function run(args: string[], cwd: string, bundled: boolean, input?: string) {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined };
  if (bundled) delete env.FLEETFORM_NO_BUNDLE;
  else env.FLEETFORM_NO_BUNDLE = '1';
  const r = spawnSync(process.execPath, [LAUNCHER, ...args], { cwd, env: env as NodeJS.ProcessEnv, encoding: 'utf8', input });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The tree under `dir` as path -> content. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string): void => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else out[r] = `${(fs.statSync(path.join(dir, r)).mode & 0o777).toString(8)} ${fs.readFileSync(path.join(dir, r), 'utf8')}`;
    }
  };
  walk('');
  return out;
}

test('the bundles are current after `npm run build:ts`', () => {
  assert.ok(bundlesAreCurrent(), `dist/bundle/ is missing or stale: run \`npm run build:ts\` (files: ${fs.existsSync(BUNDLE_DIR) ? fs.readdirSync(BUNDLE_DIR).join(', ') : 'none'})`);
  for (const f of ['cli.js', 'cli.js.cache', 'emit.js', 'emit.js.cache']) assert.ok(fs.statSync(path.join(BUNDLE_DIR, f)).size > 0, f);
  // ASCII only: launch.ts decodes them as latin1.
  for (const f of ['cli.js', 'emit.js']) assert.not.ok(/[^\x00-\x7f]/.test(fs.readFileSync(path.join(BUNDLE_DIR, f), 'latin1')), `${f} is ASCII`);
});

test('a stamp that differs in any way (another tsc build, or none) means the modules run; no build info (an installed package) means the bundles do', () => {
  const now = currentStamp();
  assert.ok(now);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ff-stamp-${process.pid}-`));
  const write = (s: string) => fs.writeFileSync(path.join(dir, STAMP_FILE), s);
  write(stampText(now!));
  assert.ok(bundlesAreCurrent(dir, now));
  write(stampText({ tsbuildinfo: { ...now!.tsbuildinfo, mtimeMs: now!.tsbuildinfo.mtimeMs + 1 } }));
  assert.not.ok(bundlesAreCurrent(dir, now), 'a later tsc build');
  write(stampText({ tsbuildinfo: { ...now!.tsbuildinfo, size: now!.tsbuildinfo.size + 1 } }));
  assert.not.ok(bundlesAreCurrent(dir, now), 'another tsc build');
  write('not json');
  assert.not.ok(bundlesAreCurrent(dir, now));
  assert.ok(bundlesAreCurrent(dir, null), 'no build info: an installed package');
  fs.rmSync(path.join(dir, STAMP_FILE));
  assert.not.ok(bundlesAreCurrent(dir, now), 'no stamp');
  assert.not.ok(bundlesAreCurrent(dir, null), 'no stamp, no build info');
  fs.rmSync(dir, { recursive: true, force: true });
});

test('every command gives the same exit code and bytes from bundles as from the modules', () => {
  const fixtures = path.join(PACKAGE_ROOT, 'test', 'fixtures');
  const cases: { args: string[]; input?: string }[] = [
    { args: ['--version'] },
    { args: ['--help'] },
    { args: ['chek'] },
    { args: ['check', 'test/fixtures/seed/fleet.yaml'] },
    { args: ['check', '--format', 'json', 'test/fixtures/seed/fleet.yaml'] },
    { args: ['check', '-'], input: fs.readFileSync(path.join(fixtures, 'seed', 'fleet.yaml'), 'utf8') },
    { args: ['graph', 'examples/hybrid-autoscaling/fleet.yaml'] },
    { args: ['diff', 'examples/minimal/fleet.yaml', 'test/fixtures/seed/fleet.yaml'] },
    { args: ['keys', 'rtx-1', 'examples/reverse-tunnels/fleet.yaml'] },
    { args: ['explain', 'FF236'] },
    { args: ['bootstrap', 'spec/fleet.yaml', '--repo', 'acme/fleet'] },
    { args: ['plan-comment', 'test/fixtures/plans/all-actions.json'] },
    { args: ['plan-comment', 'test/fixtures/plans/hostile-markdown.json'] },
    { args: ['build', '--help'] },
  ];
  // One invalid fixture in three (a spawn costs a few tenths of a second), through check: diagnostics, exit 1 or 2.
  fs.readdirSync(path.join(fixtures, 'invalid'))
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .forEach((f, i) => i % 3 === 0 && cases.push({ args: ['check', `test/fixtures/invalid/${f}`] }));
  let compared = 0;
  for (const c of cases) {
    const a = run(c.args, PACKAGE_ROOT, true, c.input);
    const b = run(c.args, PACKAGE_ROOT, false, c.input);
    assert.equal(a, b, `fleetform ${c.args.join(' ')}`);
    assert.not.match(a.stderr, /internal error/, `fleetform ${c.args.join(' ')}`);
    compared += 1;
  }
  console.log(`  ${compared} command lines compared`);
  assert.ok(compared > 50);
});

test('the emit bundle loads CDKTF without archiver, as the modules do (defer-archiver)', () => {
  const r = spawnSync(process.execPath, ['-e', `
    const launch = require(${JSON.stringify(path.join(PACKAGE_ROOT, 'dist', 'compiler', 'cli', 'launch.js'))});
    const emit = launch.loadBundle('emit');
    const loaded = Object.keys(require.cache).filter((k) => /[\\\\/]node_modules[\\\\/]archiver[\\\\/]lib[\\\\/]/.test(k));
    process.stdout.write(typeof emit.emitFleet + ' ' + loaded.length);
  `], { encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout, 'function 0');
});

test('build writes the same files from bundles as from the modules, for the seed and every example', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), `ff-bundled-build-${process.pid}-`));
  const fleets = ['test/fixtures/seed/fleet.yaml', ...fs.readdirSync(path.join(PACKAGE_ROOT, 'examples')).sort().map((x) => `examples/${x}/fleet.yaml`)];
  for (const fleet of fleets) {
    const name = fleet.split('/').slice(-2)[0];
    const a = run(['build', fleet, '--out', path.join(out, 'bundled', name)], PACKAGE_ROOT, true);
    const b = run(['build', fleet, '--out', path.join(out, 'modules', name)], PACKAGE_ROOT, false);
    assert.is(a.status, 0, a.stderr);
    assert.is(b.status, 0, b.stderr);
    assert.is(a.stdout.replace('/bundled/', '/'), b.stdout.replace('/modules/', '/'), fleet);
    const built = tree(path.join(out, 'bundled', name));
    assert.equal(built, tree(path.join(out, 'modules', name)), fleet);
    assert.ok(Object.keys(built).includes('main.tf.json'));
  }
  fs.rmSync(out, { recursive: true, force: true });
});

test.run();
