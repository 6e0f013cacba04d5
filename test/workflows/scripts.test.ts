/**
 * The scripts the workflows run through actions/github-script, against a fake
 * of the Octokit surface they use, and the endpoints table through real jq.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ROOT } from './lint';

const SCRIPTS = path.join(ROOT, '.github', 'scripts');
const upsert = require(path.join(SCRIPTS, 'upsert-comment.js'));
const driftIssue = require(path.join(SCRIPTS, 'drift-issue.js'));
const { fleetTouched, changedFiles } = require(path.join(SCRIPTS, 'fleet-changed.js'));
const { checkFreshness } = require(path.join(SCRIPTS, 'freshness.js'));
const { planCounts } = require(path.join(SCRIPTS, 'plan-counts.js'));
const applyResult = require(path.join(SCRIPTS, 'apply-result.js'));

type Call = [string, any];

/** Just enough of github-script's `github` to record what the scripts ask for. */
function fakeGithub(pages: { comments?: any[][]; issues?: any[][]; pulls?: any[][] }) {
  const calls: Call[] = [];
  const listComments = () => undefined;
  const listForRepo = () => undefined;
  const listPullRequestsAssociatedWithCommit = () => undefined;
  const github = {
    paginate: async (fn: unknown, params: any) => {
      if (fn === listPullRequestsAssociatedWithCommit) {
        calls.push(['listPullRequestsAssociatedWithCommit', params]);
        return (pages.pulls ?? []).flat();
      }
      calls.push([fn === listComments ? 'listComments' : 'listForRepo', params]);
      return (fn === listComments ? pages.comments ?? [] : pages.issues ?? []).flat();
    },
    rest: {
      repos: { listPullRequestsAssociatedWithCommit },
      issues: {
        listComments,
        listForRepo,
        createComment: async (p: any) => (calls.push(['createComment', p]), { data: { id: 999 } }),
        updateComment: async (p: any) => (calls.push(['updateComment', p]), { data: {} }),
        create: async (p: any) => (calls.push(['create', p]), { data: { number: 77 } }),
        update: async (p: any) => (calls.push(['update', p]), { data: {} }),
      },
    },
  };
  return { github, calls };
}

const context = { repo: { owner: 'acme', repo: 'fleet' }, issue: { number: 12 } };
const MARKER = '<!-- fleetform:plan -->';
const bot = (id: number, body: string) => ({ id, body, user: { login: 'github-actions[bot]', type: 'Bot' } });
const human = (id: number, body: string) => ({ id, body, user: { login: 'mallory', type: 'User' } });

test('upsert: the first push creates the comment', async () => {
  const { github, calls } = fakeGithub({ comments: [[human(1, 'LGTM')]] });
  const r = await upsert({ github, context, marker: MARKER, body: `${MARKER}\nplan A` });
  assert.equal(r, { action: 'created', id: 999 });
  assert.equal(calls.map((c) => c[0]), ['listComments', 'createComment']);
  assert.equal(calls[1][1], { owner: 'acme', repo: 'fleet', issue_number: 12, body: `${MARKER}\nplan A` });
});

test('upsert: later pushes update the same comment in place, found on any page', async () => {
  const { github, calls } = fakeGithub({ comments: [[human(1, 'x'), bot(2, 'other bot')], [bot(3, `${MARKER}\nplan A`)]] });
  const r = await upsert({ github, context, marker: MARKER, body: `${MARKER}\nplan B` });
  assert.equal(r, { action: 'updated', id: 3 });
  assert.equal(calls.map((c) => c[0]), ['listComments', 'updateComment']);
  assert.equal(calls[1][1], { owner: 'acme', repo: 'fleet', comment_id: 3, body: `${MARKER}\nplan B` });
  assert.is(calls[0][1].per_page, 100);
});

test('upsert: a person pasting the marker does not capture the comment', async () => {
  const { github, calls } = fakeGithub({ comments: [[human(5, `${MARKER} mine now`)]] });
  const r = await upsert({ github, context, marker: MARKER, body: `${MARKER}\nplan` });
  assert.is(r.action, 'created');
  assert.not.ok(calls.some((c) => c[0] === 'updateComment'));
});

test('upsert: only the workflow token\'s own comments count: another bot or app pasting the marker is ignored', async () => {
  const otherBot = { id: 6, body: `${MARKER}\nfake plan`, user: { login: 'renovate[bot]', type: 'Bot' } };
  const impostor = { id: 7, body: `${MARKER}\nfake plan`, user: { login: 'github-actions[bot]', type: 'User' } };
  const { github, calls } = fakeGithub({ comments: [[otherBot, impostor]] });
  const r = await upsert({ github, context, marker: MARKER, body: `${MARKER}\nplan` });
  assert.equal(r, { action: 'created', id: 999 });
  assert.not.ok(calls.some((c) => c[0] === 'updateComment'));
  assert.is(upsert.WORKFLOW_BOT, 'github-actions[bot]');
});

