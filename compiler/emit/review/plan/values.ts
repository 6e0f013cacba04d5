/**
 * Turning before/after values into reviewable lines without leaking secrets.
 *
 * Two independent masks apply, and either one hides a value:
 *  1. Terraform's own: `before_sensitive` / `after_sensitive` mirror the value
 *     and hold `true` wherever it is sensitive (a whole value, or one leaf).
 *  2. Ours: attributes whose names look secret (password, token, private_key,
 *     ...) and values that look like key material (PEM private keys, AWS access
 *     key IDs, GitHub tokens), in case a provider forgot to mark them. A PR
 *     comment is readable by everyone with read access; masking too much is
 *     the cheap mistake.
 */

import { NO_SENSITIVE, SENSITIVE, type SensitiveText } from './redact';

export { SENSITIVE };
export const MASKED = '(masked: looks secret)';
export const UNKNOWN = '(known after apply)';

/** Attribute names whose values are treated as secret. Matched per path segment. */
const SECRET_NAME = /(pass(word|phrase)|secret|token|private[_-]?key|api[_-]?key|access[_-]?key|credential|client[_-]?key|connection[_-]?string|bearer|signing[_-]?key)/i;
/** Names that match the pattern above but only ever hold references or settings. */
const NOT_SECRET_NAME = /(_arns?|_ids?|_names?|_paths?|_types?|_version|_count|_length|_enabled)$|^http_tokens$|^http_put_response_hop_limit$/i;
/** Values that are key material whatever their attribute is called. */
const SECRET_VALUE = [
  /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/,
  /\b(AKIA|ASIA)[0-9A-Z]{16}\b/,
  /\bgh[pousr]_[A-Za-z0-9]{36,}\b/,
  /\bxox[abprs]-[A-Za-z0-9-]{10,}\b/,
];

export function secretName(segment: string | number): boolean {
  return typeof segment === 'string' && SECRET_NAME.test(segment) && !NOT_SECRET_NAME.test(segment);
}

export function secretValue(value: unknown): boolean {
  return typeof value === 'string' && SECRET_VALUE.some((re) => re.test(value));
}

/** One leaf of a flattened value. */
export interface Leaf {
  /** Display path: `tags.team`, `ingress[0].cidr_blocks[1]`. */
  path: string;
  /** Raw path segments, to compare with `replace_paths`. */
  segments: (string | number)[];
  /** The display text: a JSON literal, or one of SENSITIVE / MASKED / UNKNOWN. */
  text: string;
}

/**
 * Flatten a value to its leaves. `sensitive` and `unknown` are the mirrors
 * Terraform writes beside it; a mirror that is `true` covers the whole subtree.
 * Unknown-only keys (absent from the value, `true` in after_unknown) are
 * included so created attributes show "(known after apply)". Values that
 * `known` covers (sensitive elsewhere in the plan, or holding such a value)
 * are masked wherever they appear, and so are map keys equal to one.
 */
export function flatten(value: unknown, sensitive: unknown, unknown: unknown, segments: (string | number)[] = [], known: SensitiveText = NO_SENSITIVE): Leaf[] {
  const path = displayPath(segments, known);
  if (sensitive === true) return [{ path, segments, text: SENSITIVE }];
  if (unknown === true) return [{ path, segments, text: UNKNOWN }];
  const last = segments[segments.length - 1];
  if (last !== undefined && secretName(last) && value !== null && value !== '' && !isEmptyContainer(value)) {
    return [{ path, segments, text: MASKED }];
  }
  if (Array.isArray(value) || (Array.isArray(unknown) && value == null)) {
    const arr = Array.isArray(value) ? value : [];
    const len = Math.max(arr.length, Array.isArray(unknown) ? unknown.length : 0);
    if (len === 0) return segments.length ? [{ path, segments, text: '[]' }] : [];
    const out: Leaf[] = [];
    for (let i = 0; i < len; i++) out.push(...flatten(arr[i], pick(sensitive, i), pick(unknown, i), [...segments, i], known));
    return out;
  }
  if (isObject(value) || (isObject(unknown) && value == null)) {
    const obj = isObject(value) ? value : {};
    const keys = new Set([...Object.keys(obj), ...(isObject(unknown) ? Object.keys(unknown).filter((k) => unknown[k] === true) : [])]);
    if (keys.size === 0) return segments.length ? [{ path, segments, text: '{}' }] : [];
    const out: Leaf[] = [];
    for (const k of [...keys].sort()) out.push(...flatten(obj[k], pick(sensitive, k), pick(unknown, k), [...segments, k], known));
    return out;
  }
  if ((typeof value === 'string' || typeof value === 'number') && known.covers(String(value))) return [{ path, segments, text: SENSITIVE }];
  if (secretValue(value)) return [{ path, segments, text: MASKED }];
  return [{ path, segments, text: literal(value) }];
}

/** A short JSON literal: long strings cut, multi-line strings summarised. */
export function literal(value: unknown): string {
  if (value === undefined) return 'null';
  if (typeof value !== 'string') return JSON.stringify(value);
  const lines = value.split('\n');
  const first = lines[0].length > 100 ? `${lines[0].slice(0, 100)}…` : lines[0];
  const suffix = lines.length > 1 ? ` (${lines.length} lines, ${value.length} chars)` : value.length > 100 ? ` (${value.length} chars)` : '';
  return `${JSON.stringify(first + (lines.length > 1 ? '…' : ''))}${suffix}`;
}

/** `tags.team`, `ingress[0].cidr_blocks[1]`, `tags["a b"]`; keys that are sensitive values are masked. */
export function displayPath(segments: readonly (string | number)[], known: SensitiveText = NO_SENSITIVE): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (known.covers(s)) out += `[${SENSITIVE}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(s)) out += out ? `.${s}` : s;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

/** Whether `segments` lies at or below one of the `replace_paths`. */
export function forcesReplacement(segments: readonly (string | number)[], replacePaths: readonly (readonly (string | number)[])[] | undefined): boolean {
  return (replacePaths ?? []).some((rp) => rp.length <= segments.length && rp.every((s, i) => s === segments[i]));
}

function pick(mirror: unknown, key: string | number): unknown {
  if (mirror === true) return true;
  if (Array.isArray(mirror) && typeof key === 'number') return mirror[key];
  if (isObject(mirror) && typeof key === 'string') return mirror[key];
  return undefined;
}

function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isEmptyContainer(v: unknown): boolean {
  return (Array.isArray(v) && v.length === 0) || (isObject(v) && Object.keys(v).length === 0);
}
