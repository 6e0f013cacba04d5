/**
 * `npm run bench tunnel`: what the generated forward tunnel costs. A lab (the
 * end-to-end tests' namespaces) runs the model server on the box, sshd there,
 * and the proxy's generated unit; the same client then measures, in the same
 * run,
 *   direct:  inside the box, straight to the model server on loopback;
 *   tunnel:  from the load balancer's namespace, to the proxy's service port,
 *            through ssh -L to the same model server;
 * the median latency of a small request and the throughput of a 10 MB
 * response, and prints tunnel/direct ratios. Direct and tunnel alternate over
 * ROUNDS rounds and the ratio is the median of the per-round ratios, so load
 * from other processes that drifts during the run hits both sides alike.
 * Needs root (namespaces, sshd).
 */
import * as path from 'node:path';
import { fmtMs, median, ROOT } from './common';

const ROUNDS = 5;
const SMALL_N = 200;
const BIG_N = 5;
const BIG_BYTES = 10_000_000;

export async function bench(baselineMs: number): Promise<void> {
  // Loaded here so other sections never pay for them.
  const { Lab } = require(path.join(ROOT, 'dist', 'test', 'e2e', 'lab')) as typeof import('../../test/e2e/lab');
  const { forwardTunnel } = require(path.join(ROOT, 'dist', 'test', 'e2e', 'scenarios')) as typeof import('../../test/e2e/scenarios');
  const client = path.join(ROOT, 'dist', 'test', 'e2e', 'bench-client.js');
  const lab = Lab.create();
  try {
    const t = await forwardTunnel(lab);
    const measure = async (role: 'box' | 'alb', url: (p: string) => string) => {
      const r = await lab.run(role, [process.execPath, client, url('/health'), url(`/bytes/${BIG_BYTES}`), String(SMALL_N), String(BIG_N)], 300_000);
      if (r.status !== 0) throw new Error(`bench client (${role}) failed: ${r.stderr}\n${t.log()}`);
      const out = JSON.parse(r.stdout) as { smallMs: number[]; bigMs: number[]; bigBytes: number };
      if (out.bigBytes !== BIG_BYTES) throw new Error(`expected ${BIG_BYTES} bytes, got ${out.bigBytes}`);
      return { latencyMs: median(out.smallMs), mbPerS: BIG_BYTES / 1e6 / (median(out.bigMs) / 1000) };
    };
    const rounds: { direct: Awaited<ReturnType<typeof measure>>; tunnel: Awaited<ReturnType<typeof measure>> }[] = [];
    for (let i = 0; i < ROUNDS; i++) rounds.push({ direct: await measure('box', t.directUrl), tunnel: await measure('alb', t.url) });
    const med = (f: (r: (typeof rounds)[number]) => number) => median(rounds.map(f));
    const where = lab.netns ? 'network namespaces' : 'loopback';
    const line = (name: string, value: string, ratio: string) => process.stdout.write(`${name.padEnd(44)} ${value.padStart(13)}  ${ratio}\n`);
    process.stdout.write(`forward tunnel (generated unit, OpenSSH) in ${where}; ${ROUNDS} alternating rounds of ${SMALL_N} small requests and ${BIG_N} x 10 MB, keep-alive; bare node ${fmtMs(baselineMs)}\n`);
    line('small request, direct loopback (median)', fmtMs(med((r) => r.direct.latencyMs)), '');
    line('small request, through the tunnel (median)', fmtMs(med((r) => r.tunnel.latencyMs)), `${med((r) => r.tunnel.latencyMs / r.direct.latencyMs).toFixed(2)}x direct latency`);
    line('10 MB response, direct loopback', `${med((r) => r.direct.mbPerS).toFixed(0)} MB/s`, '');
    line('10 MB response, through the tunnel', `${med((r) => r.tunnel.mbPerS).toFixed(0)} MB/s`, `${med((r) => r.tunnel.mbPerS / r.direct.mbPerS).toFixed(2)}x direct throughput`);
  } finally {
    lab.close();
  }
}
