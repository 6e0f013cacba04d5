/**
 * Review aids: rendering the PR comment for a 2,000-resource plan, cold
 * (`fleetform plan-comment` as the workflow runs it, with and without
 * `--fleet`) and warm (the renderer alone, in this process), plus
 * `fleetform graph` on the seed fleet.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FLEETFORM, coldMedian, fmtMb, fmtMs, median, report } from './common';
import { largePlan } from '../../test/fixtures/plans/large-plan';
import { parsePlan } from '../../compiler/emit/review/plan/parse';
import { renderPlanComment } from '../../compiler/emit/review/plan/render';

export async function bench(baselineMs: number): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-bench-review-'));
  try {
    const file = path.join(dir, 'plan-2000.json');
    const text = JSON.stringify(largePlan(2000));
    fs.writeFileSync(file, text);

    const cold = coldMedian(7, [...FLEETFORM, 'plan-comment', file]);
    report('plan-comment 2,000 resources (median of 7)', cold.medianMs, baselineMs, `peak RSS ${fmtMb(cold.maxRssKb)}  plan ${(text.length / 1024 / 1024).toFixed(1)} MB`);
    const withFleet = coldMedian(7, [...FLEETFORM, 'plan-comment', file, '--fleet', 'spec/fleet.yaml', '--base', 'spec/fleet.yaml']);
    report('plan-comment 2,000 --fleet --base (med. 7)', withFleet.medianMs, baselineMs, `peak RSS ${fmtMb(withFleet.maxRssKb)}`);

    // Warm: parse + render only, what a long-lived caller would pay.
    const times: number[] = [];
    let size = 0;
    for (let i = 0; i < 15; i++) {
      const start = process.hrtime.bigint();
      const parsed = parsePlan(text, file);
      size = Buffer.byteLength(renderPlanComment(parsed.plan!), 'utf8');
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    process.stdout.write(`${'plan-comment 2,000 in-process (med. 15)'.padEnd(44)} ${fmtMs(median(times)).padStart(11)}  comment ${size} bytes (limit 65,536)\n`);

    const graph = coldMedian(7, [...FLEETFORM, 'graph', 'spec/fleet.yaml']);
    report('graph spec/fleet.yaml (median of 7)', graph.medianMs, baselineMs, `peak RSS ${fmtMb(graph.maxRssKb)}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
