/**
 * Defer loading `archiver` until something uses it. cdktf requires it at
 * start-up (lib/private/fs.js) only to zip TerraformAsset folders, which
 * Fleetform never creates; loading it costs about 100 ms of every build, a
 * fifth of the seed build's wall time. A stand-in in the module cache
 * forwards every call and property read to the real module, loaded on first
 * use, so behaviour is unchanged if an asset is ever synthesized.
 *
 * Must be imported before anything imports cdktf.
 */
import Module = require('node:module');
import * as path from 'node:path';

export const ARCHIVER_PATH = require.resolve('archiver', { paths: [path.dirname(require.resolve('cdktf/package.json'))] });

if (!require.cache[ARCHIVER_PATH]) {
  let real: unknown;
  const load = (): any => {
    if (real === undefined) {
      delete require.cache[ARCHIVER_PATH];
      real = require(ARCHIVER_PATH);
    }
    return real;
  };
  const standIn = new Module(ARCHIVER_PATH);
  standIn.filename = ARCHIVER_PATH;
  standIn.loaded = true;
  standIn.exports = new Proxy(function archiver() {}, {
    apply: (_target, thisArg, args) => load().apply(thisArg, args),
    get: (_target, prop) => load()[prop],
    has: (_target, prop) => prop in load(),
  });
  require.cache[ARCHIVER_PATH] = standIn;
}