test('upsert: a body without the marker is refused (it could never be found again)', async () => {
  const { github } = fakeGithub({});
  try {
    await upsert({ github, context, marker: MARKER, body: 'no marker' });
    assert.unreachable('should throw');
  } catch (err) {
    assert.match((err as Error).message, 'does not start with the marker');
  }
});

const DRIFT = driftIssue.MARKER as string;
const issue = (number: number, body: string, extra: object = {}) => ({ number, body, ...extra });

test('drift: drift with no open issue opens one, labelled, with the marker', async () => {
  const { github, calls } = fakeGithub({ issues: [[]] });
  const r = await driftIssue({ github, context, drifted: true, body: '## Fleetform drift\n...', runUrl: 'https://run' });
  assert.equal(r, { action: 'opened', number: 77 });
  const [, created] = calls.find((c) => c[0] === 'create')!;
  assert.equal(created.labels, ['fleetform-drift']);
  assert.ok(created.body.startsWith(DRIFT));
  assert.equal(calls[0][1], { owner: 'acme', repo: 'fleet', state: 'open', labels: 'fleetform-drift', per_page: 100 });
});

test('drift: continuing drift updates the open issue instead of opening another', async () => {
  const { github, calls } = fakeGithub({ issues: [[issue(5, 'a pull request', { pull_request: {} }), issue(9, `${DRIFT}\nold`)]] });
  const r = await driftIssue({ github, context, drifted: true, body: `${DRIFT}\nnew`, runUrl: 'https://run' });
  assert.equal(r, { action: 'updated', number: 9 });
  assert.equal(calls.map((c) => c[0]), ['listForRepo', 'update']);
  assert.equal(calls[1][1], { owner: 'acme', repo: 'fleet', issue_number: 9, body: `${DRIFT}\nnew` });
});

test('drift: a clean plan closes the open issue with a comment linking the run', async () => {
  const { github, calls } = fakeGithub({ issues: [[issue(9, `${DRIFT}\nold`)]] });
  const r = await driftIssue({ github, context, drifted: false, runUrl: 'https://run/1' });
  assert.equal(r, { action: 'closed', number: 9 });
  assert.equal(calls.map((c) => c[0]), ['listForRepo', 'createComment', 'update']);
  assert.match(calls[1][1].body, '([run](https://run/1))');
  assert.equal(calls[2][1], { owner: 'acme', repo: 'fleet', issue_number: 9, state: 'closed', state_reason: 'completed' });
});

test('drift: a clean plan with no open issue does nothing', async () => {
  const { github, calls } = fakeGithub({ issues: [[]] });
  assert.equal(await driftIssue({ github, context, drifted: false, runUrl: 'x' }), { action: 'none' });
  assert.equal(calls.map((c) => c[0]), ['listForRepo']);
});

