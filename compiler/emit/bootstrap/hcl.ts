/**
 * A JSON value as an HCL expression, for `jsonencode(...)` arguments.
 * Literal `${` and `%{` are escaped (`$${`, `%%{`) so that nothing in the
 * data is ever evaluated, and the placeholders of policies.ts become the
 * references they stand for.
 */
const REFS: Record<string, string> = {
  '{{partition}}': '${data.aws_partition.current.partition}',
  '{{account}}': '${data.aws_caller_identity.current.account_id}',
  '{{oidc_provider_arn}}': '${local.oidc_provider_arn}',
};

export function hclString(s: string): string {
  // In a replacement string `$$` is one `$`: '$$$${' writes `$${`.
  const escaped = JSON.stringify(s).replace(/\$\{/g, '$$$${').replace(/%\{/g, '%%{');
  return escaped.replace(/\{\{[a-z_]+\}\}/g, (m) => REFS[m] ?? m);
}

export function hclValue(v: unknown, indent: string): string {
  if (typeof v === 'string') return hclString(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null || v === undefined) return 'null';
  const inner = `${indent}  `;
  if (Array.isArray(v)) {
    if (v.every((x) => typeof x !== 'object' || x === null) && v.length <= 3) return `[${v.map((x) => hclValue(x, inner)).join(', ')}]`;
    return `[\n${v.map((x) => `${inner}${hclValue(x, inner)},`).join('\n')}\n${indent}]`;
  }
  const entries = Object.entries(v as Record<string, unknown>)
    .filter(([, x]) => x !== undefined)
    .map(([k, x]) => ({ key: hclKey(k), value: hclValue(x, inner) }));
  // terraform fmt aligns the `=` of each run of single-line attributes; an
  // attribute whose value spans lines stands alone.
  const lines: string[] = [];
  for (let i = 0; i < entries.length; ) {
    let j = i;
    if (entries[i].value.includes('\n')) j = i + 1;
    else while (j < entries.length && !entries[j].value.includes('\n')) j++;
    const width = Math.max(...entries.slice(i, j).map((e) => e.key.length));
    for (const e of entries.slice(i, j)) lines.push(`${inner}${e.key.padEnd(width)} = ${e.value}`);
    i = j;
  }
  return `{\n${lines.join('\n')}\n${indent}}`;
}

function hclKey(k: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(k) ? k : hclString(k);
}
