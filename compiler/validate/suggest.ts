/**
 * "Did you mean" suggestions, ranked by edit distance (Pulumi YAML's practice):
 * at most three, and only close ones, so a hint never suggests nonsense.
 */
import { compareStrings } from '../order';

// One row buffer, reused: suggestions run once per unknown key, so a file of
// 20,000 unknown keys must not allocate an array per comparison.
let row = new Int32Array(64);

export function levenshtein(a: string, b: string): number {
  if (row.length < b.length + 1) row = new Int32Array(b.length + 1);
  const prev = row;
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (ca === b.charCodeAt(j - 1) ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/**
 * Longest text a suggestion is computed for. Edit distance costs the product
 * of the two lengths, so without a cap a 300,000-character value against
 * 600 time-zone names took 21 s; no real typo is this long.
 */
export const MAX_SUGGEST_INPUT = 128;

export function suggest(found: string, candidates: readonly string[], max = 3): string[] {
  if (found.length > MAX_SUGGEST_INPUT) return [];
  const needle = found.toLowerCase();
  const underscored = needle.replace(/-/g, '_');
  const limit = Math.max(2, Math.floor(needle.length / 3));
  // Never the value itself (a duplicate name is its own closest match), and
  // each candidate once however often a list holds it.
  return [...new Set(candidates)]
    .filter((c) => c !== found)
    .map((c) => {
      const lc = c.toLowerCase();
      // A truncated or over-long word (`least_outstanding`) is as close as a
      // one-letter typo, however many letters are missing.
      const prefix = needle.length >= 4 && (lc.startsWith(underscored) || needle.startsWith(lc)) ? 1 : Infinity;
      // The distance is at least the difference in length: skip what cannot be close.
      if (prefix === 1 || Math.abs(lc.length - needle.length) > limit) return { c, d: prefix };
      const d = levenshtein(needle, lc);
      return { c, d: underscored === needle ? d : Math.min(d, levenshtein(underscored, lc)) };
    })
    .filter(({ d }) => d <= limit)
    .sort((x, y) => x.d - y.d || compareStrings(x.c, y.c))
    .slice(0, max)
    .map(({ c }) => c);
}

/** `did you mean `a`?` / `did you mean `a` or `b`?`, or '' when nothing is close. */
export function didYouMean(found: string, candidates: readonly string[]): string {
  const s = suggest(found, candidates);
  if (s.length === 0) return '';
  const quoted = s.map((x) => `\`${x}\``);
  return `did you mean ${quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`}?`;
}
