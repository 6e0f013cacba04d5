/**
 * Loader fixes found by the invalid corpus and the property test (the
 * loader's own tests are in test/load/): positions stay inside the file
 * and the empty-file test stays linear.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkSource } from '../../compiler/index';

const SPEC = fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'seed', 'fleet.yaml'), 'utf8');

test('an empty file is FF002 at 1:1, not 0:0', () => {
  for (const text of ['', '# only a comment\n', '\n\n', '# a\r\n# b\r\n']) {
    const d = checkSource(text, 'f.yaml').diagnostics;
    assert.equal(d.map((x) => `${x.code} ${x.span.start.line}:${x.span.start.col}`), ['FF002 1:1'], JSON.stringify(text));
  }
});

test('leading blank lines do not make the empty-file test backtrack', () => {
  const started = Date.now();
  const r = checkSource(`${'\n'.repeat(60)}${' \n'.repeat(60)}${SPEC}`, 'f.yaml');
  assert.ok(r.fleet, 'still a valid fleet');
  assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
});

test('after a broken quoted scalar, columns stay within their lines', () => {
  // From the property test: an unterminated quote opened mid-document.
  const text = SPEC.replace(/\n/g, '\r\n').replace('    ssh:\r\n      address: 203.0.113.10\r\n      port: 2203', '   "ssh:\r\n      address: 203.0.113.10\r\n      port: 2203');
  const lines = text.split('\n');
  const d = checkSource(text, 'f.yaml').diagnostics;
  assert.ok(d.length > 0);
  for (const x of d) assert.ok(x.span.start.col <= lines[x.span.start.line - 1].length + 1, `${x.code} at ${x.span.start.line}:${x.span.start.col}`);
});

test('a collection as a mapping key is FF006 without a process warning', () => {
  const warnings: string[] = [];
  const listener = (w: Error): void => void warnings.push(w.message);
  process.on('warning', listener);
  try {
    const d = checkSource('version: 1\n? [a, b]\n: c\n', 'f.yaml').diagnostics;
    assert.equal(d.map((x) => `${x.code} ${x.span.start.line}:${x.span.start.col}`), ['FF006 2:3']);
  } finally {
    process.off('warning', listener);
  }
  return new Promise<void>((resolve) => setImmediate(() => {
    assert.equal(warnings, []);
    resolve();
  }));
});

test.run();
