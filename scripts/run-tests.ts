/**
 * Runs every uvu test file under dist/test (compiled from test/) and ends with
 * the plain closing line `N passed, N failed` that CI reads.
 *
 * Usage: node dist/scripts/run-tests.js [pattern]   (pattern filters file paths)
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
const pattern = process.argv[2] ?? '\\.test\\.js$';
const uvu = path.join(root, 'node_modules', 'uvu', 'bin.js');
// uvu colours its report unless told not to (it even sets FORCE_COLOR for the
// tests): colour only when this report goes to a terminal, as the CLI does
// (NO_COLOR off, FORCE_COLOR on; https://no-color.org, https://force-color.org),
// so CI logs carry no escape codes.
const { NO_COLOR, FORCE_COLOR } = process.env;
const colour = !NO_COLOR && (FORCE_COLOR ? FORCE_COLOR !== '0' && FORCE_COLOR !== 'false' : process.stdout.isTTY === true);
const result = spawnSync(process.execPath, [uvu, path.join('dist', 'test'), pattern, ...(colour ? [] : ['--no-color'])], {
  cwd: root,
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
  maxBuffer: 256 * 1024 * 1024,
});
const out = result.stdout ?? '';
process.stdout.write(out);
// uvu prints "Total: N", "Passed: N", "Skipped: N" (with ANSI colour codes);
// its total counts the tests that ran, skipped ones apart.
const plain = out.replace(/\x1b\[[0-9;]*m/g, '');
// The summary is the last one printed: a test that runs a nested suite (the
// team-fleet-edits test) can quote that suite's totals in a failure message.
const lastCount = (label: string): number => Number([...plain.matchAll(new RegExp(`^\\s*${label}:\\s+(\\d+)`, 'gm'))].at(-1)?.[1] ?? 0);
const total = lastCount('Total');
const passed = lastCount('Passed');
const skipped = lastCount('Skipped');
const failed = total - passed;
const code = result.status ?? 1;
if (total === 0 && skipped === 0) {
  process.stdout.write('\nno tests ran\n');
  process.exit(1);
}
// Skipped tests say why in their names and on stderr (e.g. test/helpers/terraform-offline.ts).
process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped (a tool they need is missing; see the reasons above)` : ''}\n`);
process.exit(code !== 0 || failed > 0 ? 1 : 0);
