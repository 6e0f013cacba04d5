/**
 * The mutation engine shared by the property test (test/validate/property.test.ts)
 * and the fuzz campaign (`npm run fuzz`): a seeded PRNG, structural
 * mutations of a parsed fleet and textual mutations of its YAML.
 * Deterministic: the same seed gives the same mutants.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';

/**
 * The valid fleets mutants start from: the tests' copy of the seed scenario
 * (never the team's spec/fleet.yaml), the examples, and any extra texts.
 */
export function seedFleets(root: string, extra: { name: string; text: string }[] = []): { name: string; text: string }[] {
  const out = [{ name: 'seed fixture', text: fs.readFileSync(path.join(root, 'test', 'fixtures', 'seed', 'fleet.yaml'), 'utf8') }, ...extra];
  const examples = path.join(root, 'examples');
  if (fs.existsSync(examples)) {
    for (const dir of fs.readdirSync(examples).sort()) {
      const f = path.join(examples, dir, 'fleet.yaml');
      if (fs.existsSync(f)) out.push({ name: `examples/${dir}/fleet.yaml`, text: fs.readFileSync(f, 'utf8') });
    }
  }
  return out;
}

/** The i-th mutant's text: structural mutations (60%) or textual ones. */
export function mutant(seed: { text: string; doc: Json }, rnd: () => number): string {
  if (rnd() < 0.6) {
    let doc = structuredClone(seed.doc);
    for (let n = 1 + Math.floor(rnd() * 3); n > 0; n--) doc = mutateDoc(doc, rnd);
    return stringify(doc, { aliasDuplicateObjects: false, lineWidth: 0 });
  }
  let text = seed.text;
  for (let n = 1 + Math.floor(rnd() * 2); n > 0; n--) text = mutateText(text, rnd);
  return text;
}

/** Seeds parsed once. */
export function parsedSeeds(seeds: { name: string; text: string }[]): { name: string; text: string; doc: Json }[] {
  return seeds.map((s) => ({ ...s, doc: parse(s.text) as Json }));
}

/** mulberry32: tiny, fast, good enough to shuffle test inputs. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const HOSTILE: unknown[] = [
  '"; rm -rf / #', "'$(reboot)'", '`id`', '${HOME}', 'line1\nline2', 'a\r\nb', 'nul\u0000byte', 'rtl\u202Eexe.txt', 'zero\u200Bwidth',
  '한국어', '🚀🚀', '../../etc/passwd', '%s%n%x', '<script>', '*', '?', '', ' ', 'NaN', 'Infinity', '-0', '0x1F', '1e309', 'null', '~', 'true',
  'all', 'ssm:/x', 'arn:aws:acm:us-east-1:123456789012:certificate/0123abcd-0123-4567-89ab-0123456789ab', 'x'.repeat(2000),
  Number.MAX_SAFE_INTEGER, -1, 0, 1e308, -1e308, 2 ** 53 + 1, 0.5, 65536, 3.14, true, false, null, [], {}, [1, 2, 3], { a: 1 },
];

export type Json = unknown;

/** Every path to a node of a plain JSON-like value. */
export function paths(v: Json, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...prefix, i], out));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) paths(x, [...prefix, k], out);
  return out;
}

export function get(root: Json, p: (string | number)[]): Json {
  return p.reduce<Json>((cur, seg) => (cur as Record<string | number, Json>)?.[seg], root);
}

export function set(root: Json, p: (string | number)[], value: Json): Json {
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
export function mutateDoc(doc: Json, rnd: () => number): Json {
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
export function mutateText(text: string, rnd: () => number): string {
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

