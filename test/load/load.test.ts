import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadSource } from '../../compiler/load/load';
import { checkSource } from '../../compiler/index';

test('a syntax error is FF001 at its line, with nothing lowered', () => {
  const r = loadSource('version: 1\nname: [unclosed\nregion: x\n', 'f.yaml');
  assert.is(r.doc, null);
  assert.is(r.diagnostics[0].code, 'FF001');
  assert.is(r.diagnostics[0].file, 'f.yaml');
  assert.match(r.diagnostics[0].message, /^YAML syntax error: /);
});

test('a duplicate key is FF003 pointing at the second occurrence', () => {
  const r = loadSource('version: 1\nname: a\nname: b\n', 'f.yaml');
  assert.equal(r.diagnostics.map((d) => [d.code, d.span.start.line, d.span.start.col]), [['FF003', 3, 1]]);
  assert.is(r.diagnostics[0].message, 'duplicate key: `name` appears twice in the same mapping');
});

test('an empty file and a comment-only file are FF002', () => {
  for (const text of ['', '   \n', '# only a comment\n# and another\n']) {
    const r = loadSource(text, 'f.yaml');
    assert.equal(r.diagnostics.map((d) => d.code), ['FF002'], JSON.stringify(text));
  }
});

test('a root that is not a mapping is FF005', () => {
  const r = loadSource('- a\n- b\n', 'f.yaml');
  assert.equal(r.diagnostics.map((d) => [d.code, d.message]), [['FF005', 'the document is a list; a fleet is a mapping of keys such as version, name, region']]);
});

test('alias bombs are stopped, not expanded', () => {
  const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 0; i < 8; i++) bomb.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`);
  const r = checkSource(bomb.join('\n') + '\n', 'f.yaml');
  assert.is(r.fleet, null);
  assert.ok(r.diagnostics.length >= 1);
  assert.ok(r.diagnostics.every((d) => d.severity === 'error'));
});

test('spans of nested values and keys come from the source map', () => {
  const r = loadSource('version: 1\nhosts:\n  - name: h\n    port: 8000\n', 'f.yaml');
  assert.equal(r.sourceMap.spanOf(['hosts', 0, 'port']).start, { line: 4, col: 11 });
  assert.equal(r.sourceMap.spanOf(['hosts', 0, 'port'], true).start, { line: 4, col: 5 });
  // A missing key points at the nearest ancestor that exists (its key).
  assert.equal(r.sourceMap.spanOf(['hosts', 0, 'ssh', 'port']).start, { line: 3, col: 5 });
});

test.run();
