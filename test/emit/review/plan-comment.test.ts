import * as fs from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../../compiler/cli/main';
import { parsePlan } from '../../../compiler/emit/review/plan/parse';
import { renderPlanComment, GITHUB_COMMENT_LIMIT } from '../../../compiler/emit/review/plan/render';
import { indexFleet } from '../../../compiler/emit/review/plan/fleet-terms';
import { largePlan } from '../../fixtures/plans/large-plan';
import { capture, fleetOf, plan, SPEC } from './helpers';

function render(name: string, withFleet = true, extra: Record<string, unknown> = {}): string {
  const parsed = parsePlan(fs.readFileSync(plan(name), 'utf8'), name);
  assert.ok(parsed.plan, JSON.stringify(parsed.diagnostics));
  return renderPlanComment(parsed.plan!, { index: withFleet ? indexFleet(fleetOf(SPEC)) : null, ...extra });
}

/** The Markdown is well formed: every <details> closed, every code fence closed. */
function assertBalanced(md: string): void {
  assert.is((md.match(/<details>/g) ?? []).length, (md.match(/<\/details>/g) ?? []).length, 'details balanced');
  assert.is((md.match(/^\s*```/gm) ?? []).length % 2, 0, 'code fences balanced');
}

test('every action: verdict, counts, and the destroyed list with reasons', () => {
  const md = render('all-actions.json');
  assert.ok(md.startsWith('<!-- fleetform:plan -->\n## Fleetform plan\n'));
  // `forget` leaves the object running: said apart, not counted as destroyed.
  assert.match(md, '⚠️ **Destructive:** 4 resources destroyed or replaced. 1 resource forgotten (left running, no longer managed).');
  assert.match(md, '**2** to create · **3** to update · **2** to replace · **2** to destroy · **1** to read · **1** to forget · **1** to import · **1** moved · **1** changed outside Terraform');
  assert.not.match(md, '[!CAUTION]');
  const destroyed = md.slice(md.indexOf('### ⚠️ Destroyed or replaced (4)'), md.indexOf('### Forgotten'));
  assert.match(destroyed, '- **replace** `aws_iam_role.proxies_v100-2_role_role` (Host `v100-2` (proxy and tunnel)): because an attribute that cannot be updated in place changed; forced by `name`');
  assert.match(destroyed, '- **replace** `aws_autoscaling_group.proxies_v100-3_group` (Host `v100-3` (proxy and tunnel)): because the object is tainted');
  assert.match(destroyed, '- **destroy** `aws_autoscaling_group.proxies_v100-4_group` (Host `v100-4` (proxy and tunnel)): because it is no longer in the configuration');
  assert.match(destroyed, 'deposed object `8f2a91c4`');
  assert.not.match(destroyed, 'forget');
  const forgotten = md.slice(md.indexOf("### Forgotten: removed from Terraform's state, left running (1)"), md.indexOf('### Changes by part'));
  assert.match(forgotten, '- **forget (remove from state, keep running)** `aws_cloudwatch_metric_alarm.pools_burst_step-1`');
  assertBalanced(md);
});

test('attribute details: forced replacement marked, unknowns, reads, imports, moves', () => {
  const md = render('all-actions.json');
  assert.match(md, '+ name = "legal-chat-proxy-v100-2b"  # forces replacement');
  assert.match(md, '- health_check[0].path = "/health"\n+ health_check[0].path = "/ready"');
  assert.match(md, '+ arn = (known after apply)');
  assert.match(md, '<code>&#60;=</code> <code>data.aws_ssm_parameter.proxy-ami</code>: read');
  assert.match(md, 'because its configuration depends on values known only after apply');
  assert.match(md, 'imported (id `sg-0a1b2c3d4e5f60718`)');
  assert.match(md, 'moved from `aws_security_group.alb_sg`');
  // Unchanged attributes of an update are not listed.
  assert.not.match(md, 'max_session_duration');
});

test('sensitive values and values that look secret never appear', () => {
  const md = render('all-actions.json');
  for (const secret of ['s3cr3t-VALUE-123', 'old-secret-AAA', 'new-secret-BBB', 'hunter2', 'pw-output-SECRET', 'BEGIN OPENSSH PRIVATE KEY', 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ', 'AKIAIOSFODNN7EXAMPLE']) {
    assert.not.ok(md.includes(secret), `leaked ${secret}`);
  }
  assert.match(md, '+ value = (sensitive value)'); // after_sensitive on a create
  assert.match(md, '- value = (sensitive value)\n+ value = (sensitive value)'); // a sensitive value that changed
  assert.match(md, '- password = (masked: looks secret)\n+ password = (masked: looks secret)'); // unmarked, named like a secret
  assert.match(md, '+ user_data = (masked: looks secret)'); // unmarked, holds a private key
  assert.match(md, '| `db_password` | create | — | _(sensitive value)_ |');
  // Not over-masked: IMDS settings are named "tokens" but are not secrets.
  assert.match(md, '+ metadata_options[0].http_tokens = "required"');
});

test('outputs and drift', () => {
  const md = render('all-actions.json');
  assert.match(md, '| `service_urls` | update in place | `{"chat":"http://legal-chat-nlb-1.elb.amazonaws.com:8585/"}` | _(known after apply)_ |');
  assert.not.match(md, '`alb_dns_name`'); // no-op outputs are left out
  assert.match(md, '### Changed outside Terraform (drift)');
  assert.match(md, '- `aws_lb_target_group.alb_tg-chat` (Service `chat`) was changed outside Terraform');
  assert.match(md, '  - deregistration_delay = "60"\n  + deregistration_delay = "300"');
});

test('changes are grouped in fleet terms, with and without the fleet', () => {
  const withFleet = render('all-actions.json');
  assert.match(withFleet, '| Service `chat` | `~ 1` | target group |');
  assert.match(withFleet, '| Host `v100-3` (proxy and tunnel) | `- 1 · -/+ 1` | Auto Scaling group |');
  // A host the fleet does not know yet is still named, from its derived proxy name.
  assert.match(withFleet, '| Host `v100-5` (proxy and tunnel) | `+ 1` | Auto Scaling group |');
  // Groups come before the resource list.
  assert.ok(withFleet.indexOf('### Changes by part of the fleet') < withFleet.indexOf('### Resources'));
  const bare = render('all-actions.json', false);
  // Without the fleet: the ASG's tag blocks still say which host.
  assert.match(bare, '| Host `v100-5` (proxy and tunnel) | `+ 1` | Auto Scaling group |');
  assert.match(bare, '| Load balancer (ALB, listeners, rules) |');
});

test('static IPs replaced or destroyed: a CAUTION box above everything else', () => {
  const md = render('static-ips-replaced.json');
  assert.match(md, '🚨 **The static IPs will change.** 4 resources destroyed or replaced.');
  const caution = md.indexOf('> [!CAUTION]');
  assert.ok(caution > 0 && caution < md.indexOf('### ⚠️ Destroyed or replaced'));
  const box = md.slice(caution, md.indexOf('\n\n', caution));
  assert.match(box, '`aws_eip.static-ip_eip-ap-northeast-2c`: Elastic IP `3.36.10.21` will be **destroyed**: because it is no longer in the configuration');
  assert.match(box, '`aws_lb.static-ip_lb`: network load balancer will be **replaced**');
  assert.match(box, 'forced by `subnet_mapping`');
  assert.match(box, 'output `static_ips`: `["3.36.10.20","3.36.10.21"]` → _(known after apply)_');
  // A reverse-tunnel proxy's own Elastic IP is not the front door: its own warning.
  assert.not.match(box, 'proxies_v100-2_eip');
  assert.match(md, "> [!WARNING]\n> **A reverse tunnel's dial address changes.**");
  assert.match(md, '`aws_eip.proxies_v100-2_eip` (Host `v100-2` (proxy and tunnel)) will be **replaced**');
  assert.match(md, '| Static IPs (NLB and Elastic IPs) | `- 1 · -/+ 2` |');
});

test('a plan written by Terraform itself (1.11, terraform_data) renders, secrets masked', () => {
  const md = render('terraform-1.11-real.json', false);
  assert.match(md, '**1** to create · **2** to update · **1** to replace · **1** to destroy');
  assert.match(md, '- **replace** `terraform_data.replaced` (Fleet-wide): because an attribute that cannot be updated in place changed; forced by `triggers_replace`');
  assert.match(md, '- **destroy** `terraform_data.removed` (Fleet-wide): because it is no longer in the configuration');
  // The plan JSON carries the sensitive variable in clear; the comment must not.
  assert.ok(fs.readFileSync(plan('terraform-1.11-real.json'), 'utf8').includes('tf-real-SECRET-2'));
  assert.not.match(md, 'tf-real-SECRET');
  // Terraform left `output` (derived from the sensitive `input`) unmarked in `before`: masked all the same.
  assert.match(md, '- input = (sensitive value)\n+ input = (sensitive value)\n- output = (sensitive value)\n+ output = (known after apply)');
  assert.match(md, '| `token` | update in place | _(sensitive value)_ | _(sensitive value)_ |');
  // One of the static IPs becomes unknown: that is a change of the static IPs.
  assert.match(md, '> - output `static_ips`: `["3.36.10.20","3.36.10.21"]` → `[0] = "3.36.10.20", [1] = (known after apply)`');
  assertBalanced(md);
});

test('a plan that errored part-way says so first', () => {
  const parsed = parsePlan(JSON.stringify({ format_version: '1.2', errored: true, resource_changes: [] }), 'p.json');
  assert.match(renderPlanComment(parsed.plan!), '❌ **Planning failed part-way**: the changes below are incomplete.');
});

test('text from the plan cannot break out of its code block or inject HTML', () => {
  const rc = {
    address: 'aws_instance.x<img src=x>',
    mode: 'managed',
    type: 'aws_instance',
    name: 'x',
    change: { actions: ['update'], before: { tags: { '```\n# hi': 'a' } }, after: { tags: { '```\n# hi': 'b`\n```' } } },
  };
  const md = renderPlanComment(parsePlan(JSON.stringify({ format_version: '1.2', resource_changes: [rc] }), 'p.json').plan!);
  assert.match(md, '<code>aws_instance.x&#60;img src=x&#62;</code>');
  assert.not.match(md, '<img');
  // The fence is longer than any backtick run in the lines, so the first line that closes it is its own end.
  const open = /^(`{3,})diff$/m.exec(md)!;
  assert.is(open[1], '````');
  const after = md.slice(open.index + open[0].length);
  assert.is(after.search(/^`{3,}\s*$/m), after.indexOf('\n````\n\n</details>') + 1);
  assertBalanced(md);
});

