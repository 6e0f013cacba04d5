/**
 * `npm run generate`: rebuilds everything in generated/ from its sources.
 *
 *   generated/types/fleet.ts              TypeScript types of fleet.yaml (json-schema-to-typescript)
 *   generated/validator/fleet-validator.js  the ajv validator, precompiled (standalone code)
 *   generated/fleet/                      `fleetform build spec/fleet.yaml`
 *   generated/examples/<name>/            `fleetform build examples/<name>/fleet.yaml`
 *
 * `--check` renders everything in memory and exits 1 when anything on disk
 * differs (the "generated/ is current" test uses the same functions).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generatedFiles } from './generate/all';
import { listTree } from './generate/builds';

async function run(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..');
  const checkOnly = process.argv.includes('--check');
  const files = await generatedFiles(root);
  const stale: string[] = [];
  for (const f of files) {
    const target = path.join(root, 'generated', f.path);
    const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : null;
    if (current === f.content) continue;
    stale.push(f.path);
    if (checkOnly) continue;
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target + '.tmp', f.content, { mode: f.mode });
    fs.renameSync(target + '.tmp', target);
    fs.chmodSync(target, f.mode);
  }
  // Files in generated/ that nothing produces any more are stale too.
  const wanted = new Set(files.map((f) => f.path));
  const orphans = listTree(path.join(root, 'generated')).filter((p) => !wanted.has(p));
  for (const o of orphans) {
    stale.push(`${o} (no longer generated)`);
    if (!checkOnly) fs.rmSync(path.join(root, 'generated', o));
  }
  if (checkOnly && stale.length) {
    process.stderr.write(`generated/ is stale; run \`npm run generate\`:\n${stale.map((s) => `  ${s}`).join('\n')}\n`);
    process.exitCode = 1;
    return;
  }
  process.stdout.write(stale.length ? `generated/: updated ${stale.length} file(s)\n` : 'generated/: up to date\n');
}


run().catch((err) => {
  process.stderr.write(`generate failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exitCode = 1;
});
