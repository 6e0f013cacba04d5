import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../compiler/cli/main';
import type { CliIO } from '../../compiler/cli/io';
import { EXPLANATIONS_PATH } from '../../compiler/cli/commands/explain';
import type { Explanation } from '../../compiler/diagnostics/explain';
import { STAGE_CODES } from '../../compiler/diagnostics/codes';
import { ALL_CHECKS } from '../../compiler/validate/checks/index';
import { checkSource } from '../../compiler/index';
import { parsePlan } from '../../compiler/emit/review/plan/parse';
import { NO_EXAMPLE } from '../../scripts/generate/explanations';
import { ROOT, readRepoFile } from '../helpers/fleet-text';

const entries = JSON.parse(fs.readFileSync(EXPLANATIONS_PATH, 'utf8')) as Record<string, Explanation>;
const allCodes = [...Object.keys(STAGE_CODES), ...ALL_CHECKS.flatMap((c) => Object.keys(c.codes))].sort();

function io(): CliIO & { out: string; err: string } {
  const r = { out: '', err: '', cwd: ROOT, env: {}, stdout: (t: string) => { r.out += t; }, stderr: (t: string) => { r.err += t; } };
  return r;
}

test('every code has an explanation: meaning, a description, and an example or the reason there is none', () => {
  assert.equal(Object.keys(entries).sort(), allCodes);
  for (const code of allCodes) {
    const e = entries[code];
    assert.ok(e.description.length > 40, `${code}: a description`);
    if (NO_EXAMPLE[code]) assert.is(e.example, null, code);
    else assert.ok(e.example && e.diagnostic && e.diagnostic.hint.length > 0, `${code}: an example and its fix`);
  }
});

test('each example really triggers its code, at the recorded line, with the recorded fix', () => {
  for (const e of Object.values(entries)) {
    if (!e.example) continue;
    const diags = e.code.startsWith('FF4') ? parsePlan(e.example.text, e.example.file).diagnostics : checkSource(e.example.text, e.example.file).diagnostics;
    const d = diags.find((x) => x.code === e.code);
    assert.ok(d, `${e.example.file} triggers ${e.code}`);
    assert.equal([d!.span.start.line, d!.span.start.col, d!.message, d!.hint], [e.diagnostic!.line, e.diagnostic!.col, e.diagnostic!.message, e.diagnostic!.hint], e.code);
  }
});

test('fleetform explain FF236 prints the description, the example with the line marked, the message and the fix', async () => {
  const r = io();
  assert.is(await main(['explain', 'FF236'], r), 0, r.err);
  assert.match(r.out, /^FF236: a host backs services on different ports/);
  assert.match(r.out, 'The port chain holds end to end');
  const line = entries.FF236.diagnostic!.line;
  assert.match(r.out, new RegExp(`^> +${line} \\| `, 'm'));
  assert.match(r.out, `The fix:\n  ${entries.FF236.diagnostic!.hint}`);
  for (const alias of ['ff236', '236']) {
    const a = io();
    assert.is(await main(['explain', alias], a), 0);
    assert.is(a.out, r.out);
  }
});

test('an unknown code exits 1; --list lists every code', async () => {
  const r = io();
  assert.is(await main(['explain', 'FF999'], r), 1);
  assert.match(r.err, /no diagnostic code 'FF999'/);
  const l = io();
  assert.is(await main(['explain', '--list'], l), 0);
  assert.is(l.out.trim().split('\n').length, allCodes.length);
});

test('generated/docs/diagnostics.md links every code to its explanation', () => {
  const doc = readRepoFile('generated/docs/diagnostics.md');
  for (const code of allCodes) {
    assert.match(doc, `| [${code}](#${code.toLowerCase()}) |`, code);
    assert.match(doc, `\n### ${code}\n`, code);
  }
  assert.ok(fs.existsSync(path.join(ROOT, 'generated', 'explain', 'codes.json')));
});

test.run();
