/**
 * `npm run build:ts` (after tsc): the bundles `./fleetform` starts from
 * (compiler/cli/launch.ts says why), from the compiled modules in dist/:
 *
 *   dist/bundle/cli.js    the command line, front end and review commands
 *   dist/bundle/emit.js   compiler/emit/index and CDKTF, loaded by `build` only
 *   dist/bundle/*.cache   their V8 code caches, made by checking and building the seed fleet
 *   dist/bundle/stamp.json  which tsc build they were made from
 *
 * The generated validator is in the `cli` bundle (`npm run generate` makes
 * the bundles again when it rewrites it). Kept out of the bundles, read at
 * run time: the precompiled templates in generated/, spec/, and
 * `archiver`, which cdktf requires at start-up but Fleetform never calls:
 * the bundles hold defer-archiver's stand-in instead, which loads it only if
 * something uses it.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { Plugin } from 'esbuild';
import { BUNDLE_DIR, currentStamp, STAMP_FILE, stampText } from '../compiler/cli/launch';

const DIST = path.join(__dirname, '..');
const ROOT = path.join(DIST, '..');

/** `loadEmitters` (compiler/cli/emitters.ts) falls back to the modules; that require must not pull the emitters into `cli`. */
const emittersStayOutside: Plugin = {
  name: 'emitters-stay-outside',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/emit\/index$/ }, (args) =>
      path.basename(args.importer) === 'emitters.js' ? { path: '../compiler/emit/index.js', external: true } : undefined,
    );
  },
};

/**
 * cdktf's `require('archiver')` leads to defer-archiver's stand-in, which
 * finds the real module at run time where cdktf would (it is cdktf's own
 * dependency, so where it lies depends on how the packages were installed).
 */
const archiverIsDeferred: Plugin = {
  name: 'archiver-is-deferred',
  setup(build) {
    build.onResolve({ filter: /^archiver$/ }, () => ({ path: path.join(DIST, 'compiler', 'emit', 'terraform', 'archiver-stand-in.js') }));
  },
};

/**
 * The Ajv compiler is needed only when the precompiled validator is missing
 * (schema.ts compiles the schema then); the precompiled one requires just
 * Ajv's small run-time helpers. So both stay run-time requires.
 */
const ajvStaysOutside: Plugin = {
  name: 'ajv-stays-outside',
  setup(build) {
    build.onResolve({ filter: /^ajv(-formats)?$/ }, (args) => ({ path: args.path, external: true }));
  },
};

async function bundle(name: string, entry: string, plugins: Plugin[]): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  const result = await esbuild.build({
    entryPoints: [path.join(DIST, entry)],
    outfile: path.join(BUNDLE_DIR, `${name}.js`),
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // launch.ts decodes bundles as latin1, exact for ASCII and fastest. A
    // tagged template's text cannot be escaped (its raw form would change),
    // so templates are lowered to plain strings, which can.
    charset: 'ascii',
    supported: { 'template-literal': false },
    plugins,
    logLevel: 'error',
    // Requires of computed paths (package.json, the schema, the precompiled templates) stay run-time requires.
    logOverride: { 'unsupported-require-call': 'silent' },
  });
  if (result.errors.length > 0) throw new Error(`bundling ${name} failed`);
  // main.js starts with `#!/usr/bin/env node`, which is not JavaScript inside launch.ts's module wrapper.
  const file = path.join(BUNDLE_DIR, `${name}.js`);
  const code = fs.readFileSync(file, 'latin1');
  if (code.startsWith('#!')) fs.writeFileSync(file, code.slice(code.indexOf('\n') + 1), 'latin1');
}

async function main(): Promise<void> {
  if (process.env.FLEETFORM_NO_BUNDLE) {
    console.log('bundle: FLEETFORM_NO_BUNDLE is set; no bundles written');
    return;
  }
  const started = Date.now();
  fs.rmSync(BUNDLE_DIR, { recursive: true, force: true });
  fs.mkdirSync(BUNDLE_DIR, { recursive: true });
  await bundle('cli', 'compiler/cli/main.js', [emittersStayOutside, archiverIsDeferred, ajvStaysOutside]);
  await bundle('emit', 'compiler/emit/index.js', [archiverIsDeferred]);
  const stamp = currentStamp();
  if (!stamp) throw new Error('dist/.tsbuildinfo is missing: run tsc first');
  fs.writeFileSync(path.join(BUNDLE_DIR, STAMP_FILE), stampText(stamp));

  // The code caches, written as each run exits with what it compiled: a
  // check of the seed fleet for `cli` (so `check` loads no more than it
  // runs), then a build of it for `emit`.
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'fleetform-bundle-'));
  const seed = path.join(ROOT, 'test', 'fixtures', 'seed', 'fleet.yaml');
  for (const [args, caches] of [[['check', seed], 'cli'], [['build', seed, '--out', path.join(out, 'seed')], 'emit']] as const) {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'fleetform'), ...args], { env: { ...process.env, FLEETFORM_WRITE_CODE_CACHE: caches, NO_COLOR: '1' }, encoding: 'utf8' });
    if (r.status !== 0) {
      fs.rmSync(out, { recursive: true, force: true });
      throw new Error(`the bundled \`fleetform ${args[0]}\` of the seed fleet failed:\n${r.stdout}${r.stderr}`);
    }
  }
  fs.rmSync(out, { recursive: true, force: true });
  const sizes = fs
    .readdirSync(BUNDLE_DIR)
    .sort()
    .map((f) => `${f} ${(fs.statSync(path.join(BUNDLE_DIR, f)).size / 1024).toFixed(0)} KB`);
  console.log(`bundle: ${sizes.join(', ')} (${Date.now() - started} ms)`);
}

main().catch((err: Error) => {
  console.error(`bundle: ${err.message}`);
  process.exitCode = 1;
});
