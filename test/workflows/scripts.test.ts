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

const upsert = require(path.join(ROOT, '.github', 'scripts', 'upsert-comment.js'));
const driftIssue = require(path.join(ROOT, '.github', 'scripts', 'drift-issue.js'));

type Call = [string, any];

/** Just enough of github-script's `github` to record what the scripts ask for. */
function fakeGithub(pages: { comments?: any[][]; issues?: any[][] }) {
  const calls: Call[] = [];
  const listComments = () => undefined;
  const listForRepo = () => undefined;
  const github = {
    paginate: async (fn: unknown, params: any) => {
      calls.push([fn === listComments ? 'listComments' : 'listForRepo', params]);
      return (fn === listComments ? pages.comments ?? [] : pages.issues ?? []).flat();
    },
    rest: {
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

test.run();
