/**
 * Defensive readers for the document. Checks run even when the schema
 * failed, so a field may hold any JSON value; these helpers return
 * `undefined` (or an empty list) for anything of the wrong shape, and the
 * check then stays quiet: the schema's own diagnostic explains that field.
 */
import type { PathSegment } from '../../diagnostics/diagnostic';
import { formatPath } from '../../diagnostics/diagnostic';
import { escapeInvisible } from '../describe';

export type Obj = Record<string, unknown>;

export function obj(v: unknown): Obj | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined;
}

export function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** An integer, or undefined (the schema reports non-integers). */
export function int(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) ? v : undefined;
}

/** A finite number, or undefined. */
export function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function bool(v: unknown): boolean | undefined {
  return typeof v === 'boolean' ? v : undefined;
}

/** A list entry that is a mapping, with where it sits. */
export interface Entry {
  value: Obj;
  index: number;
  path: PathSegment[];
}

/**
 * Checks ask for the same lists again and again (every host asks for all
 * services, every service for all hosts); recomputing them made a 1,000-host
 * check quadratic. Results are cached per document and frozen, so a caller
 * that tried to sort or edit a shared list would fail loudly in tests.
 */
const entryCache = new WeakMap<object, Map<string, readonly Entry[]>>();
const nameCache = new WeakMap<readonly Entry[], readonly string[]>();

/** The mapping entries of the list at `path` under `root`, skipping anything that is not a mapping. */
export function entries(root: unknown, path: PathSegment[]): readonly Entry[] {
  const cacheable = root !== null && typeof root === 'object';
  const key = path.join('\u0000');
  const cached = cacheable ? entryCache.get(root)?.get(key) : undefined;
  if (cached) return cached;
  let cur: unknown = root;
  for (const seg of path) cur = cur !== null && typeof cur === 'object' ? (cur as Record<string | number, unknown>)[seg] : undefined;
  const result = Object.freeze(
    list(cur).flatMap((v, index) => {
      const value = obj(v);
      return value ? [{ value, index, path: [...path, index] }] : [];
    }),
  );
  if (cacheable) {
    let byPath = entryCache.get(root);
    if (!byPath) entryCache.set(root, (byPath = new Map()));
    byPath.set(key, result);
  }
  return result;
}

export const hostsOf = (spec: unknown): readonly Entry[] => entries(spec, ['hosts']);
export const poolsOf = (spec: unknown): readonly Entry[] => entries(spec, ['pools']);
export const servicesOf = (spec: unknown): readonly Entry[] => entries(spec, ['services']);
export const listenersOf = (spec: unknown): readonly Entry[] => entries(spec, ['load_balancer', 'listeners']);

/** Names of the entries that have a string name (cached per list, frozen). */
export function namesOf(items: readonly Entry[]): readonly string[] {
  const cached = nameCache.get(items);
  if (cached) return cached;
  const names = Object.freeze(items.flatMap((e) => (typeof e.value.name === 'string' ? [e.value.name] : [])));
  if (Object.isFrozen(items)) nameCache.set(items, names);
  return names;
}

/** The fleet's zones that are strings, duplicates removed, in order. */
export function zonesOf(spec: unknown): string[] {
  return [...new Set(list(obj(spec)?.zones).filter((z): z is string => typeof z === 'string'))];
}

/**
 * The host names a service's backends resolve to: `all` is every host, a
 * list is itself (only the strings). Unknown names are kept: the
 * references check reports them.
 */
export function serviceHostNames(spec: unknown, service: Obj): readonly string[] {
  const hosts = obj(service.backends)?.hosts;
  if (hosts === 'all') return namesOf(hostsOf(spec));
  return list(hosts).filter((h): h is string => typeof h === 'string');
}

export function servicePoolNames(service: Obj): string[] {
  return list(obj(service.backends)?.pools).filter((p): p is string => typeof p === 'string');
}

/** `a.b[0]` for a message. */
export const at = (path: readonly PathSegment[]): string => escapeInvisible(formatPath(path)) || 'the document';


/**
 * A value quoted for a message: JSON quoting (escapes quotes, newlines and
 * C0 controls), plus escapes for the invisible characters JSON leaves as
 * they are (C1 controls, zero-width and direction controls), so a message
 * never carries a hostile string into a terminal or a PR annotation.
 */
export function show(v: unknown): string {
  if (typeof v !== 'string') return String(v);
  const short = v.length > 80 ? `${v.slice(0, 77)}...` : v;
  return escapeInvisible(JSON.stringify(short));
}

/** English list: `a`, `a and b`, `a, b and c`. */
export function andList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
