/**
 * The one string order of every output: UTF-16 code-unit order, the same on
 * every machine. Never the locale-aware comparisons (String#localeCompare,
 * the Intl collator): they follow the
 * locale of the process (LANG, LC_ALL), so `aa` sorts after `z` under da_DK,
 * `ch` after `h` under cs_CZ, and output would differ between machines.
 * A test (test/order.test.ts) keeps them out of the compiler and scripts.
 */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * 65536 -> "65,536", the same on every machine: Number#toLocaleString
 * follows the process locale too (`65.536` under de_DE).
 */
export function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
