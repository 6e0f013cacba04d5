/**
 * The GitOps loop's command sequence on the seed fleet, with real Terraform
 * offline (test/helpers/terraform-offline.ts: providers from the filesystem
 * mirror, a local backend, every AWS endpoint at a fake on loopback):
 *
 *   plan job (plan.yml, and apply.yml's first job):
 *     fleetform check, build, the freshness check, init, validate,
 *     plan -out, show -json, fleetform plan-comment, plan-counts
 *   apply job (apply.yml's second job), in a fresh folder like a new runner:
 *     the plan job's artifact (the plan file and its provider lock),
 *     init -lockfile=readonly, apply PLANFILE (never a new plan), the result
 *
 * What is proven about apply, honestly: a saved plan file carried to a new
 * folder is applied by `terraform apply PLANFILE` (a refresh-only plan, which
 * changes no infrastructure: the fake AWS implements reads only); and the
 * seed's real plan (every resource to create) is refused by Terraform as
 * stale once the state has moved on, with no AWS call that changes anything,
 * and the result script says nothing was applied. That a plan of creates
 * applies is what `terraform test` with a mocked provider covers
 * (test/terraform/).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../compiler/cli/main';
import type { CliIO } from '../../compiler/cli/io';
import type { OutputFile } from '../../compiler/emit/output-file';
import { listTree } from '../../scripts/generate/builds';
import { startFakeAws } from '../helpers/fake-aws';
import { offline, offlineTest, OfflineWorkspace } from '../helpers/terraform-offline';
import { validFleet } from '../helpers/fleet-text';
import { fakeWorldFor } from '../terraform/stacks';
import { ROOT } from './lint';

const SEED = path.join(ROOT, 'test', 'fixtures', 'seed', 'fleet.yaml');
const SCRIPTS = path.join(ROOT, '.github', 'scripts');
const CLI = path.join(ROOT, 'dist', 'compiler', 'cli', 'main.js');

function capture(cwd: string): CliIO & { out: string; err: string } {
  const io = { out: '', err: '', cwd, env: {} as Record<string, string | undefined>, stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t) };
  return io;
}

function node(script: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, [script, ...args], { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
}

/** A Terraform state with no resources, as `terraform state push` takes it. */
function emptyState(lineage: string, serial: number): string {
  return `${JSON.stringify({ version: 4, terraform_version: offline.tf?.version ?? '1.11.4', serial, lineage, outputs: {}, resources: [], check_results: null }, null, 2)}\n`;
}

/**
 * Test-only, beside the offline override and the same in both jobs (the same
 * commit): one output with a value known at plan time. A refresh-only plan
 * then has one change that touches no infrastructure (saving that output), so
 * it can be applied offline; Terraform calls a plan without any change "not
 * applyable" and refuses it.
 */
const LOOP_OUTPUT = { output: { fleetform_loop_test: { value: 'applied from the saved plan file' } } };

