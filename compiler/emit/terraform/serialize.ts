/**
 * Deterministic Terraform JSON: keys sorted at every level, cdktf's `//`
 * metadata comments dropped (they carry the cdktf version and construct
 * paths, noise in a PR diff), 2-space indentation, trailing newline. Arrays
 * keep their order: in Terraform JSON, the order of blocks and list values
 * is meaningful.
 *
 * `mapString` is applied to every string value and key first (the emitter
 * passes `restoreString`, literal.ts), in the same walk: the synthesized tree
 * of a large fleet is megabytes, and a second full copy of it was a tenth of
 * the Terraform emitter's time.
 */
export function stableJson(value: unknown, mapString: (s: string) => string = (s) => s): string {
  return `${JSON.stringify(normalize(value, mapString), null, 2)}\n`;
}

function normalize(value: unknown, mapString: (s: string) => string): unknown {
  if (typeof value === 'string') return mapString(value);
  if (Array.isArray(value)) return value.map((v) => normalize(v, mapString));
  if (value === null || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  const mapped = keys.map(mapString);
  // Keys that map to the same string: the last one wins, as in an object literal.
  const source = mapped.every((k, i) => k === keys[i]) ? obj : Object.fromEntries(keys.map((k, i) => [mapped[i], obj[k]]));
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(source).sort()) {
    if (key === '//') continue;
    const v = source[key];
    if (v === undefined) continue;
    out[key] = normalize(v, mapString);
  }
  return out;
}
