/**
 * How a found value is quoted in a message: short, on one line, and never a
 * secret (values flagged by the secret scan are never passed here).
 */
export function describeValue(v: unknown): string {
  if (v === null || v === undefined) return 'empty';
  if (typeof v === 'string') {
    const short = v.length > 60 ? `${v.slice(0, 57)}...` : v;
    // JSON escapes newlines and control characters; escapeInvisible the rest,
    // so a message cannot be made to read differently from what the file holds.
    return escapeInvisible(JSON.stringify(short));
  }
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `a list of ${v.length}`;
  return 'a mapping';
}

/** The JSON type name users see: string, integer, number, boolean, list, mapping. */
export function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'empty';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'number') return Number.isInteger(v) ? 'an integer' : 'a number';
  if (typeof v === 'string') return 'a string';
  return `a ${typeof v}`;
}

/**
 * Escapes the invisible characters JSON quoting leaves as they are (C1
 * controls, soft hyphen, zero-width, line/paragraph separators, direction
 * controls), so a message never carries a hostile string into a terminal or a
 * PR annotation. Shared by the schema's messages and the semantic checks'.
 */
export function escapeInvisible(s: string): string {
  return s.replace(/[\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
