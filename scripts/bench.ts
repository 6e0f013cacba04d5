/**
 * `npm run bench`: cold-process figures for every stage, each as a ratio to
 * bare `node -e ''` measured in the same run. Sections live in scripts/bench/.
 * Usage: node dist/scripts/bench.js [section ...]   (default: all)
 */
import { bareNode, fmtMs } from './bench/common';

/** Each section exports `bench(baselineMs)`, the bare-node median of this run. */
const SECTIONS: Record<string, (baselineMs: number) => Promise<void>> = {
  check: (b) => require('./bench/check').bench(b),
  build: (b) => require('./bench/build').bench(b),
  tunnel: (b) => require('./bench/tunnel').bench(b),
  review: (b) => require('./bench/review').bench(b),
  hostile: (b) => require('./bench/hostile').bench(b),
};

async function run(): Promise<void> {
  const wanted = process.argv.slice(2);
  const names = wanted.length ? wanted : Object.keys(SECTIONS);
  const base = bareNode();
  process.stdout.write(`baseline: node -e '' median ${fmtMs(base.medianMs)} (11 runs)\n`);
  for (const name of names) {
    const section = SECTIONS[name];
    if (!section) throw new Error(`unknown bench section '${name}'; known: ${Object.keys(SECTIONS).join(', ')}`);
    process.stdout.write(`\n== ${name}\n`);
    await section(base.medianMs);
  }
}

run().catch((err) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