test('no changes', () => {
  const md = render('no-changes.json');
  assert.match(md, '✅ **No changes.** The infrastructure matches the configuration.');
  assert.not.match(md, '### Resources');
  assert.not.match(md, '### Outputs');
});

test('a 2,000-resource plan stays under the comment limit, warnings first, the rest pointed to the artifact', () => {
  const parsed = parsePlan(JSON.stringify(largePlan(2000)), 'large.json');
  const md = renderPlanComment(parsed.plan!, { artifactUrl: 'https://github.com/acme/fleet/actions/runs/1/artifacts/2' });
  assert.ok(Buffer.byteLength(md, 'utf8') <= GITHUB_COMMENT_LIMIT, `comment is ${Buffer.byteLength(md, 'utf8')} bytes`);
  assert.ok(md.length > 40000, 'uses the room it has');
  assert.match(md, '🚨 **The static IPs will change.**');
  assert.match(md, '> - `aws_eip.static-ip_eip-ap-northeast-2a`: Elastic IP `3.36.10.20` will be **replaced**: because replacement was requested (-replace)');
  assert.match(md, /\*\*\d+ resource changes are not shown in detail\*\* to stay under GitHub's 65,536-character comment limit: see \[the plan artifact\]\(https:\/\/github\.com\/acme\/fleet\/actions\/runs\/1\/artifacts\/2\)\./);
  assert.match(md, /… and \d+ more, listed under Resources/); // the destroyed list is capped too
  // The static-IP change gets its details first; creates come last.
  const first = md.indexOf('<details><summary>');
  assert.match(md.slice(first, first + 200), 'aws_eip.static-ip_eip-ap-northeast-2a');
  assertBalanced(md);
});

test('a smaller --limit is honoured and the essentials stay', () => {
  const parsed = parsePlan(JSON.stringify(largePlan(300)), 'large.json');
  const md = renderPlanComment(parsed.plan!, { limit: 8000 });
  assert.ok(Buffer.byteLength(md, 'utf8') <= 8000, `${Buffer.byteLength(md, 'utf8')} bytes`);
  assert.match(md, '[!CAUTION]');
  assert.match(md, 'not shown in detail');
  // The limit named is the one that applied, not GitHub's.
  assert.match(md, 'to stay under the size limit of 8,000 bytes this comment was given (--limit)');
  assert.not.match(md, '65,536');
  assertBalanced(md);
});

test('CLI: --limit 2500 says that limit, not GitHub\'s', async () => {
  const io = capture();
  assert.is(await main(['plan-comment', plan('all-actions.json'), '--limit', '2500'], io), 0, io.err);
  assert.ok(Buffer.byteLength(io.out) <= 2500, `${Buffer.byteLength(io.out)} bytes`);
  assert.match(io.out, 'not shown in detail** to stay under the size limit of 2,500 bytes this comment was given (--limit)');
  assert.not.match(io.out, "GitHub's 65,536");
});

test('forget is not destruction: a forgotten Elastic IP keeps its address, so no static-IP alarm', () => {
  const rc = { address: 'aws_eip.static-ip_eip-ap-northeast-2a', mode: 'managed', type: 'aws_eip', name: 'static-ip_eip-ap-northeast-2a', change: { actions: ['forget'], before: { public_ip: '3.36.10.20' }, after: null } };
  const md = renderPlanComment(parsePlan(JSON.stringify({ format_version: '1.2', resource_changes: [rc] }), 'p.json').plan!);
  assert.match(md, '✅ **Nothing destroyed.** 1 resource forgotten (left running, no longer managed).');
  assert.match(md, "### Forgotten: removed from Terraform's state, left running (1)");
  assert.not.match(md, '[!CAUTION]');
  assert.not.match(md, 'Destroyed or replaced');
});

test('the table of fleet parts explains its symbols', () => {
  const md = render('all-actions.json');
  const table = md.slice(md.indexOf('### Changes by part'), md.indexOf('### Outputs'));
  assert.match(table, '<sub>`-` destroy · `-/+` replace · `.` forget (remove from state, keep running) · `~` update in place · `+` create · `<=` read · `=` no change</sub>');
  // Only the symbols the table uses.
  assert.match(render('static-ips-replaced.json'), /<sub>`-` destroy · `-\/\+` replace[^\n]*<\/sub>/);
  assert.not.match(render('static-ips-replaced.json').split('### Changes by part')[1].split('\n\n')[2], '`.` forget');
});

test('CLI: renders to stdout with --id and --title, exit 0', async () => {
  const io = capture();
  assert.is(await main(['plan-comment', plan('all-actions.json'), '--id', 'drift', '--title', 'Fleetform drift'], io), 0, io.err);
  assert.ok(io.out.startsWith('<!-- fleetform:drift -->\n## Fleetform drift\n'));
});

test('CLI: --fleet and --base add the fleet diff and the graph', async () => {
  const io = capture();
  assert.is(await main(['plan-comment', plan('all-actions.json'), '--fleet', 'test/fixtures/seed/fleet.yaml', '--base', 'test/fixtures/seed/fleet.yaml'], io), 0, io.err);
  assert.match(io.out, '### Fleet changes\n\n_No change to the fleet');
  assert.match(io.out, '```mermaid\nflowchart LR');
});

test('CLI: bad plans get a diagnostic and exit 1, never a stack trace', async () => {
  const cases: [string, string][] = [
    ['truncated.json', /truncated\.json:4:\d+: error\[FF401\]: .*is not JSON/.source],
    ['not-a-plan-state.json', 'error\\[FF402\\]: .*looks like a state file'],
    ['future-major.json', 'error\\[FF403\\]: format_version is "2.0"; Fleetform reads 1.x'],
    ['bad-action.json', 'error\\[FF404\\]: resource_changes\\[0\\].change.actions has \\["explode"\\]'],
  ];
  for (const [file, pattern] of cases) {
    const io = capture();
    assert.is(await main(['plan-comment', plan(file)], io), 1, file);
    assert.match(io.err, new RegExp(pattern), file);
    assert.match(io.err, 'hint:');
    assert.not.match(io.err, /\n\s+at .*\.js:\d+/);
    assert.is(io.out, '');
  }
});

test('CLI: usage and I/O errors exit 2', async () => {
  let io = capture();
  assert.is(await main(['plan-comment'], io), 2);
  assert.match(io.err, 'expected one plan file');
  io = capture();
  assert.is(await main(['plan-comment', 'nope.json'], io), 2);
  assert.match(io.err, 'cannot read nope.json: no such file');
  io = capture();
  assert.is(await main(['plan-comment', plan('no-changes.json'), '--fleeet', 'x'], io), 2);
  assert.match(io.err, "unknown option '--fleeet'");
  io = capture();
  assert.is(await main(['plan-comment', plan('no-changes.json'), '--base', 'test/fixtures/seed/fleet.yaml'], io), 2);
  assert.match(io.err, '--base needs --fleet');
});

test('an ALB that changes scheme is replaced: a CAUTION box at the top says so', () => {
  const md = render('alb-scheme-changed.json');
  const caution = md.indexOf('> [!CAUTION]\n> **The ALB changes scheme, so it is replaced.**');
  assert.ok(caution > 0, md);
  assert.ok(caution < md.indexOf('### ⚠️ Destroyed or replaced (1)'), 'above the destroyed list');
  assert.match(md, '> - `aws_lb.alb` becomes **internal** and will be **replaced**');
  assert.is(md.split('[!CAUTION]').length, 2, 'one CAUTION box: the NLB is untouched, so no static-IP alarm');
  assert.not.match(render('static-ips-replaced.json'), 'The ALB changes scheme', 'an NLB replacement is not an ALB scheme change');
  assertBalanced(md);
});

test.run();
