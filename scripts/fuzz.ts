/**
 * `npm run fuzz`: a long fuzz campaign. Mutants of every repo fleet
 * (scripts/fuzz/mutants.ts) go through check, build, diff, graph and
 * plan-comment (scripts/fuzz/exercise.ts); the campaign reports crashes,
 * hangs and partial writes, and writes each failing input to
 * dist/fuzz-findings/ so it can be replayed.
 *
 *   node dist/scripts/fuzz.js [--mutants N] [--seed S] [--workers W] [--hang-ms MS] [--from I]
 *
 * Defaults: 10,000 mutants, seed 0xf022, 2 workers, a mutant that takes
 * more than 60 s is a hang. Mutant I depends only on (seed, I): replay one
 * with `--from I --mutants 1 --workers 1`.
 *
 * Each worker is a child process watched by this one: a worker that
 * reports no progress within the hang limit is killed, the mutant recorded
 * as a hang, and a new worker resumes after it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { exercise } from './fuzz/exercise';
import { mutant, parsedSeeds, prng, seedFleets } from './fuzz/mutants';

const ROOT = path.resolve(__dirname, '..', '..');
const FINDINGS = path.join(ROOT, 'dist', 'fuzz-findings');
const PLAN = path.join(ROOT, 'test', 'fixtures', 'plans', 'terraform-1.11-real.json');

interface Options {
  mutants: number;
  seed: number;
  workers: number;
  hangMs: number;
  from: number;
}

function options(argv: string[]): Options & { worker: boolean } {
  const get = (name: string, dflt: number): number => {
    const i = argv.indexOf(`--${name}`);
    if (i < 0) return dflt;
    const v = Number(argv[i + 1]);
    if (!Number.isInteger(v) || v < 0) throw new Error(`--${name} needs a whole number, got ${argv[i + 1]}`);
    return v;
  };
  return {
    mutants: get('mutants', Number(process.env.FLEETFORM_FUZZ_MUTANTS ?? 10000)),
    seed: get('seed', 0xf022),
    workers: Math.max(1, get('workers', 2)),
    hangMs: get('hang-ms', 60000),
    from: get('from', 0),
    worker: argv.includes('--worker'),
  };
}

/** The text of mutant `i` and the seed it came from: a function of (seed, i) only. */
export function mutantAt(seed: number, i: number, seeds = parsedSeeds(seedFleets(ROOT))): { text: string; seed: string; seedText: string } {
  const s = seeds[i % seeds.length];
  const rnd = prng((seed ^ Math.imul(i + 1, 0x9e3779b1)) >>> 0);
  return { text: mutant(s, rnd), seed: s.name, seedText: s.text };
}

type Message = { type: 'start'; i: number } | { type: 'done'; i: number; built: boolean; commands: number; crashes: string[]; partialWrites: string[] };

/** Worker: mutants from..to-1 (stride), reporting before and after each. */
async function worker(o: Options, stride: number): Promise<void> {
  const seeds = parsedSeeds(seedFleets(ROOT));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ff-fuzz-${process.pid}-`));
  try {
    for (let i = o.from; i < o.mutants; i += stride) {
      process.send!({ type: 'start', i } satisfies Message);
      const m = mutantAt(o.seed, i, seeds);
      const r = await exercise(m.text, m.seedText, { dir, plan: PLAN }, { index: i });
      process.send!({ type: 'done', i, built: r.built, commands: r.commands, crashes: r.crashes, partialWrites: r.partialWrites } satisfies Message);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

interface Tally {
  done: number;
  built: number;
  commands: number;
  crashes: number;
  hangs: number;
  partialWrites: number;
}

function record(kind: string, i: number, o: Options, detail: string): void {
  fs.mkdirSync(FINDINGS, { recursive: true });
  const m = mutantAt(o.seed, i);
  const base = path.join(FINDINGS, `${kind}-${o.seed}-${i}`);
  fs.writeFileSync(`${base}.yaml`, m.text);
  fs.writeFileSync(`${base}.txt`, `${kind} on mutant ${i} (seed ${o.seed}, from ${m.seed})\nreplay: node dist/scripts/fuzz.js --seed ${o.seed} --from ${i} --mutants ${i + 1} --workers 1\n\n${detail}\n`);
  process.stdout.write(`  ${kind}: mutant ${i} (from ${m.seed}) -> ${base}.yaml\n`);
}

/** Run workers for residues r (mod stride), restarting after a hang. */
function supervise(o: Options, stride: number, residue: number, tally: Tally): Promise<void> {
  return new Promise((resolve) => {
    let from = o.from + ((residue - (o.from % stride) + stride) % stride);
    const start = (): void => {
      if (from >= o.mutants) return resolve();
      const child: ChildProcess = fork(__filename, ['--worker', '--from', String(from), '--mutants', String(o.mutants), '--seed', String(o.seed), '--stride', String(stride)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      let current = from;
      let timer: NodeJS.Timeout | null = null;
      const arm = (): void => {
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => {
          tally.hangs += 1;
          record('hang', current, o, `no progress within ${o.hangMs} ms`);
          child.kill('SIGKILL');
        }, o.hangMs);
      };
      let hung = false;
      child.on('message', (msg: Message) => {
        if (msg.type === 'start') {
          current = msg.i;
          arm();
          return;
        }
        tally.done += 1;
        if (msg.built) tally.built += 1;
        tally.commands += msg.commands;
        for (const c of msg.crashes) (tally.crashes += 1), record('crash', msg.i, o, c);
        for (const p of msg.partialWrites) (tally.partialWrites += 1), record('partial-write', msg.i, o, p);
        if (tally.done % 500 === 0) process.stdout.write(`  ${tally.done} mutants, ${tally.built} built, ${tally.crashes} crashes, ${tally.hangs} hangs, ${tally.partialWrites} partial writes\n`);
      });
      child.on('exit', (code, signal) => {
        if (timer) clearTimeout(timer);
        hung = signal === 'SIGKILL';
        if (!hung && code !== 0) {
          tally.crashes += 1;
          record('crash', current, o, `worker exited ${code ?? signal}`);
        }
        // Resume after the mutant that hung or killed the worker; a clean exit means the range is done.
        if (hung || code !== 0) {
          from = current + stride;
          start();
        } else resolve();
      });
    };
    start();
  });
}

async function run(): Promise<void> {
  const argv = process.argv.slice(2);
  const o = options(argv);
  if (o.worker) {
    const i = argv.indexOf('--stride');
    return worker(o, i >= 0 ? Number(argv[i + 1]) : 1);
  }
  const started = Date.now();
  const tally: Tally = { done: 0, built: 0, commands: 0, crashes: 0, hangs: 0, partialWrites: 0 };
  process.stdout.write(`fuzz: mutants ${o.from}..${o.mutants - 1} (seed ${o.seed}), ${o.workers} workers, hang limit ${o.hangMs} ms\n`);
  await Promise.all(Array.from({ length: o.workers }, (_, r) => supervise(o, o.workers, r, tally)));
  const s = ((Date.now() - started) / 1000).toFixed(0);
  process.stdout.write(
    `fuzz: ${tally.done} mutants in ${s} s: ${tally.built} built, ${tally.commands} command runs (build with its check, diff, graph, plan-comment); ` +
      `${tally.crashes} crashes, ${tally.hangs} hangs, ${tally.partialWrites} partial writes\n`,
  );
  if (tally.crashes + tally.hangs + tally.partialWrites > 0) process.exitCode = 1;
}

if (require.main === module) {
  run().catch((err) => {
    process.stderr.write(`fuzz failed: ${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = 2;
  });
}
