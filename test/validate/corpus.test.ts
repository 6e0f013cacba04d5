/**
 * The invalid-fleet corpus: every file under test/fixtures/invalid/ declares
 * in a leading `# expect:` comment the exact set of diagnostics (code and
 * line:col) that `fleetform check` must report for it, no more and no less.
 * Each fixture must also fail (no fleet), and together they must exercise
 * every code a semantic check declares.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkSource } from '../../compiler/index';
import { ALL_CHECKS } from '../../compiler/validate/checks/index';

const DIR = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'invalid');
const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.yaml')).sort();

function expected(text: string, file: string): string[] {
  const m = /^# expect: (.*)$/m.exec(text);
  if (!m) throw new Error(`${file}: no "# expect:" line`);
  return m[1].split(',').map((s) => s.trim()).filter(Boolean).sort();
}

test('the corpus has at least 60 fixtures, named NNN-short-name.yaml', () => {
  assert.ok(files.length >= 60, `only ${files.length} fixtures`);
  for (const f of files) assert.match(f, /^\d{3}-[a-z0-9-]+\.yaml$/);
});

for (const file of files) {
  test(`fixture ${file}`, () => {
    const text = fs.readFileSync(path.join(DIR, file), 'utf8');
    const result = checkSource(text, file);
    const actual = result.diagnostics.map((d) => `${d.code} ${d.span.start.line}:${d.span.start.col}`).sort();
    assert.equal(actual, expected(text, file));
    assert.is(result.fleet, null, 'an invalid fleet never lowers');
    assert.ok(result.diagnostics.some((d) => d.severity === 'error'), 'at least one error');
    for (const d of result.diagnostics) {
      assert.ok(d.message.length > 0 && d.hint.length > 0, `${d.code} has a message and a hint`);
      assert.not.match(d.message, /undefined|NaN|\[object Object\]/, `${d.code}: ${d.message}`);
    }
  });
}

test('every code of every semantic check has a fixture', () => {
  const seen = new Set<string>();
  for (const f of files) for (const e of expected(fs.readFileSync(path.join(DIR, f), 'utf8'), f)) seen.add(e.split(' ')[0]);
  const missing = ALL_CHECKS.flatMap((c) => Object.keys(c.codes)).filter((code) => !seen.has(code));
  assert.equal(missing, []);
});

test('every check is named for its file and declares codes in FF202-FF299, FF5xx or FF6xx', () => {
  const names = new Set<string>();
  const codes = new Set<string>();
  for (const c of ALL_CHECKS) {
    assert.ok(fs.existsSync(path.resolve(__dirname, '..', '..', '..', 'compiler', 'validate', 'checks', `${c.name}.ts`)), c.name);
    assert.not.ok(names.has(c.name));
    names.add(c.name);
    for (const code of Object.keys(c.codes)) {
      // FF2xx filled up: FF5xx are the monitoring checks', FF6xx the checks of
      // what an apply or a running fleet would meet (data, quotas).
      assert.match(code, /^FF(2(0[2-9]|[1-9]\d)|[56]\d\d)$/);
      assert.not.ok(codes.has(code), `${code} declared twice`);
      codes.add(code);
    }
  }
});

test.run();
