/**
 * A team that keeps its fleet in a repository of its own installs Fleetform
 * as a dependency (`npm install github:OWNER/fleetform#REF`: npm clones it,
 * installs its dev dependencies, runs `prepare`, which compiles dist/ and
 * writes the bundles `./fleetform` starts from, and
 * packs it by the `files` list) and calls the workflows with `uses:`. This
 * test packs Fleetform the same way (`npm pack`, from the compiled tree),
 * installs the tarball into a scratch project offline (`npm ci --offline`,
 * from npm's cache, with a lock file made from Fleetform's own), and runs
 * there what the workflows run: the `fleetform` bin through `npx --no`, the
 * "Locate Fleetform's workflow scripts" step, and the freshness script with
 * a team's refresh command.
 */
import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ROOT, workflows } from './lint';

const NPM_TIMEOUT_MS = 300_000;

function sh(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  return spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: NPM_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1', npm_config_update_notifier: 'false', ...env } });
}

const own = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

test('package.json: prepare compiles dist/ (npm runs it for git dependencies); the bin and files ship what the commands read', () => {
  assert.is(own.scripts.prepare, 'npm run build:ts');
  assert.match(own.scripts['build:ts'], /^tsc -p tsconfig\.json && node dist\/scripts\/bundle\.js$/);
  assert.equal(own.bin, { fleetform: 'fleetform' });
  for (const f of ['fleetform', 'dist/bundle/', 'dist/compiler/', 'modules/**/*.hbs', 'generated/validator/', 'spec/fleet.schema.json', '.github/scripts/']) assert.ok(own.files.includes(f), f);
});

test('packed, installed offline into another project: the bin, the workflow scripts, a refresh and its freshness check work there', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ff-install-${process.pid}-`));
  try {
    const pack = sh('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], ROOT);
    assert.is(pack.status, 0, pack.stderr);
    const packed = JSON.parse(pack.stdout)[0];
    const files: string[] = packed.files.map((f: { path: string }) => f.path);
    for (const f of ['fleetform', 'dist/bundle/cli.js', 'dist/bundle/cli.js.cache', 'dist/bundle/emit.js', 'dist/bundle/stamp.json', 'dist/compiler/cli/main.js', 'generated/validator/fleet-validator.js', 'spec/fleet.schema.json', 'modules/proxy-fleet/proxy-forward.cloud-config.yaml.hbs']) assert.ok(files.includes(f), `${f} is not in the package`);
    for (const s of fs.readdirSync(path.join(ROOT, '.github', 'scripts'))) assert.ok(files.includes(`.github/scripts/${s}`), `.github/scripts/${s} is not in the package`);
    // The team's repository has its own fleet and build output; none of Fleetform's ships.
    assert.not.ok(files.some((f) => /^(test|dist\/test|scripts|examples|generated\/fleet|generated\/examples)\//.test(f) || f === 'spec/fleet.yaml'), files.join('\n'));

    // The scratch project: its lock names the tarball and Fleetform's runtime
    // dependencies exactly as Fleetform's lock does, so npm installs offline.
    const project = path.join(dir, 'team-fleet');
    fs.mkdirSync(project);
    const tgz = `file:../${packed.filename}`;
    const integrity = `sha512-${crypto.createHash('sha512').update(fs.readFileSync(path.join(dir, packed.filename))).digest('base64')}`;
    const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));
    const packages: Record<string, unknown> = {
      '': { name: 'team-fleet', version: '1.0.0', dependencies: { fleetform: tgz } },
      'node_modules/fleetform': { version: own.version, resolved: tgz, integrity, license: own.license, dependencies: own.dependencies, bin: own.bin, engines: own.engines },
    };
    for (const [k, v] of Object.entries<any>(lock.packages)) if (k && !v.dev) packages[k] = v;
    fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'team-fleet', version: '1.0.0', private: true, dependencies: { fleetform: tgz } }, null, 2));
    fs.writeFileSync(path.join(project, 'package-lock.json'), JSON.stringify({ name: 'team-fleet', version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2));
    fs.writeFileSync(path.join(project, '.gitignore'), 'node_modules/\n');
    const install = sh('npm', ['ci', '--offline', '--no-audit', '--no-fund'], project);
    assert.is(install.status, 0, `npm ci --offline needs npm's cache filled by the project's own npm ci:\n${install.stderr}`);
    assert.is(fs.readlinkSync(path.join(project, 'node_modules', '.bin', 'fleetform')), '../fleetform/fleetform');
    // The installed package starts from its bundles (it has no tsc build info that could have moved on).
    const current = sh(process.execPath, ['-e', `process.stdout.write(String(require('fleetform/dist/compiler/cli/launch.js').bundlesAreCurrent()))`], project);
    assert.is(current.stdout.trim(), 'true', current.stderr);

    // The team's fleet, under a name and folder of its choosing.
    fs.copyFileSync(path.join(ROOT, 'test', 'fixtures', 'seed', 'fleet.yaml'), path.join(project, 'fleet.yaml'));
    const check = sh('npx', ['--no', 'fleetform', 'check', 'fleet.yaml'], project);
    assert.is(check.status, 0, check.stderr);
    assert.is(check.stdout, 'fleet.yaml: ok: fleet legal-chat (4 hosts, 0 pools, 1 service)\n');
    const refresh = 'npx --no fleetform build fleet.yaml --out infra';
    const build = sh('bash', ['-c', refresh], project);
    assert.is(build.status, 0, build.stderr);
    assert.ok(JSON.parse(fs.readFileSync(path.join(project, 'infra', 'main.tf.json'), 'utf8')).terraform.backend.s3);

    // The workflows' "Locate" step, as written in plan.yml, run in the team's checkout.
    const locate = workflows().find((w) => w.file === 'plan.yml')!.doc.jobs.check.steps.find((s: any) => s.name === "Locate Fleetform's workflow scripts").run;
    const githubEnv = path.join(dir, 'github-env');
    const located = sh('bash', ['-e', '-c', locate], project, { GITHUB_ENV: githubEnv });
    assert.is(located.status, 0, located.stderr);
    const scripts = /^FLEETFORM_SCRIPTS=(.*)$/m.exec(fs.readFileSync(githubEnv, 'utf8'))![1];
    assert.is(scripts, path.join(project, 'node_modules', 'fleetform', '.github', 'scripts'));

    // Freshness with the team's refresh command: current after a commit, stale after an edit.
    const git = (...args: string[]) => sh('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], project);
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    assert.is(git('commit', '-qm', 'the fleet and its build').status, 0);
    let fresh = sh(process.execPath, [path.join(scripts, 'freshness.js')], project, { REFRESH_COMMAND: refresh });
    assert.is(fresh.status, 0, fresh.stdout + fresh.stderr);
    fs.writeFileSync(path.join(project, 'fleet.yaml'), fs.readFileSync(path.join(project, 'fleet.yaml'), 'utf8').replace('interval: 15, timeout: 5', 'interval: 30, timeout: 10'));
    git('commit', '-qam', 'edit the fleet, forget the build');
    fresh = sh(process.execPath, [path.join(scripts, 'freshness.js')], project, { REFRESH_COMMAND: refresh });
    assert.is(fresh.status, 1);
    assert.match(fresh.stdout, `::error title=Derived files are stale::Run '${refresh}' and commit the result`);
    assert.match(fresh.stdout, 'infra/main.tf.json');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
