import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic';
import { formatPath, sortDiagnostics } from '../../compiler/diagnostics/diagnostic';
import { formatDiagnostics } from '../../compiler/diagnostics/format';

const d = (line: number, col: number, message = 'services[0].port is 0; must be 1 to 65535', code = 'FF106'): Diagnostic => ({
  code,
  severity: 'error',
  file: 'spec/fleet.yaml',
  path: 'services[0].port',
  span: { start: { line, col }, end: { line, col: col + 1 } },
  message,
  hint: 'A TCP port, 1 to 65535.',
});

test('text: file:line:col, severity and code, path, code frame with caret, hint', () => {
  const src = 'services:\n  - name: s\n    port: 0\n';
  const out = formatDiagnostics([d(3, 11)], 'text', new Map([['spec/fleet.yaml', src]]));
  assert.is(
    out,
    [
      'spec/fleet.yaml:3:11: error[FF106]: services[0].port is 0; must be 1 to 65535',
      '  at services[0].port',
      '  2 |   - name: s',
      '  3 |     port: 0',
      '    |           ^',
      '  hint: A TCP port, 1 to 65535.',
      '',
      '1 error',
      '',
    ].join('\n'),
  );
});

test('github: one escaped workflow command per diagnostic; newlines cannot start a second command', () => {
  const out = formatDiagnostics([d(3, 11, 'bad\n::error::injected')], 'github');
  assert.is(out.split('\n').filter(Boolean).length, 1);
  assert.ok(out.startsWith('::error file=spec/fleet.yaml,line=3,col=11,endLine=3,endColumn=12,title=FF106 services[0].port::bad%0A::error::injected. Hint: '));
});

test('json: machine-readable with counts', () => {
  const parsed = JSON.parse(formatDiagnostics([d(3, 11)], 'json'));
  assert.is(parsed.errors, 1);
  assert.is(parsed.warnings, 0);
  assert.equal(parsed.diagnostics[0], { file: 'spec/fleet.yaml', line: 3, column: 11, endLine: 3, endColumn: 12, severity: 'error', code: 'FF106', path: 'services[0].port', message: 'services[0].port is 0; must be 1 to 65535', hint: 'A TCP port, 1 to 65535.' });
});

test('diagnostics sort by position, then code', () => {
  const sorted = sortDiagnostics([d(9, 1, 'c'), d(2, 5, 'b', 'FF2'), d(2, 5, 'a', 'FF1'), d(2, 1, 'z')]);
  assert.equal(sorted.map((x) => x.message), ['z', 'a', 'b', 'c']);
});

test('paths print the way users write them', () => {
  assert.is(formatPath(['services', 0, 'health', 'interval']), 'services[0].health.interval');
  assert.is(formatPath(['tags', 'cost center']), 'tags["cost center"]');
  assert.is(formatPath([]), '');
});

test.run();
