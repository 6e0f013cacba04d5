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
import { parse, stringify } from 'yaml';
import { checkSource } from '../../compiler/index';
import { loadSource } from '../../compiler/load/load';
import { ALL_CHECKS } from '../../compiler/validate/checks/index';
import type { FleetSpec } from '../../generated/types/fleet';
import { BASE } from './helpers';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const SEED = 0x5eed_f1ee;
const ITERATIONS = 1500;

function seeds(): { name: string; text: string }[] {
  const out = [{ name: 'seed fixture', text: fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'seed', 'fleet.yaml'), 'utf8') }, { name: 'test base', text: BASE }];
  const examples = path.join(ROOT, 'examples');
  if (fs.existsSync(examples)) {
    for (const dir of fs.readdirSync(examples).sort()) {
      const f = path.join(examples, dir, 'fleet.yaml');
      if (fs.existsSync(f)) out.push({ name: `examples/${dir}/fleet.yaml`, text: fs.readFileSync(f, 'utf8') });
    }
  }
  return out;
}

/** mulberry32: tiny, fast, good enough to shuffle test inputs. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOSTILE: unknown[] = [
  '"; rm -rf / #', "'$(reboot)'", '`id`', '${HOME}', 'line1\nline2', 'a\r\nb', 'nul\u0000byte', 'rtl\u202Eexe.txt', 'zero\u200Bwidth',
  '한국어', '🚀🚀', '../../etc/passwd', '%s%n%x', '<script>', '*', '?', '', ' ', 'NaN', 'Infinity', '-0', '0x1F', '1e309', 'null', '~', 'true',
  'all', 'ssm:/x', 'arn:aws:acm:us-east-1:123456789012:certificate/0123abcd-0123-4567-89ab-0123456789ab', 'x'.repeat(2000),
  Number.MAX_SAFE_INTEGER, -1, 0, 1e308, -1e308, 2 ** 53 + 1, 0.5, 65536, 3.14, true, false, null, [], {}, [1, 2, 3], { a: 1 },
];

type Json = unknown;

/** Every path to a node of a plain JSON-like value. */
function paths(v: Json, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...prefix, i], out));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) paths(x, [...prefix, k], out);
  return out;
}

function get(root: Json, p: (string | number)[]): Json {
  return p.reduce<Json>((cur, seg) => (cur as Record<string | number, Json>)?.[seg], root);
}

function set(root: Json, p: (string | number)[], value: Json): Json {
  if (p.length === 0) return value;
  const parent = get(root, p.slice(0, -1)) as Record<string | number, Json>;
  parent[p[p.length - 1]] = value;
  return root;
}

function remove(root: Json, p: (string | number)[]): void {
  if (p.length === 0) return;
  const parent = get(root, p.slice(0, -1));
  const key = p[p.length - 1];
  if (Array.isArray(parent)) parent.splice(Number(key), 1);
  else delete (parent as Record<string, Json>)[key as string];
}

function nest(depth: number, leaf: Json, rnd: () => number): Json {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = rnd() < 0.5 ? [v] : { k: v };
  return v;
}

/** One structural mutation of the parsed document. */
function mutateDoc(doc: Json, rnd: () => number): Json {
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
  const all = paths(doc);
  const p = pick(all);
  switch (Math.floor(rnd() * 8)) {
    case 0:
      remove(doc, p);
      return doc;
    case 1:
      return set(doc, p, pick(HOSTILE));
    case 2: {
      const q = pick(all);
      const a = structuredClone(get(doc, p));
      const b = structuredClone(get(doc, q));
      // Swapping a node with its own ancestor would nest it in itself; skip those.
      if (q.length > p.length && p.every((s, i) => q[i] === s)) return doc;
      if (p.length > q.length && q.every((s, i) => p[i] === s)) return doc;
      set(doc, p, b);
      return set(doc, q, a);
    }
    case 3: {
      const v = get(doc, p);
      if (Array.isArray(v) && v.length) v.push(structuredClone(pick(v)));
      else if (v && typeof v === 'object') (v as Record<string, Json>)[pick(['name', 'port', 'zones', 'extra', 'hosts', 'routing'])] = pick(HOSTILE);
      return doc;
    }
    case 4:
      return set(doc, p, nest(10 + Math.floor(rnd() * 50), pick(HOSTILE), rnd));
    case 5: {
      const v = get(doc, p);
      return set(doc, p, typeof v === 'number' ? String(v) : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) * 1e12 : Array.isArray(v) ? (v[0] ?? null) : typeof v === 'object' && v ? Object.values(v) : [v]);
    }
    case 6: {
      const v = get(doc, p);
      return set(doc, p, typeof v === 'number' ? pick([v + 1, -v, v * 1e6, 0, 65535, 65536]) : v);
    }
    default: {
      const v = get(doc, p);
      if (typeof v === 'string') return set(doc, p, v + pick(['-', '/0', ':', ' ', '\u202E', '$(x)', v]));
      return doc;
    }
  }
}

