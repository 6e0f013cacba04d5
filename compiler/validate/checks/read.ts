/**
 * Defensive readers for the document. Checks run even when the schema
 * failed, so a field may hold any JSON value; these helpers return
 * `undefined` (or an empty list) for anything of the wrong shape, and the
 * check then stays quiet: the schema's own diagnostic explains that field.
 */
import type { PathSegment } from '../../diagnostics/diagnostic';
import { formatPath } from '../../diagnostics/diagnostic';

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

/** The mapping entries of the list at `path` under `root`, skipping anything that is not a mapping. */
export function entries(root: unknown, path: PathSegment[]): Entry[] {
  let cur: unknown = root;
  for (const seg of path) cur = cur !== null && typeof cur === 'object' ? (cur as Record<string | number, unknown>)[seg] : undefined;
  return list(cur).flatMap((v, index) => {
    const value = obj(v);
    return value ? [{ value, index, path: [...path, index] }] : [];
  });
}

export const hostsOf = (spec: unknown): Entry[] => entries(spec, ['hosts']);
export const poolsOf = (spec: unknown): Entry[] => entries(spec, ['pools']);
export const servicesOf = (spec: unknown): Entry[] => entries(spec, ['services']);
export const listenersOf = (spec: unknown): Entry[] => entries(spec, ['load_balancer', 'listeners']);

/** Names of the entries that have a string name. */
export function namesOf(items: Entry[]): string[] {
  return items.flatMap((e) => (typeof e.value.name === 'string' ? [e.value.name] : []));
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
export function serviceHostNames(spec: unknown, service: Obj): string[] {
  const hosts = obj(service.backends)?.hosts;
  if (hosts === 'all') return namesOf(hostsOf(spec));
  return list(hosts).filter((h): h is string => typeof h === 'string');
}

export function servicePoolNames(service: Obj): string[] {
  return list(obj(service.backends)?.pools).filter((p): p is string => typeof p === 'string');
}

/** `a.b[0]` for a message. */
export const at = (path: readonly PathSegment[]): string => escapeInvisible(formatPath(path)) || 'the document';

/** Escapes the invisible characters JSON quoting leaves as they are. */
export function escapeInvisible(s: string): string {
  return s.replace(/[\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

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
