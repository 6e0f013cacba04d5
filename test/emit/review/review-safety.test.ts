/**
 * Issue 8, "Review output that a plan or a fleet can hijack" and "Secrets in
 * the plan comment": crafted plans (test/fixtures/plans/hostile-markdown.json,
 * secrets.json, not-json-secret.json) and a crafted fleet through the real
 * commands. Each assertion here failed on the code before markdown.ts and
 * redact.ts.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../../compiler/cli/main';
import { parsePlan } from '../../../compiler/emit/review/plan/parse';
import { renderPlanComment } from '../../../compiler/emit/review/plan/render';
import { capture, exampleFleets, edit, plan } from './helpers';
import { HAVE_CMARK, comments, pings, renderGfm, structure } from './gfm';

const upsert = require(path.join(__dirname, '..', '..', '..', '..', '.github', 'scripts', 'upsert-comment.js'));

/** The payload hostile-markdown.json puts in every field (its first line). */
const PAYLOAD = '`</details><img src=x onerror=alert(1)>` @acme/security #123 GH-1 acme/fleet#1 <!-- fleetform:plan --> | **b** [l](https://evil.example) :+1: www.evil.example $x$';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = capture();
  const code = await main(args, io);
  return { code, out: io.out, err: io.err };
}

/** Elements the review output is made of; anything else came from data. */
const ELEMENTS = new Set(['h2', 'h3', 'p', 'ul', 'ol', 'li', 'strong', 'em', 'code', 'pre', 'details', 'summary', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'blockquote', 'sub', 'hr', 'a', 'br']);

function assertSafeMarkdown(markdown: string, what: string, links = 0): string {
  // The hidden marker: only on the first line of the source, never again (not even inside code).
  assert.is(markdown.lastIndexOf('<!-- fleetform:'), markdown.startsWith('<!--') ? 0 : -1, `${what}: the marker appears in the body`);
  if (!HAVE_CMARK) return markdown.replace(/\u200d/g, '');
  const root = renderGfm(markdown);
  const foreign = structure(root).filter((t) => !ELEMENTS.has(t));
  assert.equal(foreign, [], `${what}: elements from data`);
  assert.is(root.querySelectorAll('a').length, links, `${what}: links`);
  assert.equal(pings(root), [], `${what}: pings or links from data`);
  assert.equal(comments(root), markdown.startsWith('<!--') ? [' fleetform:plan '] : [], `${what}: HTML comments`);
  // Every <details> holds one <summary> first: nothing closed it early or opened another.
  for (const d of [...root.querySelectorAll('details')]) assert.is((d as any).firstElementChild?.tagName, 'SUMMARY');
  return (root.textContent ?? '').replace(/\u200d/g, '');
}

test(`plan-comment: a hostile value in every field of a plan is shown, never rendered${HAVE_CMARK ? '' : ' (SKIPPED the cmark-gfm rendering: not installed)'}`, async () => {
  const r = await run(['plan-comment', plan('hostile-markdown.json'), '--fleet', 'test/fixtures/seed/fleet.yaml']);
  assert.is(r.code, 0, r.err);
  const shown = assertSafeMarkdown(r.out, 'plan comment');
  // The upsert script finds this comment by its first line, and only by it.
  assert.ok(upsert.startsWithMarker(r.out, '<!-- fleetform:plan -->'));
  if (!HAVE_CMARK) return;
  // Each field is shown as text, in its place.
  const key = `["${PAYLOAD}`; // addresses hold it as a for_each key
  for (const where of [
    `aws_instance.box${key}`, // address, in the lists and summaries
    `moved from aws_security_group.old${key}`, // previous_address
    `imported (id ${PAYLOAD}`, // importing.id
    `because delete because ${PAYLOAD}`, // action_reason
    `deposed object ${PAYLOAD}`, // deposed
    `aws_x_${PAYLOAD}`, // type
    `Terraform 1.9.8 ${PAYLOAD}`, // terraform_version
    `forced by tags["${PAYLOAD}`, // replace_paths
    `Host ${PAYLOAD}`, // a tag value naming the host
    `aws_instance.drifted${key}`, // drift
  ]) {
    assert.ok(shown.includes(where), `not shown: ${where}`);
  }
  // Output names: the first cell of the outputs table.
  assert.ok(shown.includes(PAYLOAD.slice(0, 60)));
});

