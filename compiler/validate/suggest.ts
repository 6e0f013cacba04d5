/**
 * "Did you mean" suggestions, ranked by edit distance (Pulumi YAML's practice):
 * at most three, and only close ones, so a hint never suggests nonsense.
 */
import { compareStrings } from '../order';

export function levenshtein(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

export function suggest(found: string, candidates: readonly string[], max = 3): string[] {
  const needle = found.toLowerCase();
  const limit = Math.max(2, Math.floor(needle.length / 3));
  // Never the value itself (a duplicate name is its own closest match), and
  // each candidate once however often a list holds it.
  return [...new Set(candidates)]
    .filter((c) => c !== found)
    .map((c) => {
      const lc = c.toLowerCase();
      // A truncated or over-long word (`least_outstanding`) is as close as a
      // one-letter typo, however many letters are missing.
      const prefix = needle.length >= 4 && (lc.startsWith(needle.replace(/-/g, '_')) || needle.startsWith(lc)) ? 1 : Infinity;
      return { c, d: Math.min(prefix, levenshtein(needle, lc), levenshtein(needle.replace(/-/g, '_'), lc)) };
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
