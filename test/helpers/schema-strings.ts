/**
 * Every place the fleet schema admits a string, as a path template, and a
 * way to put a value there in a fleet document. Used by the hostile-string
 * test and the fuzz campaign, so both follow the schema rather than a list
 * of fields someone remembered.
 *
 * Template segments: a property name, `[]` (an array element: the first),
 * `*` (a map value: the first entry) and `<key>` (a new key of a map: last
 * segment only).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PACKAGE_ROOT } from '../../compiler/paths';

type Node = Record<string, unknown>;

export interface StringField {
  /** e.g. `load_balancer.access_logs.prefix`, `tags.<key>`, `pools[].container.env.*`. */
  name: string;
  segments: string[];
  /** How the schema constrains it. */
  kind: 'free' | 'pattern' | 'format' | 'key';
}

export function loadSchema(): Node {
  return JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'spec', 'fleet.schema.json'), 'utf8')) as Node;
}

/** Every string-typed field of the schema (enums excluded: they admit no free text). */
export function stringFields(schema: Node = loadSchema()): StringField[] {
  const defs = (schema.definitions ?? schema.$defs ?? {}) as Record<string, Node>;
  const deref = (n: Node): Node => {
    for (let i = 0; i < 32 && typeof n.$ref === 'string'; i++) n = defs[(n.$ref as string).split('/').pop()!];
    return n;
  };
  const out = new Map<string, StringField>();
  const walk = (raw: Node, segs: string[], depth: number): void => {
    if (depth > 24) return;
    const n = deref(raw);
    for (const k of ['anyOf', 'oneOf', 'allOf']) for (const b of (n[k] as Node[] | undefined) ?? []) walk(b, segs, depth + 1);
    const t = n.type;
    if ((t === 'string' || (Array.isArray(t) && t.includes('string'))) && !('enum' in n) && !('const' in n)) {
      const name = render(segs);
      out.set(name, { name, segments: segs, kind: 'pattern' in n ? 'pattern' : 'format' in n ? 'format' : 'free' });
    }
    for (const [k, v] of Object.entries((n.properties as Record<string, Node> | undefined) ?? {})) walk(v, [...segs, k], depth + 1);
    if (n.additionalProperties && typeof n.additionalProperties === 'object') {
      const key = [...segs, '<key>'];
      out.set(render(key), { name: render(key), segments: key, kind: 'key' });
      walk(n.additionalProperties as Node, [...segs, '*'], depth + 1);
    }
    if (n.items && typeof n.items === 'object') walk(n.items as Node, [...segs, '[]'], depth + 1);
  };
  walk(schema, [], 0);
  return [...out.values()];
}

function render(segs: string[]): string {
  return segs.map((s, i) => (s === '[]' ? '[]' : i === 0 ? s : `.${s}`)).join('');
}

/**
 * A copy of `doc` with `value` at `field`, or null when the document has no
 * place for it (a parent object missing).
 */
export function withString(doc: unknown, field: StringField, value: string): unknown | null {
  const copy = structuredClone(doc);
  return place(copy, field.segments, value) ? copy : null;
}

/** Put `value` at `segs` under `cur`, in place; false when there is no place for it. */
function place(cur: unknown, segs: readonly string[], value: string): boolean {
  if (cur === null || typeof cur !== 'object' || segs.length === 0) return false;
  const [seg, ...rest] = segs;
  if (seg === '[]') {
    if (!Array.isArray(cur)) return false;
    if (rest.length === 0) {
      if (cur.length === 0) return false;
      cur[0] = value;
      return true;
    }
    // The first element that has a place for the rest (e.g. the scaling entry that is a `step`).
    for (let i = 0; i < cur.length; i++) {
      const trial = structuredClone(cur[i]);
      if (place(trial, rest, value)) {
        cur[i] = trial;
        return true;
      }
    }
    return false;
  }
  if (Array.isArray(cur)) return false;
  const obj = cur as Record<string, unknown>;
  if (seg === '<key>') {
    const first = Object.values(obj)[0];
    obj[value] = typeof first === 'string' ? first : 'v';
    return true;
  }
  if (seg === '*') {
    const keys = Object.keys(obj);
    if (keys.length === 0) return false;
    if (rest.length === 0) {
      obj[keys[0]] = value;
      return true;
    }
    return place(obj[keys[0]], rest, value);
  }
  if (rest.length === 0) {
    obj[seg] = value;
    return true;
  }
  return seg in obj && place(obj[seg], rest, value);
}
