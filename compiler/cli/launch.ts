/**
 * What `./fleetform` runs: the command line from bundles when they are
 * current, else from the compiled modules.
 *
 * Why bundles: on a small machine most of a command's time is spent before
 * it does anything, reading and compiling JavaScript (check: ~140 modules,
 * 0.9 MB; build: ~400 modules, 10 MB, most of it CDKTF and the AWS provider
 * classes). `npm run build:ts` also writes two minified bundles
 * (scripts/bundle.ts): `cli` (the command line, the front end and the review
 * commands) and `emit` (the emitters with CDKTF, loaded by `build` only),
 * each with a V8 code cache made by checking and building the seed fleet, so a
 * call reads two files and compiles almost nothing. `npm run bench` measures
 * the difference.
 *
 * The bundles are used only when they were made from the compiled modules
 * now in dist/ (the stamp records dist/.tsbuildinfo as it was then): after
 * a bare `tsc`, the modules run, never a stale bundle. An installed package
 * has no build info (nothing compiles there) and uses its bundles. FLEETFORM_NO_BUNDLE=1
 * runs the modules too. A code cache that V8 rejects (another Node) is
 * ignored: the bundle is compiled as usual.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Module = require('node:module');
import * as vm from 'node:vm';
import { BUNDLE_LOADER } from '../bundles';

/** Where the bundles live: dist/bundle/, beside dist/compiler/ (so a bundle's `__dirname/../..` is the package root too). */
export const BUNDLE_DIR = path.join(__dirname, '..', '..', 'bundle');
export const STAMP_FILE = 'stamp.json';
export const BUNDLE_NAMES = ['cli', 'emit'] as const;
export type BundleName = (typeof BUNDLE_NAMES)[number];

/** A file's identity as the stamp records it. */
export interface FileIdentity {
  size: number;
  mtimeMs: number;
}

/**
 * What scripts/bundle.ts records: the tsc build info the bundles were made
 * from. (The `cli` bundle also holds generated/validator/; `npm run
 * generate`, which rewrites that, makes the bundles again.)
 */
export interface BundleStamp {
  tsbuildinfo: FileIdentity;
}

const TSBUILDINFO = path.join(__dirname, '..', '..', '.tsbuildinfo');

/** The tsc build info's identity now, or null when there is none (a packed install: nothing compiles there). */
export function currentStamp(): BundleStamp | null {
  try {
    const st = fs.statSync(TSBUILDINFO);
    return { tsbuildinfo: { size: st.size, mtimeMs: st.mtimeMs } };
  } catch {
    return null;
  }
}

/**
 * Whether the bundles in `dir` were made from the modules now in dist/: the
 * stamp matches the tsc build info, or there is none (an installed package
 * ships dist/ without it, bundled and compiled together by `prepare`).
 */
export function bundlesAreCurrent(dir: string = BUNDLE_DIR, now: BundleStamp | null = currentStamp()): boolean {
  try {
    const stamp = fs.readFileSync(path.join(dir, STAMP_FILE), 'utf8');
    return now === null || stamp === stampText(now);
  } catch {
    return false;
  }
}

/** The stamp file's text: one canonical form, compared as text. */
export function stampText(stamp: BundleStamp): string {
  return `${JSON.stringify({ tsbuildinfo: stamp.tsbuildinfo })}\n`;
}

const loaded = new Map<BundleName, { exports: unknown; script: vm.Script; cacheFile: string }>();

/** Load a bundle as a CommonJS module, with its code cache when V8 accepts it. */
export function loadBundle(name: BundleName): unknown {
  const hit = loaded.get(name);
  if (hit) return hit.exports;
  const file = path.join(BUNDLE_DIR, `${name}.js`);
  const cacheFile = `${file}.cache`;
  // esbuild writes ASCII only (charset=ascii), so latin1 decodes it exactly and fastest.
  const source = fs.readFileSync(file, 'latin1');
  let cachedData: Buffer | undefined;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  const mod = { exports: {} as unknown };
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void;
  wrapper.call(mod.exports, mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
  loaded.set(name, { exports: mod.exports, script, cacheFile });
  return mod.exports;
}

/**
 * Write the code caches of the bundles named in FLEETFORM_WRITE_CODE_CACHE
 * (a comma-separated list, set by scripts/bundle.ts): made at exit, each
 * holds every function of its bundle that the run compiled.
 */
function writeCodeCaches(names: readonly string[]): void {
  for (const [name, { script, cacheFile }] of loaded) if (names.includes(name)) fs.writeFileSync(cacheFile, script.createCachedData());
}

export function launch(argv: string[] = process.argv.slice(2)): void {
  if (process.env.FLEETFORM_NO_BUNDLE || !bundlesAreCurrent()) {
    (require('./main') as typeof import('./main')).run(argv);
    return;
  }
  (globalThis as Record<symbol, unknown>)[BUNDLE_LOADER] = loadBundle;
  const cacheNames = process.env.FLEETFORM_WRITE_CODE_CACHE?.split(',') ?? [];
  if (cacheNames.length > 0) process.on('exit', () => writeCodeCaches(cacheNames));
  (loadBundle('cli') as typeof import('./main')).run(argv);
}
