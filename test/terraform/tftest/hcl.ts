/**
 * Just enough HCL to write `.tftest.hcl` files: quoted strings with
 * Terraform's template sequences escaped, so a value from the fleet is
 * compared literally and never interpolated
 * (https://developer.hashicorp.com/terraform/language/expressions/strings#escape-sequences).
 */

/** A quoted HCL string literal. */
export function str(s: string): string {
  // A function replacer: in a replacement string `$$` would itself mean `$`.
  return JSON.stringify(s).replace(/([$%])\{/g, (_, sigil: string) => `${sigil}${sigil}{`);
}

/** An HCL literal for a string, number, boolean or null. */
export function lit(v: string | number | boolean | null): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return str(v);
  return String(v);
}

/** `[a, b]` of expressions. */
export function list(exprs: string[]): string {
  return `[${exprs.join(', ')}]`;
}

/** `toset([...])` of expressions. */
export function set(exprs: string[]): string {
  return `toset(${list(exprs)})`;
}

/** An object of literal values, one attribute per line. */
export function object(values: Record<string, string | number | boolean>, indent: string): string {
  const keys = Object.keys(values).sort();
  return `{\n${keys.map((k) => `${indent}  ${k} = ${lit(values[k])}`).join('\n')}\n${indent}}`;
}
