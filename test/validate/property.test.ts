/**
 * Property: whatever happens to a valid fleet file, `checkSource` never
 * throws. It returns a fleet (and then no errors) or at least one error,
 * and every diagnostic points at a real line and column of the text. A
 * mutant that still lowers yields a model that serializes to JSON.
 *
 * Deterministic: a seeded PRNG drives every choice, so a failure names its
 * seed and iteration and replays exactly.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkSource } from '../../compiler/index';
import { loadSource } from '../../compiler/load/load';
import { ALL_CHECKS } from '../../compiler/validate/checks/index';
import type { FleetSpec } from '../../generated/types/fleet';
import { BASE } from './helpers';
import { mutant, parsedSeeds, paths, prng, seedFleets, set, type Json } from '../../scripts/fuzz/mutants';
import { mutantAt } from '../../scripts/fuzz';
import { exercise } from '../../scripts/fuzz/exercise';
import * as os from 'node:os';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const SEED = 0x5eed_f1ee;
const ITERATIONS = 1500;

function seeds(): { name: string; text: string }[] {
  const [seed, ...examples] = seedFleets(ROOT);
  return [seed, { name: 'test base', text: BASE }, ...examples];
}

function finiteNumbers(v: Json): boolean {
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every(finiteNumbers);
  if (v && typeof v === 'object') return Object.values(v).every(finiteNumbers);
  return true;
}

test(`${ITERATIONS} random mutations of valid fleets never crash`, () => {
  const rnd = prng(SEED);
  const inputs = parsedSeeds(seeds());
  const started = Date.now();
  const cpuBefore = process.cpuUsage();
  let lowered = 0;
  let rejected = 0;
  for (let i = 0; i < ITERATIONS; i++) {
    const seed = inputs[i % inputs.length];
    const text = mutant(seed, rnd);
    const where = `iteration ${i} (seed ${SEED}, from ${seed.name})`;
    let result: ReturnType<typeof checkSource>;
    try {
      result = checkSource(text, 'mutant.yaml');
    } catch (err) {
      fs.writeFileSync(path.join(ROOT, 'dist', 'property-failure.yaml'), text);
      throw new Error(`${where}: checkSource threw ${(err as Error).stack}\n(input written to dist/property-failure.yaml)`);
    }
    const problems: string[] = [];
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    if ((result.fleet === null) !== (errors.length > 0)) problems.push('a fleet must come exactly when there are no errors');
    const lines = text.split('\n');
    for (const d of result.diagnostics) {
      const { line, col } = d.span.start;
      if (!(Number.isInteger(line) && line >= 1 && line <= lines.length)) problems.push(`${d.code} at line ${line} of ${lines.length}`);
      else if (!(Number.isInteger(col) && col >= 1 && col <= lines[line - 1].length + 1)) problems.push(`${d.code} at ${line}:${col}, but the line has ${lines[line - 1].length} characters`);
      if (!d.message || !d.hint) problems.push(`${d.code} lacks a message or a hint`);
    }
    if (problems.length) {
      fs.writeFileSync(path.join(ROOT, 'dist', 'property-failure.yaml'), text);
      assert.unreachable(`${where}: ${problems.join('; ')} (input written to dist/property-failure.yaml)`);
    }
    if (result.fleet) {
      lowered++;
      const json = JSON.stringify(result.fleet);
      assert.ok(finiteNumbers(result.fleet), `${where}: the model holds only finite numbers`);
      assert.type(JSON.parse(json), 'object');
    } else rejected++;
  }
  const seconds = (Date.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  assert.ok(lowered > 50 && rejected > 1000, `mutations reach both outcomes (lowered ${lowered}, rejected ${rejected})`);
  // A generous bound on CPU time (wall time depends on what else the
  // machine runs): it catches pathological slowness (a backtracking regex,
  // an exponential walk), not a busy machine.
  assert.ok(cpuSeconds < 60, `took ${cpuSeconds} s of CPU`);
  process.stdout.write(`  property: ${ITERATIONS} mutants in ${seconds.toFixed(1)} s (${cpuSeconds.toFixed(1)} s CPU), ${lowered} lowered, ${rejected} rejected\n`);
});

/**
 * Stronger than the runner needs: no check throws even on documents the
 * schema rejects. The runner would drop such a throw, but with it every
 * other finding of that check, so a throw is a lost diagnostic.
 */
test('no check throws on documents with values of the wrong shape anywhere', () => {
  const rnd = prng(SEED ^ 0xc4ec);
  const loaded = seeds().map((s) => loadSource(s.text, s.name));
  const odd: Json[] = [null, 1, -1, 1.5, 'x', '', 'all', true, [], {}, [null], [1], ['x'], [{}], { a: null }];
  for (let i = 0; i < 3000; i++) {
    const { doc, sourceMap } = loaded[i % loaded.length];
    const mutant = structuredClone(doc) as Json;
    for (let n = 1 + Math.floor(rnd() * 3); n > 0; n--) {
      const all = paths(mutant).filter((p) => p.length > 0);
      if (all.length) set(mutant, all[Math.floor(rnd() * all.length)], structuredClone(odd[Math.floor(rnd() * odd.length)]));
    }
    for (const check of ALL_CHECKS) {
      try {
        check.run({ spec: mutant as FleetSpec, sourceMap, report: () => undefined });
      } catch (err) {
        assert.unreachable(`iteration ${i}: ${check.name} threw ${(err as Error).message} on ${JSON.stringify(mutant).slice(0, 400)}`);
      }
    }
  }
});

/**
 * The fuzz campaign's mutants (`npm run fuzz` runs 10,000 or more) through
 * every command, bounded for the suite: the first mutants that check (so
 * they build) and as many that do not, each through build (into a folder
 * holding the previous build), diff, graph and plan-comment. No crash, no
 * partial write; hangs would stop the suite.
 */
test('fuzz mutants through build, diff, graph and plan-comment: no crash, no partial write', async () => {
  const SEED = 0xf022;
  const seedsParsed = parsedSeeds(seedFleets(ROOT));
  const valid: number[] = [];
  const rejected: number[] = [];
  for (let i = 0; i < 2000 && (valid.length < 12 || rejected.length < 12); i++) {
    const m = mutantAt(SEED, i, seedsParsed);
    const ok = checkSource(m.text, 'mutant.yaml').fleet !== null;
    if (ok && valid.length < 12) valid.push(i);
    if (!ok && rejected.length < 12) rejected.push(i);
  }
  assert.is(valid.length, 12, 'enough mutants check');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ff-property-${process.pid}-`));
  let built = 0;
  let commands = 0;
  try {
    for (const i of [...valid, ...rejected]) {
      const m = mutantAt(SEED, i, seedsParsed);
      // index 0: the review commands run on rejected mutants too.
      const r = await exercise(m.text, m.seedText, { dir, plan: path.join(ROOT, 'test', 'fixtures', 'plans', 'terraform-1.11-real.json') }, { index: 0 });
      assert.equal([...r.crashes, ...r.partialWrites], [], `mutant ${i} (seed ${SEED}, from ${m.seed}); replay: node dist/scripts/fuzz.js --seed ${SEED} --from ${i} --mutants ${i + 1} --workers 1`);
      if (r.built) built += 1;
      commands += r.commands;
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  assert.ok(built >= 12, `${built} built`);
  process.stdout.write(`  fuzz in the suite: ${valid.length + rejected.length} mutants, ${built} built, ${commands} command runs\n`);
});

test.run();
