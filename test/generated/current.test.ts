import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { derivedInPlace, generatedFiles, REFRESH_COMMAND } from '../../scripts/generate/all';
import { listTree } from '../../scripts/generate/builds';
import { ROOT } from '../helpers/fleet-text';

test('generated/ is exactly what `npm run generate` produces (run it and commit)', async () => {
  const files = await generatedFiles(ROOT);
  const stale = files.filter((f) => {
    const p = path.join(ROOT, 'generated', f.path);
    return !fs.existsSync(p) || fs.readFileSync(p, 'utf8') !== f.content;
  });
  assert.equal(stale.map((f) => f.path), [], `stale; run \`${REFRESH_COMMAND}\` and commit the result`);
  const listed = new Set(files.map((f) => f.path));
  assert.equal(listTree(path.join(ROOT, 'generated')).filter((p) => !listed.has(p)), [], 'files in generated/ that nothing generates');
});

test('the README shows the current graph of spec/fleet.yaml (`npm run generate` refreshes it)', () => {
  const derived = derivedInPlace(ROOT);
  assert.equal(derived.map((f) => f.path), ['README.md'], 'README.md lost its graph:start/graph:end block');
  assert.fixture(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'), derived[0].content, `README.md: run \`${REFRESH_COMMAND}\``);
  assert.match(derived[0].content, /<!-- graph:start[^\n]*-->\n```mermaid\nflowchart LR\n/);
});

test('the precompiled validator agrees with the schema compiled now', () => {
  const { compileValidator } = require('../../compiler/validate/schema');
  const precompiled = require(path.join(ROOT, 'generated', 'validator', 'fleet-validator.js'));
  const fresh = compileValidator();
  const samples: unknown[] = [{}, { version: 1 }, { version: 1, name: 'x', region: 'us-east-1', zones: ['us-east-1a'], network: {}, services: [], load_balancer: { listeners: [{ port: 80 }] } }];
  for (const s of samples) {
    const a = (precompiled.default ?? precompiled)(s);
    assert.is(a, fresh(s));
  }
});

test.run();