offlineTest(test, 'the plan sequence on the seed fleet, then the apply job applies the saved plan file, and refuses it once stale', async () => {
  const repo = fs.mkdtempSync(path.join(os.tmpdir(), `ff-loop-${process.pid}-`));
  const ws = OfflineWorkspace.create('loop');
  const fleet = validFleet(fs.readFileSync(SEED, 'utf8'), 'fleet.yaml');
  const fake = await startFakeAws(fakeWorldFor(fleet));
  try {
    // ---- plan job: check, build, freshness (a team's checkout: fleet.yaml, infra/)
    fs.copyFileSync(SEED, path.join(repo, 'fleet.yaml'));
    let io = capture(repo);
    assert.is(await main(['check', '--format', 'github', 'fleet.yaml'], io), 0, io.err);
    io = capture(repo);
    assert.is(await main(['build', 'fleet.yaml', '--out', 'infra'], io), 0, io.err);
    const git = (...args: string[]) => spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: repo, encoding: 'utf8' });
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    assert.is(git('commit', '-qm', 'fleet').status, 0);
    const fresh = node(path.join(SCRIPTS, 'freshness.js'), [], repo, { REFRESH_COMMAND: `"${process.execPath}" "${CLI}" build fleet.yaml --out infra` });
    assert.is(fresh.status, 0, fresh.stdout + fresh.stderr);

    const files: OutputFile[] = listTree(path.join(repo, 'infra')).map((p) => ({ path: p, content: fs.readFileSync(path.join(repo, 'infra', p), 'utf8'), mode: 0o644 }));
    const jobFiles: OutputFile[] = [...files, { path: 'loop-test.tf.json', content: JSON.stringify(LOOP_OUTPUT), mode: 0o644 }];
    const plan = ws.stack('plan-job', jobFiles, fake.url);
    // The shared state (the S3 bucket in CI): one local file both jobs' backends point at.
    const stateFile = path.join(ws.root, 'shared.tfstate');
    const pointAtSharedState = (dir: string) => {
      const overridePath = path.join(dir, 'override.tf.json');
      const o = JSON.parse(fs.readFileSync(overridePath, 'utf8'));
      o.terraform.backend = { local: { path: stateFile } };
      fs.writeFileSync(overridePath, JSON.stringify(o, null, 2));
    };
    pointAtSharedState(plan.dir);
    await plan.init();
    fs.writeFileSync(path.join(ws.root, 'state-1.json'), emptyState('4f1e4c2a-seed-loop-test-lineage00001', 1));
    await plan.must(['state', 'push', path.join(ws.root, 'state-1.json')]);
    const validate = await plan.validate();
    assert.ok(validate.valid, JSON.stringify(validate.diagnostics));
    const planned = await plan.plan();
    assert.is(planned.result.code, 0, planned.result.stderr);
    fs.writeFileSync(path.join(plan.dir, 'plan.json'), planned.show.stdout);
    const managed = (planned.json.resource_changes ?? []).filter((r) => r.mode === 'managed');
    assert.ok(managed.length > 20 && managed.every((r) => r.change.actions.join() === 'create'), 'a new fleet: everything to create');

    // plan-comment, as the PR comment and the apply run's summary render it.
    io = capture(repo);
    assert.is(await main(['plan-comment', path.join(plan.dir, 'plan.json'), '--fleet', 'fleet.yaml', '--base', 'fleet.yaml'], io), 0, io.err);
    const comment = io.out;
    assert.ok(comment.startsWith('<!-- fleetform:plan -->\n## Fleetform plan\n'), comment.slice(0, 200));
    assert.match(comment, `**${managed.length}** to create`);
    assert.not.match(comment, 'Destructive');
    for (const h of fleet.hosts) assert.match(comment, h.name);
    assert.match(comment, '```mermaid\nflowchart LR');
    assert.match(comment, '_No change to the fleet');
    io = capture(repo);
    assert.is(await main(['plan-comment', path.join(plan.dir, 'plan.json'), '--fleet', 'fleet.yaml', '--id', 'apply', '--title', 'Fleetform plan to apply'], io), 0, io.err);
    assert.ok(io.out.startsWith('<!-- fleetform:apply -->\n## Fleetform plan to apply\n'));
    const counts = node(path.join(SCRIPTS, 'plan-counts.js'), [path.join(plan.dir, 'plan.json')], repo);
    assert.is(counts.stdout, `add=${managed.length}\nchange=0\ndestroy=0\nchanges=true\n`);

    // A second saved plan, refresh-only: its one change is the test output, so
    // applying it changes the state and no infrastructure.
    const noop = await plan.run(['plan', '-refresh-only', '-input=false', '-no-color', '-lock=false', '-out=noop.tfplan']);
    assert.is(noop.code, 0, noop.stderr);

    // ---- the artifact: the plan files and the provider lock, nothing else
    const artifact = path.join(ws.root, 'artifact');
    fs.mkdirSync(artifact);
    for (const f of ['tfplan', 'noop.tfplan']) fs.copyFileSync(path.join(plan.dir, f), path.join(artifact, f));
    fs.copyFileSync(path.join(plan.dir, '.terraform.lock.hcl'), path.join(artifact, 'terraform.lock.hcl'));

    // ---- apply job: a fresh folder with the same commit's build, the artifact, init with the plan's providers
    const apply = ws.stack('apply-job', jobFiles, fake.url);
    pointAtSharedState(apply.dir);
    fs.copyFileSync(path.join(artifact, 'terraform.lock.hcl'), path.join(apply.dir, '.terraform.lock.hcl'));
    await apply.must(['init', '-input=false', '-no-color', '-lockfile=readonly']);
    const writesBefore = fake.calls.length;
    const applied = await apply.run(['apply', '-input=false', '-no-color', path.join(artifact, 'noop.tfplan')]);
    assert.is(applied.code, 0, applied.stderr);
    assert.match(applied.stdout, 'Apply complete! Resources: 0 added, 0 changed, 0 destroyed.');
    const after = JSON.parse(fs.readFileSync(stateFile, 'utf8'));
    assert.is(after.outputs.fleetform_loop_test?.value, 'applied from the saved plan file', 'the saved plan was applied');
    assert.ok(after.serial > 1, 'and the state moved on');

    // The seed's real plan was made against serial 1: Terraform refuses it now.
    const stale = await apply.run(['apply', '-input=false', '-no-color', path.join(artifact, 'tfplan')]);
    assert.is.not(stale.code, 0, 'Terraform must refuse a stale plan');
    const log = stale.stdout + stale.stderr;
    assert.match(log, 'Saved plan is stale');
    // Nothing was applied: no managed resource in the state (data sources are
    // read by the refresh), its serial unchanged, and no AWS call beyond reads.
    const state = JSON.parse(fs.readFileSync(stateFile, 'utf8'));
    assert.equal(state.resources.filter((r: { mode: string }) => r.mode === 'managed'), []);
    assert.is(state.serial, after.serial);
    const mutating = fake.calls.slice(writesBefore).filter((c) => !/^(Describe|Get|List)/.test(c.action));
    assert.equal(mutating, []);
    assert.equal(fake.unknown, []);

    // The apply job's result, from that log.
    fs.writeFileSync(path.join(ws.root, 'apply.log'), log);
    const result = node(path.join(SCRIPTS, 'apply-result.js'), [], repo, { OUTCOME: 'failure', ADD: String(managed.length), CHANGE: '0', DESTROY: '0', APPLY_LOG: path.join(ws.root, 'apply.log'), SHA: 'c0ffee0123456789', RUN_URL: 'https://run' });
    assert.match(result.stdout, 'the plan was stale');
    assert.match(result.stdout, '**nothing was applied**');
  } finally {
    await fake.close();
    ws.dispose();
    fs.rmSync(repo, { recursive: true, force: true });
  }
});

test.run();
