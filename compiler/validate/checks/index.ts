/**
 * Every semantic check, in the order they run. One file per check; its tests
 * live in test/validate/checks/<name>.test.ts.
 */
import type { Check } from './check';

export const ALL_CHECKS: readonly Check[] = [];
