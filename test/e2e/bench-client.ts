/**
 * The tunnel bench's client, run inside a lab namespace:
 *   node bench-client.js SMALL_URL BIG_URL SMALL_N BIG_N
 * Prints JSON: per-request milliseconds for SMALL_N small requests and BIG_N
 * large responses (bodies read in full), over one keep-alive connection, the
 * way a load balancer reuses its connections to a target.
 */
import * as http from 'node:http';

function get(agent: http.Agent, url: string): Promise<{ ms: number; bytes: number }> {
  const start = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (res) => {
        let bytes = 0;
        res.on('data', (d: Buffer) => (bytes += d.length));
        res.on('end', () => {
          if (res.statusCode !== 200) reject(new Error(`${url}: HTTP ${res.statusCode}`));
          else resolve({ ms: Number(process.hrtime.bigint() - start) / 1e6, bytes });
        });
        res.on('error', reject);
      })
      .on('error', reject)
      .setTimeout(30_000, function (this: http.ClientRequest) {
        this.destroy(new Error(`${url}: timed out`));
      });
  });
}

async function main(): Promise<void> {
  const [small, big, smallN, bigN] = process.argv.slice(2);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  for (let i = 0; i < 20; i++) await get(agent, small); // warm-up: connection, JIT
  const smallMs: number[] = [];
  for (let i = 0; i < Number(smallN); i++) smallMs.push((await get(agent, small)).ms);
  const bigMs: number[] = [];
  let bigBytes = 0;
  await get(agent, big);
  for (let i = 0; i < Number(bigN); i++) {
    const r = await get(agent, big);
    bigMs.push(r.ms);
    bigBytes = r.bytes;
  }
  agent.destroy();
  process.stdout.write(JSON.stringify({ smallMs, bigMs, bigBytes }));
}

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
