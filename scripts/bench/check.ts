/**
 * `fleetform check` cold-process cost: the seed fleet against bare node
 * (target: within 3x), and a generated 1,000-host fleet (target: under 1 s).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CLI, coldMedian, fmtMb, report } from './common';
import { syntheticFleet } from './fleets';

export async function bench(baselineMs: number): Promise<void> {
  const seed = coldMedian(11, [CLI, 'check', 'spec/fleet.yaml']);
  report('check spec/fleet.yaml (median of 11)', seed.medianMs, baselineMs, `peak RSS ${fmtMb(seed.maxRssKb)}  target <= 3x`);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-bench-check-'));
  try {
    for (const n of [1000, 5000]) {
      const file = path.join(dir, `fleet-${n}.yaml`);
      fs.writeFileSync(file, syntheticFleet(n));
      const r = coldMedian(5, [CLI, 'check', file]);
      report(`check ${n} hosts (median of 5)`, r.medianMs, baselineMs, `peak RSS ${fmtMb(r.maxRssKb)}${n === 1000 ? '  target < 1000 ms' : ''}`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
