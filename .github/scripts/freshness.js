#!/usr/bin/env node
// @ts-check
/**
 * `node freshness.js`: runs the refresh command ($REFRESH_COMMAND: in
 * Fleetform's repository `npm run generate`, in a team's own repository
 * `npx fleetform build FLEET --out DIR`), then fails if that changed any file
 * of the checkout: the committed derived files (build output, README graph)
 * were stale. The failure names the command to run. Tested in
 * test/workflows/scripts.test.ts.
 */
const { spawnSync } = require('node:child_process');

/**
 * @param {string} command the refresh command, run by bash
 * @param {string} cwd the checkout
 * @returns {{ ok: boolean, report: string }}
 */
function checkFreshness(command, cwd = process.cwd()) {
  const refresh = spawnSync('bash', ['-c', command], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (refresh.status !== 0) {
    return { ok: false, report: `::error title=Refresh failed::'${command}' exited ${refresh.status ?? refresh.signal}\n${refresh.stdout}${refresh.stderr}` };
  }
  const status = spawnSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd, encoding: 'utf8' });
  if (status.status !== 0) return { ok: false, report: `::error title=git status failed::${status.stderr}` };
  const changed = status.stdout.split('\n').filter(Boolean);
  if (!changed.length) return { ok: true, report: `Derived files are current ('${command}' changes nothing).\n` };
  return {
    ok: false,
    report: `::error title=Derived files are stale::Run '${command}' and commit the result (${changed.length} file(s) differ).\n${changed.map((l) => `  ${l}`).join('\n')}\n`,
  };
}

module.exports = { checkFreshness };

if (require.main === module) {
  const command = process.env.REFRESH_COMMAND || 'npm run generate';
  const r = checkFreshness(command);
  process.stdout.write(r.report);
  process.exitCode = r.ok ? 0 : 1;
}
