/**
 * The quoting helpers against the programs that read their output: bash for
 * shQuote, PyYAML (what cloud-init uses) and the yaml package for yamlQuote
 * and yamlBlock. Each hostile string must come back byte for byte.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { bareWord, commentText, QuoteError, shQuote, yamlBlock, yamlQuote } from '../../../compiler/emit/provision/quote';
import { requireTool, run } from './artifacts';
import { hostileStrings } from './hostile-values';

const canary = path.join(os.tmpdir(), `ff-quote-canary-${process.pid}`);
const hostile = hostileStrings(canary);
const isQuoteError = (e: unknown): boolean => e instanceof QuoteError;

test('shQuote: bash reads every hostile string back exactly, and runs none of it', () => {
  // One bash process prints each word NUL-terminated; NUL is the one byte no value holds.
  const script = hostile.map((s) => `printf '%s\\0' ${shQuote(s)}`).join('\n');
  const r = run('bash', ['-c', script]);
  assert.is(r.status, 0, r.stderr);
  assert.equal(r.stdout.split('\0').slice(0, -1), hostile);
  assert.not.ok(fs.existsSync(canary), 'a quoted value was executed');
});

test('shQuote: plain values are one single-quoted word; quotes use the POSIX idiom', () => {
  assert.is(shQuote('/health'), `'/health'`);
  assert.is(shQuote(8585), `'8585'`);
  assert.is(shQuote(''), `''`);
  assert.is(shQuote(`it's`), `'it'\\''s'`);
  // Line breaks and controls leave the single quotes as $'\xHH' bytes, so a script line stays one line.
  assert.is(shQuote('a\nb'), `'a'$'\\x0a''b'`);
  assert.is(shQuote('x\u2028'), `'x'$'\\xe2\\x80\\xa8'`);
  assert.not.match(hostile.map(shQuote).join(' '), /[\n\r\u0085\u2028\u2029]/);
});

test('shQuote: NUL is refused, not truncated', () => {
  assert.throws(() => shQuote('a\0b'), (e: Error) => e instanceof QuoteError && /NUL/.test(e.message));
});

test('yamlQuote and yamlBlock: PyYAML and the yaml package read every hostile string back exactly', () => {
  requireTool('python3', 'python3');
  // yamlBlock carries rendered scripts, whose values went through shQuote first.
  const blocks = hostile.map((s) => `#!/bin/bash\nV=${shQuote(s)}\n`);
  const doc = [
    'scalars:',
    ...hostile.map((s) => `  - ${yamlQuote(s)}`),
    'blocks:',
    ...blocks.map((b) => `  - ${yamlBlock(b, 4)}`),
    '',
  ].join('\n');
  const want = { scalars: hostile, blocks };
  assert.equal(parse(doc, { version: '1.1' }), want);
  const py = run('python3', ['-c', 'import sys, json, yaml; json.dump(yaml.safe_load(sys.stdin.read()), sys.stdout)'], { input: doc });
  assert.is(py.status, 0, py.stderr);
  assert.equal(JSON.parse(py.stdout), want);
});

test('yamlBlock keeps trailing newlines exactly and refuses text it cannot carry', () => {
  for (const text of ['a', 'a\n', 'a\n\n', 'a\n\nb\n', 'x\ty\n']) {
    assert.equal(parse(`k: ${yamlBlock(text, 2)}\n`, { version: '1.1' }), { k: text }, JSON.stringify(text));
  }
  assert.throws(() => yamlBlock('a\u2028b', 2), isQuoteError);
  assert.throws(() => yamlBlock('a\rb', 2), isQuoteError);
  assert.throws(() => yamlBlock(' leading', 2), isQuoteError);
  // The whole-text scan judges code points as the per-character test did:
  // astral characters pass; lone surrogates, C1 controls and BOMs do not.
  assert.equal(parse(`k: ${yamlBlock('caf\u00e9 \u{1f600}\n', 2)}\n`, { version: '1.1' }), { k: 'caf\u00e9 \u{1f600}\n' });
  const refused: [string, string][] = [['a\ud800b', 'd800'], ['a\udc00', 'dc00'], ['a\u0085b\u0001', '85'], ['a\ufeffb', 'feff'], ['a\u0000b', '0'], ['a\u007fb', '7f'], ['ok\r\n', 'd']];
  for (const [bad, first] of refused) {
    assert.throws(() => yamlBlock(bad, 2), (e: unknown) => isQuoteError(e) && (e as Error).message.includes(`U+${first} cannot sit`), JSON.stringify(bad));
  }
});

test('bareWord passes names and addresses and refuses anything systemd or sshd would interpret', () => {
  assert.is(bareWord('ubuntu@203.0.113.10'), 'ubuntu@203.0.113.10');
  assert.is(bareWord(2201), '2201');
  for (const bad of ['a b', '%n', '$HOME', 'a"b', "a'b", 'a;b', 'a\nb', '', 'a\\b']) assert.throws(() => bareWord(bad), isQuoteError, bad);
});

test('commentText cannot end or continue a comment line', () => {
  for (const s of hostile) assert.not.match(commentText(s), /[\n\r\u0085\u2028\u2029\\$`]/);
  assert.is(commentText('hosts[0]'), 'hosts[0]');
});

test.run();
