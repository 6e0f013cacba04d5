/**
 * No input hangs `check`: every stage is linear in the input, the printed
 * diagnostics are capped, and a file above the size limit gets one
 * diagnostic. The inputs are the bench's (scripts/bench/hostile-inputs.ts),
 * each about 1 MB; the bound here is CPU time and generous (the machine
 * running the suite may be loaded); `npm run bench -- hostile` reports the
 * times against the 2 s target.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkSource } from '../../compiler/index';
import { formatDiagnostics, MAX_PRINTED_DIAGNOSTICS } from '../../compiler/diagnostics/format';
import { MAX_SOURCE_BYTES, MAX_FLOW_DEPTH, MAX_LIST_ENTRIES, MAX_MAP_KEYS } from '../../compiler/load/load';
import { suggest, MAX_SUGGEST_INPUT } from '../../compiler/validate/suggest';
import { main } from '../../compiler/cli/main';
import type { CliIO } from '../../compiler/cli/io';
import { HOSTILE_INPUTS } from '../../scripts/bench/hostile-inputs';
import { spawnSync } from 'node:child_process';
import { PACKAGE_ROOT } from '../../compiler/paths';

const BOUND_CPU_MS = 8000;

/** check + text formatting, as `fleetform check` does them; CPU milliseconds. */
function cost(text: string): { cpuMs: number; diagnostics: number; printed: string } {
  const before = process.cpuUsage();
  const r = checkSource(text, 'fleet.yaml');
  const printed = formatDiagnostics(r.diagnostics, 'text', new Map([['fleet.yaml', text]]));
  const used = process.cpuUsage(before);
  return { cpuMs: (used.user + used.system) / 1000, diagnostics: r.diagnostics.length, printed };
}

for (const [name, make] of Object.entries(HOSTILE_INPUTS)) {
  test(`check stays linear: ${name}`, () => {
    const text = make();
    assert.ok(Buffer.byteLength(text) <= MAX_SOURCE_BYTES, `${name} is under the size limit`);
    const r = cost(text);
    console.log(`  ${name}: ${(Buffer.byteLength(text) / 1e6).toFixed(2)} MB, ${r.cpuMs.toFixed(0)} ms CPU, ${r.diagnostics} diagnostics, ${r.printed.length} characters printed`);
    assert.ok(r.cpuMs < BOUND_CPU_MS, `${name}: ${r.cpuMs.toFixed(0)} ms of CPU`);
    // Printed output stays small whatever the number of diagnostics.
    assert.ok(r.printed.length < 200_000, `${name}: printed ${r.printed.length} characters`);
  });
}

test('20,000 unknown keys: one diagnostic (FF010) before the YAML parser, not 20,000', () => {
  const r = checkSource(HOSTILE_INPUTS['unknown keys 20,000'](), 'fleet.yaml');
  assert.equal(r.diagnostics.map((d) => [d.code, d.span.start.line]), [['FF010', MAX_MAP_KEYS + 1]]);
  assert.match(r.diagnostics[0].message, /a mapping with more than 1,000 keys/);
});