test('endpoints: the endpoint outputs as a table, sensitive ones left out', () => {
  const outputs = {
    alb_dns_name: { sensitive: false, type: 'string', value: 'legal-chat-alb-1.ap-northeast-2.elb.amazonaws.com' },
    static_ips: { sensitive: false, type: ['list', 'string'], value: ['3.36.10.20', '3.36.10.21'] },
    service_urls: { sensitive: true, type: ['map', 'string'], value: { chat: 'http://internal-secret-host:8585/' } },
    target_group_arns: { sensitive: false, type: ['map', 'string'], value: { chat: 'arn:aws:elasticloadbalancing:...' } },
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-endpoints-'));
  fs.writeFileSync(path.join(dir, 'outputs.json'), JSON.stringify(outputs));
  // As the workflow runs it: a separate node process reading the file.
  const r = spawnSync(process.execPath, [path.join(ROOT, '.github', 'scripts', 'endpoints.js'), path.join(dir, 'outputs.json')], { encoding: 'utf8' });
  fs.rmSync(dir, { recursive: true, force: true });
  assert.is(r.status, 0, r.stderr);
  assert.is(
    r.stdout,
    '## Endpoints\n\n| Output | Value |\n| --- | --- |\n| `static_ips` | `["3.36.10.20","3.36.10.21"]` |\n| `alb_dns_name` | `legal-chat-alb-1.ap-northeast-2.elb.amazonaws.com` |\n',
  );
  assert.not.match(r.stdout, 'internal-secret-host');
});

const SETTINGS = { fleetFile: 'spec/fleet.yaml', fleetDir: 'generated/fleet' };

test('fleet-changed: the fleet file, its output, Fleetform itself and the workflows touch the fleet; docs do not', () => {
  assert.equal(fleetTouched(['README.md', 'docs/gitops.md'], SETTINGS), { touched: false, why: 'none of the 2 changed file(s) affects the fleet' });
  assert.equal(fleetTouched([], SETTINGS).touched, false);
  for (const f of ['spec/fleet.yaml', 'generated/fleet/main.tf.json', 'compiler/lower/index.ts', 'modules/alb/index.ts', 'package-lock.json', '.github/workflows/plan.yml']) {
    assert.equal(fleetTouched(['README.md', f], SETTINGS), { touched: true, why: `${f} changed` }, f);
  }
  // A team's repository: its own fleet file and output folder.
  const team = { fleetFile: './fleet.yaml', fleetDir: 'infra/' };
  assert.ok(fleetTouched(['fleet.yaml'], team).touched);
  assert.ok(fleetTouched(['infra/hosts/a/proxy.cloud-config.yaml'], team).touched);
  assert.not.ok(fleetTouched(['infrastructure.md', 'fleet.yaml.bak'], team).touched, 'prefixes match whole path segments');
});

/** A scratch git repository with one commit; returns its path. */
function scratchRepo(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ff-scripts-${process.pid}-`));
  const git = (...args: string[]) => {
    const r = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, encoding: 'utf8' });
    assert.is(r.status, 0, r.stderr);
    return r.stdout.trim();
  };
  git('init', '-q', '-b', 'main');
  for (const [f, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), text);
  }
  git('add', '-A');
  git('commit', '-qm', 'one');
  return dir;
}

test('fleet-changed CLI: git diff between two commits; no base (a new branch, a manual run) plans anyway', () => {
  const dir = scratchRepo({ 'README.md': 'a\n', 'spec/fleet.yaml': 'x\n' });
  try {
    const run = (...args: string[]) => spawnSync(process.execPath, [path.join(SCRIPTS, 'fleet-changed.js'), ...args], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH, FLEET_FILE: 'spec/fleet.yaml', FLEET_DIR: 'generated/fleet' } });
    const commit = (file: string) => {
      fs.writeFileSync(path.join(dir, file), `${Math.random()}\n`);
      spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qam', file], { cwd: dir });
    };
    commit('README.md');
    let r = run('HEAD^1', 'HEAD');
    assert.is(r.stdout, 'fleet=false\n');
    assert.match(r.stderr, 'fleet untouched');
    commit('spec/fleet.yaml');
    r = run('HEAD^1', 'HEAD');
    assert.is(r.stdout, 'fleet=true\n');
    assert.match(r.stderr, 'spec/fleet.yaml changed');
    assert.equal(changedFiles('HEAD~2', 'HEAD', dir), ['README.md', 'spec/fleet.yaml']);
    for (const base of ['0000000000000000000000000000000000000000', '', 'no-such-commit']) {
      r = run(base, 'HEAD');
      assert.is(r.stdout, 'fleet=true\n', base);
      assert.match(r.stderr, 'planning anyway');
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('freshness: passes when the refresh command changes nothing; fails naming the command and the files when it does', () => {
  const dir = scratchRepo({ 'fleet.yaml': 'a\n', 'out/main.tf.json': 'built from a\n' });
  try {
    const refresh = 'mkdir -p out && sed "s/^/built from /" fleet.yaml > out/main.tf.json';
    assert.equal(checkFreshness(refresh, dir), { ok: true, report: `Derived files are current ('${refresh}' changes nothing).\n` });
    fs.writeFileSync(path.join(dir, 'fleet.yaml'), 'b\n');
    spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qam', 'edit the fleet, forget the refresh'], { cwd: dir });
    const r = checkFreshness(refresh, dir);
    assert.is(r.ok, false);
    assert.match(r.report, `::error title=Derived files are stale::Run '${refresh}' and commit the result (1 file(s) differ).`);
    assert.match(r.report, ' M out/main.tf.json');
    const broken = checkFreshness('echo oops >&2; exit 3', dir);
    assert.is(broken.ok, false);
    assert.match(broken.report, "::error title=Refresh failed::'echo oops >&2; exit 3' exited 3");
    assert.match(broken.report, 'oops');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('plan-counts: replacements count as add and destroy; output-only changes still count as changes', () => {
  const rc = (...actions: string[]) => ({ change: { actions } });
  assert.equal(planCounts({ resource_changes: [rc('create'), rc('update'), rc('delete', 'create'), rc('create', 'delete'), rc('delete'), rc('no-op'), rc('read')] }), { add: 3, change: 1, destroy: 3, changes: true });
  assert.equal(planCounts({ resource_changes: [rc('no-op')], output_changes: { x: { actions: ['no-op'] } } }), { add: 0, change: 0, destroy: 0, changes: false });
  assert.equal(planCounts({ resource_changes: [], output_changes: { static_ips: { actions: ['update'] } } }), { add: 0, change: 0, destroy: 0, changes: true });
  assert.equal(planCounts({}), { add: 0, change: 0, destroy: 0, changes: false });
  // As the workflow runs it, on a real plan fixture.
  const r = spawnSync(process.execPath, [path.join(SCRIPTS, 'plan-counts.js'), path.join(ROOT, 'test', 'fixtures', 'plans', 'no-changes.json')], { encoding: 'utf8' });
  assert.is(r.stdout, 'add=0\nchange=0\ndestroy=0\nchanges=false\n', r.stderr);
});

const OUTPUTS = { static_ips: { sensitive: false, value: ['3.36.10.20', '3.36.10.21'] }, service_urls: { sensitive: true, value: { chat: 'secret' } } };

test('apply-result: applied, with the counts and the endpoints', () => {
  const md = applyResult.resultMarkdown({ outcome: 'success', counts: { add: 2, change: 1, destroy: 0 }, outputs: OUTPUTS, runUrl: 'https://run/9', sha: 'abcdef0123456789' });
  assert.ok(md.startsWith('<!-- fleetform:apply -->\n## ✅ Fleetform applied abcdef012345\n'));
  assert.match(md, 'The reviewed plan was applied: 2 to add, 1 to change, 0 to destroy. [Run](https://run/9).');
  assert.match(md, '| `static_ips` | `["3.36.10.20","3.36.10.21"]` |');
  assert.not.match(md, 'secret');
});

test('apply-result: a stale plan says nothing was applied; another failure says some changes may have been made', () => {
  const log = 'Error: Saved plan is stale\n\nThe given plan file can no longer be applied because the state was changed by another operation after the plan was created.\n';
  const stale = applyResult.resultMarkdown({ outcome: 'failure', counts: { add: 1, change: 0, destroy: 0 }, log, runUrl: 'https://run/9', sha: 'abcdef0123456789' });
  assert.match(stale, '## ❌ Fleetform did not apply abcdef012345: the plan was stale');
  assert.match(stale, '**nothing was applied**');
  const failed = applyResult.resultMarkdown({ outcome: 'failure', counts: { add: 1, change: 0, destroy: 0 }, log: 'Error: creating ELBv2 Load Balancer: AccessDenied', runUrl: 'https://run/9', sha: 'abcdef0123456789' });
  assert.match(failed, '## ❌ Fleetform apply failed for abcdef012345');
  assert.match(failed, 'some changes may have been made');
  assert.not.match(failed, 'Endpoints');
});

test('apply-result CLI: reads the environment the apply job sets', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ff-apply-result-${process.pid}-`));
  try {
    fs.writeFileSync(path.join(dir, 'outputs.json'), JSON.stringify(OUTPUTS));
    const env = { PATH: process.env.PATH, OUTCOME: 'success', ADD: '4', CHANGE: '0', DESTROY: '1', SHA: '0123456789abcdef', RUN_URL: 'https://run/1', OUTPUTS_FILE: path.join(dir, 'outputs.json'), APPLY_LOG: path.join(dir, 'missing.log') };
    const r = spawnSync(process.execPath, [path.join(SCRIPTS, 'apply-result.js')], { encoding: 'utf8', env });
    assert.is(r.status, 0, r.stderr);
    assert.match(r.stdout, 'applied: 4 to add, 0 to change, 1 to destroy');
    assert.match(r.stdout, '3.36.10.20');
    // The apply step never ran (a failed download, say): still a clear result.
    const r2 = spawnSync(process.execPath, [path.join(SCRIPTS, 'apply-result.js')], { encoding: 'utf8', env: { ...env, OUTCOME: 'skipped', OUTPUTS_FILE: path.join(dir, 'none.json') } });
    assert.match(r2.stdout, 'apply failed');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('apply-result: the comment goes on the pull request merged as this commit, not on others that contain it', async () => {
  const ctx = { ...context, sha: 'c0ffee' };
  const { github, calls } = fakeGithub({
    pulls: [[{ number: 41, merged_at: '2026-11-29T10:00:00Z', merge_commit_sha: 'c0ffee' }, { number: 40, merged_at: null, merge_commit_sha: 'c0ffee' }, { number: 39, merged_at: '2026-11-28T10:00:00Z', merge_commit_sha: 'beef' }]],
  });
  const prs = await applyResult.commentOnMergedPullRequests({ github, context: ctx, body: 'result' });
  assert.equal(prs, [41]);
  assert.equal(calls, [
    ['listPullRequestsAssociatedWithCommit', { owner: 'acme', repo: 'fleet', commit_sha: 'c0ffee', per_page: 100 }],
    ['createComment', { owner: 'acme', repo: 'fleet', issue_number: 41, body: 'result' }],
  ]);
});
test.run();
