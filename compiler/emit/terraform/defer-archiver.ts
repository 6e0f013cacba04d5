/**
 * Defer loading `archiver` until something uses it. cdktf requires it at
 * start-up (lib/private/fs.js) only to zip TerraformAsset folders, which
 * Fleetform never creates; loading it costs about 100 ms of every build, a
 * fifth of the seed build's wall time. A stand-in forwards every call and
 * property read to the real module, loaded on first use, so behaviour is
 * unchanged if an asset is ever synthesized.
 *
 * From the compiled modules, the stand-in goes into the module cache under
 * the real module's file name, so cdktf's `require('archiver')` finds it: this
 * module must be imported before anything imports cdktf. In the `emit`
 * bundle, scripts/bundle.ts points cdktf's `require('archiver')` at
 * ARCHIVER_STAND_IN directly. Either way the real module is found where
 * cdktf would find it (it is cdktf's dependency, not ours), at run time.
 */
import Module = require('node:module');
import * as path from 'node:path';

/** Where cdktf's `require('archiver')` leads. */
export function archiverPath(): string {
  return require.resolve('archiver', { paths: [path.dirname(require.resolve('cdktf/package.json'))] });
}

let real: unknown;
function load(): any {
  if (real === undefined) {
    const file = archiverPath();
    if (require.cache[file]?.exports === ARCHIVER_STAND_IN) delete require.cache[file];
    real = require(file);
  }
  return real;
}

/** The stand-in: a function (archiver is called as `archiver('zip')`) that forwards everything. */
export const ARCHIVER_STAND_IN: unknown = new Proxy(function archiver() {}, {
  apply: (_target, thisArg, args) => load().apply(thisArg, args),
  get: (_target, prop) => load()[prop],
  has: (_target, prop) => prop in load(),
});

export const ARCHIVER_PATH = archiverPath();

if (!require.cache[ARCHIVER_PATH]) {
  const standIn = new Module(ARCHIVER_PATH);
  standIn.filename = ARCHIVER_PATH;
  standIn.loaded = true;
  standIn.exports = ARCHIVER_STAND_IN;
  require.cache[ARCHIVER_PATH] = standIn;
}
