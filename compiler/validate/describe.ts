/**
 * How a found value is quoted in a message: short, on one line, and never a
 * secret (values flagged by the secret scan are never passed here).
 */
export function describeValue(v: unknown): string {
  if (v === null || v === undefined) return 'empty';
  if (typeof v === 'string') {
    const short = v.length > 60 ? `${v.slice(0, 57)}...` : v;
    // JSON escapes newlines and control characters; bidi overrides, zero-width
    // and C1 characters are escaped too, so a message cannot be made to read
    // differently from what the file holds.
    return JSON.stringify(short).replace(/[\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
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
