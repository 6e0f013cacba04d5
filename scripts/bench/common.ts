/**
 * Helpers shared by the benchmark sections: cold-process timing with peak RSS,
 * medians and ratios. Every figure is measured in the same run as its baseline
 * (bare `node -e ''`), because absolute times differ from machine to machine.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
const RSS_PRELOAD = path.join(ROOT, 'scripts', 'bench', 'report-rss.js');

export interface RunResult {
  wallMs: number;
  /** Peak resident set size of the node process, KiB. */
  maxRssKb: number;
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Run `argv` (a program and its arguments) as a fresh process and measure
 * wall time and peak RSS. The RSS reporter is preloaded through NODE_OPTIONS,
 * so it reaches the node process however it is started (`./fleetform`, `node`).
 */
export function coldRun(argv: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): RunResult {
  const rssFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ff-bench-')), 'rss');
  const start = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv.slice(1), {
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, ...opts.env, NODE_OPTIONS: `--require ${RSS_PRELOAD}`, FLEETFORM_BENCH_RSS: rssFile },
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  let maxRssKb = 0;
  try {
    maxRssKb = Math.max(...fs.readFileSync(rssFile, 'utf8').trim().split('\n').map(Number));
  } catch {
    /* the process died before exit handlers ran; RSS unknown */
  }
  fs.rmSync(path.dirname(rssFile), { recursive: true, force: true });
  return { wallMs, maxRssKb, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Run `n` cold processes; return the median wall time and the largest peak RSS. */
export function coldMedian(n: number, args: string[], opts: { cwd?: string; env?: Record<string, string>; expectStatus?: number } = {}): { medianMs: number; maxRssKb: number } {
  const times: number[] = [];
  let rss = 0;
  for (let i = 0; i < n; i++) {
    const r = coldRun(args, opts);
    const want = opts.expectStatus ?? 0;
    if (r.status !== want) throw new Error(`bench: ${args.join(' ')} exited ${r.status}, expected ${want}\n${r.stderr}`);
    times.push(r.wallMs);
    rss = Math.max(rss, r.maxRssKb);
  }
  return { medianMs: median(times), maxRssKb: rss };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The baseline every ratio is taken against: bare node start-up, measured now. */
export function bareNode(n = 11): { medianMs: number; maxRssKb: number } {
  return coldMedian(n, [process.execPath, '-e', '']);
}

export function fmtMs(ms: number): string {
  return `${ms.toFixed(1)} ms`;
}

export function fmtMb(kb: number): string {
  return `${(kb / 1024).toFixed(1)} MB`;
}

/** One result line: `name  value  (ratio x bare node)`. */
export function report(name: string, ms: number, baselineMs: number, extra = ''): void {
  process.stdout.write(`${name.padEnd(44)} ${fmtMs(ms).padStart(11)}  ${(ms / baselineMs).toFixed(2).padStart(6)}x bare node${extra ? `  ${extra}` : ''}\n`);
}

/**
 * The command exactly as the README's quick start gives it (`npm ci && <it>
 * build`), so the bench measures what a user types, not a faster form: a
 * README that went back to `npx fleetform` would show up here at once.
 */
export function readmeCommand(root = ROOT): string[] {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const m = /^npm ci && (.+?) build\b/m.exec(readme);
  if (!m) throw new Error('bench: README.md has no `npm ci && <fleetform> build` line to take the command from');
  return m[1].trim().split(/\s+/);
}

/** The fleetform command in the README's form, e.g. ['./fleetform']. */
export const FLEETFORM = readmeCommand();

/** Pass/fail against a target, for the report lines. */
export function verdict(ok: boolean): string {
  return ok ? 'ok' : 'MISSED';
}
