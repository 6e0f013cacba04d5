/**
 * Deterministic Terraform JSON: keys sorted at every level, cdktf's `//`
 * metadata comments dropped (they carry the cdktf version and construct
 * paths, noise in a PR diff), 2-space indentation, trailing newline. Arrays
 * keep their order: in Terraform JSON, the order of blocks and list values
 * is meaningful.
 */
export function stableJson(value: unknown): string {
  return `${JSON.stringify(normalize(value), null, 2)}\n`;
}

function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalize);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    if (key === '//') continue;
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined) continue;
    out[key] = normalize(v);
  }
  return out;
}
