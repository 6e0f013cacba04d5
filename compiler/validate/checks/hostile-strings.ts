/**
 * Strings that reach scripts, unit files and AWS must not carry control
 * characters or invisible direction overrides. The schema's patterns rule
 * them out of most fields, but a few free-text fields (container env
 * values, custom metric dimensions, tag values, log prefixes, cookie
 * names, routing patterns) take any string. A newline in an env value
 * would split a line of an env file; a right-to-left override makes a
 * reviewed diff show something other than what runs ("Trojan Source",
 * CVE-2021-42574). Scripts quote every value as well; this check rejects
 * what has no legitimate use, before anything is rendered.
 */
import type { PathSegment } from '../../diagnostics/diagnostic';
import type { Check } from './check';
import { at } from './read';

// C0 controls but tab, DEL, C1 controls, bidi embeddings/overrides/isolates,
// zero-width characters, line/paragraph separators and the BOM.
const HOSTILE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/u;

export const hostileStrings: Check = {
  name: 'hostile-strings',
  codes: {
    FF298: 'a value or key contains a control character or an invisible direction override',
  },
  run(ctx) {
    const visit = (v: unknown, path: PathSegment[], depth: number): void => {
      if (depth > 64) return;
      if (typeof v === 'string') {
        check(v, path, false);
      } else if (Array.isArray(v)) {
        v.forEach((x, i) => visit(x, [...path, i], depth + 1));
      } else if (v !== null && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          if (check(k, [...path, k], true)) continue;
          visit(x, [...path, k], depth + 1);
        }
      }
    };
    const check = (s: string, path: PathSegment[], isKey: boolean): boolean => {
      const m = HOSTILE.exec(s);
      if (!m) return false;
      const code = m[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
      ctx.report({
        code: 'FF298',
        path,
        atKey: isKey,
        message: `${isKey ? 'the key of ' : ''}${at(path)} contains U+${code} (${describe(m[0])}) at position ${m.index + 1}; fleet values are plain single-line text`,
        hint: m[0] === '\n' ? 'Put multi-line content in SSM or a file the container reads; one value is one line.' : 'Retype the value: invisible characters make a reviewed file differ from what runs.',
      });
      return true;
    };
    visit(ctx.spec, [], 0);
  },
};

function describe(c: string): string {
  if (c === '\n') return 'a newline';
  if (c === '\r') return 'a carriage return';
  if (c === '\u0000') return 'a NUL byte';
  if (/[\u202a-\u202e\u2066-\u2069\u200e\u200f]/.test(c)) return 'a text direction control';
  if (/[\u200b-\u200d\ufeff]/.test(c)) return 'a zero-width character';
  if (/[\u2028\u2029]/.test(c)) return 'a line separator';
  return 'a control character';
}
