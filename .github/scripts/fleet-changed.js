#!/usr/bin/env node
// @ts-check
/**
 * `node fleet-changed.js BASE HEAD`: does this change touch the fleet? Prints
 * `fleet=true` or `fleet=false` (for $GITHUB_OUTPUT) and one line saying why
 * on stderr. Run by the `changes` job of plan.yml and apply.yml, in place of
 * `paths:` filters: a workflow skipped by its filter never reports, so a
 * required check would wait forever; this job always runs and reports.
 * Tested in test/workflows/scripts.test.ts.
 *
 * The fleet is touched when a changed file is the fleet file ($FLEET_FILE),
 * is under its build output ($FLEET_DIR), or is one of the paths below: what
 * decides the Terraform Fleetform writes (its sources, when this is
 * Fleetform's own repository; the installed version, package*.json, in a
 * team's repository) and the workflows themselves. Paths that do not exist
 * in a repository simply never match.
 */
const { spawnSync } = require('node:child_process');

const ALWAYS = ['spec/', 'compiler/', 'modules/', 'generated/', 'examples/', 'scripts/', '.github/', 'package.json', 'package-lock.json', 'tsconfig.json'];
const NO_COMMIT = /^0+$/;

/**
 * @param {string[]} files changed paths, relative to the repository root
 * @param {{ fleetFile: string, fleetDir: string }} settings
 * @returns {{ touched: boolean, why: string }}
 */
function fleetTouched(files, { fleetFile, fleetDir }) {
  const clean = (/** @type {string} */ p) => p.replace(/^\.\//, '').replace(/\/+$/, '');
  const dir = `${clean(fleetDir)}/`;
  const file = clean(fleetFile);
  const hit = files.find((f) => f === file || f.startsWith(dir) || ALWAYS.some((p) => (p.endsWith('/') ? f.startsWith(p) : f === p)));
  return hit ? { touched: true, why: `${hit} changed` } : { touched: false, why: `none of the ${files.length} changed file(s) affects the fleet` };
}

/** @returns {string[] | null} the files changed between two commits, or null when that cannot be told */
function changedFiles(base, head, cwd = process.cwd()) {
  if (!base || NO_COMMIT.test(base)) return null;
  const r = spawnSync('git', ['diff', '--name-only', '-z', base, head], { cwd, encoding: 'utf8' });
  if (r.status !== 0) return null;
  return r.stdout.split('\0').filter(Boolean);
}

module.exports = { fleetTouched, changedFiles, ALWAYS };

if (require.main === module) {
  const [base, head] = process.argv.slice(2);
  if (!head) {
    process.stderr.write('usage: node fleet-changed.js BASE HEAD   (FLEET_FILE and FLEET_DIR from the environment)\n');
    process.exitCode = 2;
  } else {
    const files = changedFiles(base, head);
    // Without a base to compare with (a new branch, a manual run, history not fetched), plan: never skip silently.
    const r = files === null ? { touched: true, why: `no base commit to compare ${head} with; planning anyway` } : fleetTouched(files, { fleetFile: process.env.FLEET_FILE || 'spec/fleet.yaml', fleetDir: process.env.FLEET_DIR || 'generated/fleet' });
    process.stdout.write(`fleet=${r.touched}\n`);
    process.stderr.write(`fleet ${r.touched ? 'touched' : 'untouched'}: ${r.why}\n`);
  }
}
