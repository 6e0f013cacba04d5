/**
 * `fleetform check` cold-process cost, run exactly as the README gives it:
 * the seed fleet against bare node (target: within 1.5x), and generated
 * fleets of 1,000 and 5,000 hosts (target for 1,000: under 1 s).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FLEETFORM, coldMedian, fmtMb, report, verdict } from './common';
import { syntheticFleet } from './fleets';

export async function bench(baselineMs: number): Promise<void> {
  const seed = coldMedian(11, [...FLEETFORM, 'check', 'spec/fleet.yaml']);
  report(`${FLEETFORM.join(' ')} check (median of 11)`, seed.medianMs, baselineMs, `peak RSS ${fmtMb(seed.maxRssKb)}  target <= 1.5x: ${verdict(seed.medianMs <= 1.5 * baselineMs)}`);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-bench-check-'));
  try {
    for (const n of [1000, 5000]) {
      const file = path.join(dir, `fleet-${n}.yaml`);
      fs.writeFileSync(file, syntheticFleet(n));
      const r = coldMedian(5, [...FLEETFORM, 'check', file]);
      report(`check ${n} hosts (median of 5)`, r.medianMs, baselineMs, `peak RSS ${fmtMb(r.maxRssKb)}${n === 1000 ? `  target < 1000 ms: ${verdict(r.medianMs < 1000)}` : ''}`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