test('900 unknown keys in each of two places: the first diagnostics printed, the rest counted', () => {
  const keys = (prefix: string, indent: string) => Array.from({ length: 900 }, (_, i) => `${indent}${prefix}_${i}: 1`).join('\n');
  const text = `version: 1\nname: t\n${keys('unknown_key', '')}\nload_balancer:\n${keys('stray', '  ')}\n`;
  const r = checkSource(text, 'fleet.yaml');
  assert.ok(r.diagnostics.length > MAX_PRINTED_DIAGNOSTICS, `${r.diagnostics.length} diagnostics`);
  const printed = formatDiagnostics(r.diagnostics, 'text', new Map([['fleet.yaml', text]]));
  assert.is((printed.match(/: error\[FF/g) ?? []).length, MAX_PRINTED_DIAGNOSTICS);
  assert.match(printed, new RegExp(`\\.\\.\\. and ${r.diagnostics.length - MAX_PRINTED_DIAGNOSTICS} more diagnostics not shown`));
  assert.match(printed, /more schema errors not listed/);
  assert.match(printed, new RegExp(`${r.diagnostics.length} errors\\n$`));
  const github = formatDiagnostics(r.diagnostics, 'github');
  assert.is((github.match(/^::error /gm) ?? []).length, MAX_PRINTED_DIAGNOSTICS);
  assert.match(github, /::notice::\d+ more diagnostics not shown/);
});

test(`collections at the limits pass the scans; one entry more is FF010, in block and flow style, found before the parser`, () => {
  const codes = (text: string) => checkSource(text, 'fleet.yaml').diagnostics.map((d) => d.code);
  const block = (n: number) => `version: 1\nname: t\ntags:\n${Array.from({ length: n }, (_, i) => `  k${i}: v`).join('\n')}\n`;
  const list = (n: number) => `version: 1\nname: t\nzones:\n${Array.from({ length: n }, (_, i) => `  - z${i}`).join('\n')}\n`;
  const flowList = (n: number) => `version: 1\nname: t\nzones: [${Array.from({ length: n }, (_, i) => `z${i}`).join(', ')}]\n`;
  const flowMap = (n: number) => `version: 1\nname: t\ntags: {${Array.from({ length: n }, (_, i) => `k${i}: v`).join(', ')}}\n`;
  for (const [make, limit] of [[block, MAX_MAP_KEYS], [list, MAX_LIST_ENTRIES], [flowList, MAX_LIST_ENTRIES], [flowMap, MAX_MAP_KEYS]] as const) {
    assert.not.ok(codes(make(limit)).includes('FF010'), `${make.name} at ${limit}`);
    assert.equal(codes(make(limit + 1)), ['FF010'], `${make.name} at ${limit + 1}`);
  }
  // Entries of different collections at one indentation are not one collection.
  const hosts = Array.from({ length: 3 }, (_, h) => `  - name: h${h}\n    env:\n${Array.from({ length: 600 }, (_, i) => `      K${i}: v`).join('\n')}`).join('\n');
  assert.not.ok(codes(`version: 1\nname: t\nhosts:\n${hosts}\n`).includes('FF010'));
  // Lines of a block scalar are text, not keys.
  const script = `version: 1\nname: t\nnote: |\n${Array.from({ length: 1500 }, (_, i) => `  k${i}: v`).join('\n')}\n`;
  assert.not.ok(codes(script).includes('FF010'));
  // The parsed document is checked too: a mapping the text scan cannot see (keys in one flow line with quoted commas) is caught after parsing.
  const quoted = `version: 1\nname: t\ntags: {${Array.from({ length: MAX_MAP_KEYS + 1 }, (_, i) => `"k,${i}": v`).join(', ')}}\n`;
  assert.equal(codes(quoted), ['FF010']);
});

test('a time zone far longer than any IANA name gets no edit-distance search', () => {
  assert.equal(suggest('Europe/Berlin'.repeat(100), ['Europe/Berlin']), []);
  assert.equal(suggest('Europe/Berln', ['Europe/Berlin']), ['Europe/Berlin']);
  assert.ok(MAX_SUGGEST_INPUT >= 64);
  const r = checkSource(HOSTILE_INPUTS['time zone 300,000 chars'](), 'fleet.yaml');
  assert.ok(r.diagnostics.some((d) => /IANA time zone names are at most 64/.test(d.message)));
});

test(`brackets nested beyond ${MAX_FLOW_DEPTH} levels: one diagnostic, before the YAML parser sees them`, () => {
  const r = checkSource(HOSTILE_INPUTS['nested brackets 1 MB'](), 'fleet.yaml');
  assert.equal(r.diagnostics.map((d) => [d.code, d.span.start.line]), [['FF009', 3]]);
  // Brackets inside values and strings are not nesting.
  const ok = checkSource(`version: 1\nname: t\nx: "${'['.repeat(5000)}"\ny: /a${'['.repeat(5000)}\n`, 'fleet.yaml');
  assert.not.ok(ok.diagnostics.some((d) => d.code === 'FF009'));
});

function capture(cwd: string): CliIO & { out: string; err: string } {
  const io = { out: '', err: '', cwd, env: {} as Record<string, string | undefined>, stdout: (t: string) => { io.out += t; }, stderr: (t: string) => { io.err += t; } };
  return io;
}

test(`a file above ${MAX_SOURCE_BYTES} bytes: one "file too large" diagnostic, exit 1`, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ff-big-${process.pid}-`));
  fs.writeFileSync(path.join(dir, 'fleet.yaml'), `version: 1\n${'#'.repeat(MAX_SOURCE_BYTES)}\n`);
  const io = capture(dir);
  assert.is(await main(['check', 'fleet.yaml'], io), 1);
  assert.is((io.err.match(/error\[/g) ?? []).length, 1);
  assert.match(io.err, /error\[FF008\]: file too large: \d+ bytes; a fleet file may be at most 2 MiB/);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('an endless input is never read past the limit: /dev/zero and an endless pipe get FF008, exit 1, at once', async () => {
  // Before the bounded read, /dev/zero was read until memory ran out.
  for (const command of ['check', 'build']) {
    const io = capture(os.tmpdir());
    const started = process.cpuUsage();
    assert.is(await main([command, '/dev/zero', ...(command === 'build' ? ['--out', path.join(os.tmpdir(), `ff-zero-${process.pid}`)] : [])], io), 1, io.err);
    const used = process.cpuUsage(started);
    assert.match(io.err, /error\[FF008\]: file too large: more than 2097152 bytes/);
    assert.ok((used.user + used.system) / 1000 < 5000, 'bounded work');
    assert.not.ok(fs.existsSync(path.join(os.tmpdir(), `ff-zero-${process.pid}`)), 'nothing written');
  }
  // The real command reading an endless pipe (`yes`) on standard input stops at the limit; `timeout` ends it if it does not.
  const r = spawnSync('bash', ['-c', `yes 'key: value' | timeout 60 ${JSON.stringify(process.execPath)} ${JSON.stringify(path.join(PACKAGE_ROOT, 'fleetform'))} check -`], { encoding: 'utf8' });
  assert.is(r.status, 1, r.stderr);
  assert.match(r.stderr.replace(/\x1b\[[0-9;]*m/g, ""), /<stdin>:1:1: error\[FF008\]: file too large: more than 2097152 bytes/);
});

test('other commands give a fleet file\'s limit too, and plan-comment a plan\'s: a too-large input is one line, exit 2', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ff-big-${process.pid}-`));
  fs.writeFileSync(path.join(dir, 'fleet.yaml'), `version: 1\n${'#'.repeat(MAX_SOURCE_BYTES)}\n`);
  for (const command of ['graph', 'keys', 'bootstrap']) {
    const io = capture(dir);
    assert.is(await main([command, ...(command === 'keys' ? ['h', 'fleet.yaml'] : command === 'bootstrap' ? ['fleet.yaml', '--repo', 'o/r'] : ['fleet.yaml'])], io), 2, `${command}: ${io.err}`);
    assert.match(io.err, /cannot read fleet\.yaml: file too large \(\d+ bytes; the limit is 2 MiB\)/, command);
  }
  // A 3 MB plan is well within a plan's limit: it is read and parsed (and rejected as a plan, not as too large).
  fs.writeFileSync(path.join(dir, 'plan.json'), `{"format_version":"1.2","x":"${'a'.repeat(3_000_000)}"}`);
  const io = capture(dir);
  await main(['plan-comment', 'plan.json'], io);
  assert.not.match(io.err, /too large/);
  fs.rmSync(dir, { recursive: true, force: true });
});

test.run();
