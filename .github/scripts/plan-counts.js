#!/usr/bin/env node
// @ts-check
/**
 * `node plan-counts.js PLAN.json`: what a saved plan will do, as
 * `key=value` lines for $GITHUB_OUTPUT: `add`, `change`, `destroy` (a
 * replacement counts as one add and one destroy, as Terraform counts it) and
 * `changes` (`true` when anything would change, outputs included). The apply
 * job runs only when `changes` is true, and its result comment quotes the
 * counts. Tested in test/workflows/scripts.test.ts.
 */
const fs = require('node:fs');

/** @param {any} plan `terraform show -json PLANFILE` */
function planCounts(plan) {
  const counts = { add: 0, change: 0, destroy: 0 };
  for (const rc of plan.resource_changes ?? []) {
    const actions = rc?.change?.actions ?? [];
    if (actions.includes('create')) counts.add++;
    if (actions.includes('delete')) counts.destroy++;
    if (actions.includes('update')) counts.change++;
  }
  const outputs = Object.values(plan.output_changes ?? {}).some((o) => !(o?.actions ?? []).every((/** @type {string} */ a) => a === 'no-op'));
  return { ...counts, changes: counts.add + counts.change + counts.destroy > 0 || outputs };
}

module.exports = { planCounts };

if (require.main === module) {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: node plan-counts.js PLAN.json\n');
    process.exitCode = 2;
  } else {
    const c = planCounts(JSON.parse(fs.readFileSync(file, 'utf8')));
    process.stdout.write(`add=${c.add}\nchange=${c.change}\ndestroy=${c.destroy}\nchanges=${c.changes}\n`);
  }
}
