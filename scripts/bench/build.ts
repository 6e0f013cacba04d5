/**
 * `fleetform build` cold-process cost, run exactly as the README gives it:
 * the seed fleet against bare node (target: within 3x), and generated fleets
 * of 1,000 and 5,000 hosts (target: 1,000 hosts under 1.5 s and 400 MB; cost
 * linear in hosts, judged by the per-host cost between the two sizes).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FLEETFORM, coldMedian, fmtMb, fmtMs, report, verdict } from './common';
import { syntheticFleet } from './fleets';

export async function bench(baselineMs: number): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-bench-build-'));
  try {
    const seed = coldMedian(7, [...FLEETFORM, 'build', 'spec/fleet.yaml', '--out', path.join(dir, 'seed')]);
    report(`${FLEETFORM.join(' ')} build (median of 7)`, seed.medianMs, baselineMs, `peak RSS ${fmtMb(seed.maxRssKb)}  target <= 3x: ${verdict(seed.medianMs <= 3 * baselineMs)}`);

    const sizes = [1000, 5000];
    const results: { n: number; ms: number; kb: number }[] = [];
    for (const n of sizes) {
      const file = path.join(dir, `fleet-${n}.yaml`);
      fs.writeFileSync(file, syntheticFleet(n));
      const r = coldMedian(n >= 5000 ? 3 : 5, [...FLEETFORM, 'build', file, '--out', path.join(dir, `out-${n}`)]);
      results.push({ n, ms: r.medianMs, kb: r.maxRssKb });
      report(`build ${n} hosts (median of ${n >= 5000 ? 3 : 5})`, r.medianMs, baselineMs, `peak RSS ${fmtMb(r.maxRssKb)}${n === 1000 ? `  target < 1500 ms, < 400 MB: ${verdict(r.medianMs < 1500 && r.maxRssKb < 400 * 1024)}` : ''}`);
    }
    // Linearity: the marginal cost per host between the sizes against the
    // average cost per host of the smaller one (fixed start-up included in
    // the latter, so a ratio at or below 1 means no super-linear growth).
    const [a, b] = results;
    const marginal = (b.ms - a.ms) / (b.n - a.n);
    const average = (a.ms - seed.medianMs) / a.n;
    process.stdout.write(
      `${'build cost per host'.padEnd(44)} ${fmtMs(marginal).padStart(11)}  marginal ${a.n}->${b.n}, ${fmtMs(average)} average to ${a.n} (above the seed); ratio ${(marginal / average).toFixed(2)}\n` +
        `${'build memory per host'.padEnd(44)} ${`${((b.kb - a.kb) / (b.n - a.n)).toFixed(1)} KB`.padStart(11)}  marginal ${a.n}->${b.n}\n`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
