/**
 * Byte-identical output: the same fleet builds to the same bytes in a fresh
 * construct tree, from another working directory, and with no absolute
 * paths or cdktf metadata (version, construct paths) in it.
 */
import * as os from 'node:os';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildFleet, goldenFleets, ROOT } from './fleets';
import { stableJson } from '../../../compiler/emit/terraform/serialize';

test('two builds of every fleet are byte-identical, even from another working directory', () => {
  for (const g of goldenFleets()) {
    const first = buildFleet(g.file);
    const cwd = process.cwd();
    process.chdir(os.tmpdir());
    try {
      assert.equal(buildFleet(g.file), first, g.file);
    } finally {
      process.chdir(cwd);
    }
  }
});

test('no absolute paths, temp folders or cdktf metadata in the output', () => {
  for (const g of goldenFleets()) {
    for (const f of buildFleet(g.file)) {
      assert.not.ok(f.content.includes(ROOT), `${g.file}: ${f.path} contains the repo path`);
      assert.not.ok(f.content.includes(os.tmpdir() + '/'), `${g.file}: ${f.path} contains the temp folder`);
      assert.not.match(f.content, /"\/\/"|cdktf/, `${g.file}: ${f.path} carries cdktf metadata`);
      if (f.path === 'main.tf.json') assert.ok(f.content.endsWith('}\n'), 'trailing newline');
    }
  }
});

test('serialization sorts keys at every level, keeps array order and drops // comments', () => {
  const out = stableJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined, '//': { metadata: 1 } } });
  assert.is(out, '{\n  "a": {\n    "d": [\n      3,\n      {\n        "y": 2,\n        "z": 1\n      }\n    ]\n  },\n  "b": 1\n}\n');
});

test('serialization maps every string value and key before sorting, and still drops // comments', () => {
  const upper = (s: string): string => s.toUpperCase();
  const out = stableJson({ b: 'x', A: ['y', { c: 'z' }], a: 1, '//': 'kept out' }, upper);
  // "a" becomes "A" and, coming later, replaces the value of the key "A".
  assert.is(out, '{\n  "A": 1,\n  "B": "X"\n}\n');
  assert.is(stableJson({ k: ['v', { w: 'x' }] }, upper), '{\n  "K": [\n    "V",\n    {\n      "W": "X"\n    }\n  ]\n}\n');
});

test.run();