/** One textual mutation: truncation, byte flips, insertions, tabs, stray syntax. */
function mutateText(text: string, rnd: () => number): string {
  const at = Math.floor(rnd() * (text.length + 1));
  switch (Math.floor(rnd() * 6)) {
    case 0:
      return text.slice(0, at);
    case 1: {
      const chars = [...text];
      for (let n = 1 + Math.floor(rnd() * 4); n > 0; n--) {
        const i = Math.floor(rnd() * chars.length);
        chars[i] = String.fromCharCode(chars[i]?.charCodeAt(0) ^ (1 << Math.floor(rnd() * 7)) || 32);
      }
      return chars.join('');
    }
    case 2:
      return text.slice(0, at) + ['\t', ': ', '- ', '{', '[', ']', '}', '&a ', '*a', '!!binary ', '? ', '#', '"', "'", '\n  ', '\u0000', '\uFEFF', '|\n'][Math.floor(rnd() * 18)] + text.slice(at);
    case 3: {
      const lines = text.split('\n');
      const i = Math.floor(rnd() * lines.length);
      lines.splice(i, 0, lines[Math.floor(rnd() * lines.length)]);
      return lines.join('\n');
    }
    case 4:
      return text.replace(/\n/g, rnd() < 0.5 ? '\r\n' : '\n\n');
    default: {
      const lines = text.split('\n');
      const i = Math.floor(rnd() * lines.length);
      lines[i] = `${' '.repeat(Math.floor(rnd() * 5))}${lines[i].trimStart()}`;
      return lines.join('\n');
    }
  }
}

function finiteNumbers(v: Json): boolean {
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every(finiteNumbers);
  if (v && typeof v === 'object') return Object.values(v).every(finiteNumbers);
  return true;
}

test(`${ITERATIONS} random mutations of valid fleets never crash`, () => {
  const rnd = prng(SEED);
  const inputs = seeds().map((s) => ({ ...s, doc: parse(s.text) as Json }));
  const started = Date.now();
  let lowered = 0;
  let rejected = 0;
  for (let i = 0; i < ITERATIONS; i++) {
    const seed = inputs[i % inputs.length];
    let text: string;
    if (rnd() < 0.6) {
      let doc = structuredClone(seed.doc);
      for (let n = 1 + Math.floor(rnd() * 3); n > 0; n--) doc = mutateDoc(doc, rnd);
      text = stringify(doc, { aliasDuplicateObjects: false, lineWidth: 0 });
    } else {
      text = seed.text;
      for (let n = 1 + Math.floor(rnd() * 2); n > 0; n--) text = mutateText(text, rnd);
    }
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
  assert.ok(lowered > 50 && rejected > 1000, `mutations reach both outcomes (lowered ${lowered}, rejected ${rejected})`);
  // A generous bound: it catches pathological slowness (a backtracking
  // regex, an exponential walk), not a busy machine.
  assert.ok(seconds < 60, `took ${seconds} s`);
  process.stdout.write(`  property: ${ITERATIONS} mutants in ${seconds.toFixed(1)} s, ${lowered} lowered, ${rejected} rejected\n`);
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

test.run();
