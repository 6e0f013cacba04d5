/**
 * `npm run generate`: rebuilds everything derived from its sources. It is the
 * one command to run after editing spec/fleet.yaml (or the schema, compiler,
 * modules or examples):
 *
 *   generated/types/fleet.ts              TypeScript types of fleet.yaml (json-schema-to-typescript)
 *   generated/validator/fleet-validator.js  the ajv validator, precompiled (standalone code)
 *   generated/docs/                       the fleet.yaml and diagnostics references
 *   generated/fleet/                      `fleetform build spec/fleet.yaml`
 *   generated/examples/<name>/            `fleetform build examples/<name>/fleet.yaml`
 *   README.md (between graph:start/end)   `fleetform graph spec/fleet.yaml --markdown`
 *
 * `--check` renders everything in memory, writes nothing, and exits 1 naming
 * the stale files and this command when anything on disk differs (the PR
 * workflow's freshness step; test/generated/current.test.ts uses the same
 * functions).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { OutputFile } from '../compiler/emit/output-file';
import { derivedInPlace, generatedFiles, REFRESH_COMMAND } from './generate/all';
import { listTree } from './generate/builds';

/** Write `f` under `base` if its content differs; returns whether it was stale. */
function refresh(base: string, f: OutputFile, checkOnly: boolean): boolean {
  const target = path.join(base, f.path);
  const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : null;
  if (current === f.content) return false;
  if (checkOnly) return true;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target + '.tmp', f.content, { mode: f.mode });
  fs.renameSync(target + '.tmp', target);
  fs.chmodSync(target, f.mode);
  return true;
}

async function run(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..');
  const checkOnly = process.argv.includes('--check');
  const files = await generatedFiles(root);
  const stale: string[] = [];
  const generated = path.join(root, 'generated');
  for (const f of files) if (refresh(generated, f, checkOnly)) stale.push(`generated/${f.path}`);
  for (const f of derivedInPlace(root)) if (refresh(root, f, checkOnly)) stale.push(f.path);
  // Files in generated/ that nothing produces any more are stale too.
  const wanted = new Set(files.map((f) => f.path));
  const orphans = listTree(generated).filter((p) => !wanted.has(p));
  for (const o of orphans) {
    stale.push(`generated/${o} (no longer generated)`);
    if (!checkOnly) fs.rmSync(path.join(generated, o));
  }
  if (checkOnly && stale.length) {
    process.stderr.write(`Derived files are stale; run \`${REFRESH_COMMAND}\` and commit the result:\n${stale.map((s) => `  ${s}`).join('\n')}\n`);
    process.exitCode = 1;
    return;
  }
  process.stdout.write(stale.length ? `${checkOnly ? 'stale' : 'updated'}: ${stale.length} file(s)\n${stale.map((s) => `  ${s}\n`).join('')}` : 'generated/ and README graph: up to date\n');
  // The cli bundle holds the validator (scripts/bundle.ts): make the bundles again, or `./fleetform` runs the old validator until the next build:ts.
  if (!checkOnly && stale.some((s) => s.startsWith('generated/validator/'))) {
    const r = require('node:child_process').spawnSync(process.execPath, [path.join(__dirname, 'bundle.js')], { stdio: 'inherit' });
    if (r.status !== 0) process.exitCode = 1;
  }
}

run().catch((err) => {
  process.stderr.write(`generate failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