test(`diff --format markdown: @mentions, issue refs and HTML in fleet values stay text${HAVE_CMARK ? '' : ' (SKIPPED the cmark-gfm rendering: not installed)'}`, async () => {
  const ex = exampleFleets().find((f) => f.name === 'multi-model-https')!;
  const hostile = edit(
    edit(edit(ex.text, 'state:\n', 'tags: { team: "@acme/security GH-1", owner: "@octocat" }\nstate:\n'), 'routing: { paths: ["/v1/embeddings", "/v1/embeddings/*"] }', 'routing: { paths: ["/v1/embeddings", "/@acme/security/*"] }'),
    'prefix: models',
    'prefix: "@acme/security#123`</details><img src=x>`"',
  );
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ff-review-${process.pid}-`));
  try {
    const head = path.join(dir, 'fleet.yaml');
    fs.writeFileSync(head, hostile);
    const r = await run(['diff', path.join('examples', 'multi-model-https', 'fleet.yaml'), head, '--format', 'markdown']);
    assert.is(r.code, 0, r.err);
    const shown = assertSafeMarkdown(r.out, 'fleet diff');
    if (!HAVE_CMARK) return;
    assert.ok(shown.includes('"team":"@acme/security GH-1"'), shown);
    assert.ok(shown.includes('"prefix":"@acme/security#123`</details><img src=x>`"'), shown);
    assert.ok(shown.includes('"/@acme/security/*"'), shown);
    // The same diff inside the plan comment.
    const c = await run(['plan-comment', plan('no-changes.json'), '--fleet', head, '--base', path.join('examples', 'multi-model-https', 'fleet.yaml')]);
    assert.is(c.code, 0, c.err);
    assert.ok(assertSafeMarkdown(c.out, 'plan comment with the fleet diff').includes('"team":"@acme/security GH-1"'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test(`plan-comment: 40 random plans with hostile text in random fields render safely${HAVE_CMARK ? '' : ' (SKIPPED: cmark-gfm is not installed)'}`, () => {
  if (!HAVE_CMARK) return;
  const pieces = ['`', '```', '</details>', '<img src=x>', '<!-- fleetform:plan -->', '|', '**', '_', '[x](https://evil.example)', '@acme/security', '#12', 'GH-3', 'o/r#4', '\n', '\n\n# h\n', ':+1:', 'www.e.x', 'a@b.co', '$x$', '\\', '&amp;', '<summary>', '- ', '1. ', '    ', 'x', 'aws_lb', '.', '"', '\u202e'];
  let seed = 42;
  const rand = (n: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % n;
  };
  const hostile = (): string => Array.from({ length: 1 + rand(5) }, () => pieces[rand(pieces.length)]).join('');
  const actions = [['create'], ['update'], ['delete'], ['delete', 'create'], ['create', 'delete'], ['forget'], ['read'], ['no-op']];
  for (let i = 0; i < 40; i++) {
    const changes = Array.from({ length: 1 + rand(6) }, (_, k) => {
      const type = rand(4) ? ['aws_eip', 'aws_lb', 'aws_instance', 'aws_autoscaling_group'][rand(4)] : `aws_${hostile()}`;
      const act = actions[rand(actions.length)];
      const value = { [hostile()]: hostile(), tags: { 'fleetform:host': hostile(), [hostile()]: hostile() }, public_ip: hostile(), load_balancer_type: 'network' };
      return {
        address: `${type}.r${k}["${hostile()}"]`,
        ...(rand(3) ? {} : { previous_address: `${type}.old["${hostile()}"]` }),
        ...(rand(3) ? {} : { action_reason: hostile() }),
        ...(rand(4) ? {} : { deposed: hostile() }),
        mode: 'managed',
        type,
        name: `r${k}`,
        change: {
          actions: act,
          before: act[0] === 'create' && act.length === 1 ? null : value,
          after: act.includes('delete') && act.length === 1 ? null : { ...value, [hostile()]: hostile() },
          ...(rand(3) ? {} : { replace_paths: [[hostile(), hostile()]] }),
          ...(rand(3) ? {} : { importing: { id: hostile() } }),
        },
      };
    });
    const planJson = {
      format_version: '1.2',
      terraform_version: hostile(),
      resource_changes: changes,
      resource_drift: rand(2) ? [changes[0]] : [],
      output_changes: { [hostile()]: { actions: ['update'], before: hostile(), after: hostile() }, static_ips: { actions: ['update'], before: [hostile()], after: [hostile()] } },
    };
    const parsed = parsePlan(JSON.stringify(planJson), 'fuzz.json');
    assert.ok(parsed.plan, JSON.stringify(parsed.diagnostics));
    const out = renderPlanComment(parsed.plan!, { title: hostile() });
    assertSafeMarkdown(out, `random plan ${i}: ${JSON.stringify(planJson).slice(0, 2000)}`);
  }
});

test('upsert: a bot comment that quotes the marker further down is not taken for the plan comment', async () => {
  const calls: string[] = [];
  const comments = [{ id: 7, user: { login: 'github-actions[bot]', type: 'Bot' }, body: '<!-- fleetform:drift -->\n```\n<!-- fleetform:plan -->\n```' }];
  const github = {
    paginate: async () => comments,
    rest: { issues: { listComments: () => undefined, createComment: async () => (calls.push('create'), { data: { id: 8 } }), updateComment: async () => calls.push('update') } },
  };
  const r = await upsert({ github, context: { repo: { owner: 'o', repo: 'r' }, issue: { number: 1 } }, marker: '<!-- fleetform:plan -->', body: '<!-- fleetform:plan -->\nplan' });
  assert.equal([r.action, calls], ['created', ['create']]);
});

test(`endpoints job summary: an output value cannot break its table cell${HAVE_CMARK ? '' : ' (SKIPPED the cmark-gfm rendering: not installed)'}`, () => {
  const { endpointsTable } = require(path.join(__dirname, '..', '..', '..', '..', '.github', 'scripts', 'endpoints.js'));
  const table: string = endpointsTable({ alb_dns_name: { value: 'a\\| `</td><img src=x>` @acme/security' }, static_ips: { value: ['3.36.10.20'] } });
  assertSafeMarkdown(table, 'endpoints');
  if (!HAVE_CMARK) return;
  const cells = [...renderGfm(table).querySelectorAll('td')].map((c) => (c.textContent ?? '').replace(/\u200d/g, ''));
  assert.equal(cells, ['static_ips', '["3.36.10.20"]', 'alb_dns_name', 'a\\| `</td><img src=x>` @acme/security']);
});

// ---------------------------------------------------------------- secrets

test('secrets: sensitive map keys, a sensitive static IP, an import ID, embedded and short values never reach the comment', async () => {
  const r = await run(['plan-comment', plan('secrets.json'), '--fleet', 'test/fixtures/seed/fleet.yaml']);
  assert.is(r.code, 0, r.err);
  const raw = fs.readFileSync(plan('secrets.json'), 'utf8');
  for (const secret of ['db-pass-KEY-9f3a', '3.36.99.99', 'imp-SECRET-77', 'emb-SECR', 'prev-SECRET-1', '"k9x"', 'ab12']) {
    assert.ok(raw.includes(secret.replace(/^"|"$/g, '')), `the fixture holds ${secret}`);
    assert.not.ok(r.out.includes(secret), `leaked ${secret}`);
  }
  // What is shown instead.
  assert.match(r.out, 'forced by `input` (its keys are sensitive)');
  assert.match(r.out, '> - `aws_eip.static-ip_eip-ap-northeast-2a`: Elastic IP will be **destroyed**');
  assert.match(r.out, 'imported (id `(sensitive value)`)');
  assert.match(r.out, '+ note = (sensitive value)');
  assert.match(r.out, '+ description = (sensitive value)');
  assert.match(r.out, '- output = (sensitive value)');
  assert.match(r.out, '- label = (sensitive value)');
  // Not over-masked: an ordinary value beside them.
  assert.match(r.out, '+ max_session_duration = 7200');
});

test('secrets: AWS account IDs are masked in ARNs, ECR hosts, owner IDs, principals and outputs, unless --show-account-ids', async () => {
  const masked = await run(['plan-comment', plan('secrets.json')]);
  assert.is(masked.code, 0, masked.err);
  assert.not.match(masked.out, '123456789012');
  assert.match(masked.out, 'arn:aws:iam::<account>:root');
  assert.match(masked.out, '+ image = "<account>.dkr.ecr.ap-northeast-2.amazonaws.com/legal-chat:1.5"');
  assert.match(masked.out, '+ owner_id = "<account>"');
  assert.match(masked.out, '\\"AWS\\":\\"<account>\\"');
  assert.match(masked.out, '| `account_id` | create | — | `"<account>"` |');
  const shown = await run(['plan-comment', plan('secrets.json'), '--show-account-ids']);
  assert.match(shown.out, 'arn:aws:iam::123456789012:root');
  assert.match(shown.out, '| `account_id` | create | — | `"123456789012"` |');
  // The fleet diff inside the comment too (a certificate ARN in multi-model-https), and `diff --format markdown`.
  const ex = exampleFleets().find((f) => f.name === 'multi-model-https')!;
  const file = path.join('examples', 'multi-model-https', 'fleet.yaml');
  assert.match(ex.text, 'arn:aws:acm:ap-northeast-2:123456789012:certificate/');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ff-review-${process.pid}-`));
  try {
    const head = path.join(dir, 'fleet.yaml');
    fs.writeFileSync(head, ex.text.replace('certificate/0b3c6a2e', 'certificate/1b3c6a2e'));
    const diff = await run(['diff', file, head, '--format', 'markdown']);
    assert.not.match(diff.out, '123456789012');
    assert.match(diff.out.replace(/\u200d/g, ''), 'arn:aws:acm:ap-northeast-2:&#60;account&#62;:certificate/');
    const inComment = await run(['plan-comment', plan('no-changes.json'), '--fleet', head, '--base', file]);
    assert.not.match(inComment.out, '123456789012');
    assert.match((await run(['diff', file, head, '--format', 'markdown', '--show-account-ids'])).out.replace(/\u200d/g, ''), '123456789012');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('secrets: a plan that is not JSON gets a position, never the text around the error', async () => {
  const r = await run(['plan-comment', plan('not-json-secret.json')]);
  assert.is(r.code, 1);
  assert.match(r.err, /not-json-secret\.json:2:\d+: error\[FF401\]: .*is not JSON: a character that cannot start a JSON value at line 2, column \d+/);
  assert.not.match(r.err, 's3cr3t');
  assert.not.match(r.err, 'NOT-JSON');
  // Nor a code frame of the plan, nor the quoted token.
  assert.not.match(r.err, 'db_password');
  const truncated = await run(['plan-comment', plan('truncated.json')]);
  assert.match(truncated.err, /truncated\.json:4:35: error\[FF401\]: \S*truncated\.json is not JSON: expected a quoted member name at line 4, column 35/);
});

test.run();
