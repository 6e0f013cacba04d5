/**
 * `fleetform check` on inputs built to be slow (scripts/bench/hostile-inputs.ts,
 * about 1 MB each), cold process, median of 3. Target: every one under 2 s.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FLEETFORM, coldMedian, fmtMb, report, verdict } from './common';
import { HOSTILE_INPUTS } from './hostile-inputs';

export async function bench(baselineMs: number): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ff-bench-hostile-${process.pid}-`));
  try {
    for (const [name, make] of Object.entries(HOSTILE_INPUTS)) {
      const file = path.join(dir, 'fleet.yaml');
      const text = make();
      fs.writeFileSync(file, text);
      // Exit 0 (a valid fleet) or 1 (diagnostics); never a hang or a crash.
      const valid = name.endsWith('(valid)');
      const r = coldMedian(3, [...FLEETFORM, 'check', file], { expectStatus: valid ? 0 : 1 });
      report(`check ${name} (${(Buffer.byteLength(text) / 1e6).toFixed(2)} MB, median of 3)`, r.medianMs, baselineMs, `peak RSS ${fmtMb(r.maxRssKb)}  target < 2000 ms: ${verdict(r.medianMs < 2000)}`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
