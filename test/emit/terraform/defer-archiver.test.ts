/**
 * The emitter loads cdktf without `archiver` (about 100 ms of every build),
 * and the stand-in still forwards to the real module when used. Checked in a
 * fresh process: this one may have loaded cdktf already.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const EMITTER = path.resolve(__dirname, '..', '..', '..', 'compiler', 'emit', 'terraform', 'index.js');

function inFreshNode(code: string): string {
  const r = spawnSync(process.execPath, ['-e', code], { encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  return r.stdout.trim();
}

test('loading the emitter (and cdktf) does not load archiver', () => {
  const out = inFreshNode(`
    require(${JSON.stringify(EMITTER)});
    require('cdktf');
    const loaded = Object.keys(require.cache).filter((k) => /[\\\\/]node_modules[\\\\/]archiver[\\\\/]lib[\\\\/]/.test(k));
    process.stdout.write(String(loaded.length));
  `);
  assert.is(out, '0');
});

test('the stand-in forwards calls and properties to the real archiver', () => {
  const out = inFreshNode(`
    const { ARCHIVER_PATH } = require(${JSON.stringify(path.join(path.dirname(EMITTER), 'defer-archiver.js'))});
    require(${JSON.stringify(EMITTER)});
    const archiver = require.cache[ARCHIVER_PATH].exports;
    const zip = archiver('zip');
    process.stdout.write([typeof archiver.create, typeof zip.append, 'isRegisteredFormat' in archiver].join(','));
  `);
  assert.is(out, 'function,function,true');
});

test.run();
