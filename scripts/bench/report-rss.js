// Preloaded (node -r) into benchmarked processes: on exit, append this
// process's peak resident set size (KiB) to the file named by FLEETFORM_BENCH_RSS.
'use strict';
const fs = require('node:fs');
const target = process.env.FLEETFORM_BENCH_RSS;
if (target) {
  process.on('exit', () => {
    fs.appendFileSync(target, `${process.resourceUsage().maxRSS}\n`);
  });
}
