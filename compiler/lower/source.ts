/** Helpers that attach a `Source` (YAML path + span) to model nodes. */
import type { PathSegment } from '../diagnostics/diagnostic';
import { formatPath } from '../diagnostics/diagnostic';
import type { SourceMap } from '../load/source-map';
import type { SecretRef, Source } from '../model/fleet';

export function sourceAt(sourceMap: SourceMap, path: readonly PathSegment[]): Source {
  return { path: formatPath(path), span: sourceMap.spanOf(path) };
}

/** `ssm:/a/b` or `secretsmanager:a/b` -> SecretRef (the schema guarantees the form). */
export function secretRef(ref: string, sourceMap: SourceMap, path: readonly PathSegment[]): SecretRef {
  const i = ref.indexOf(':');
  return { store: ref.slice(0, i) === 'ssm' ? 'ssm' : 'secretsmanager', name: ref.slice(i + 1), source: sourceAt(sourceMap, path) };
}

/** Whether a string is a secret reference rather than a literal. */
export function isSecretRef(value: string): boolean {
  return /^(ssm:\/|secretsmanager:)/.test(value);
}

import { compareStrings } from '../order';

/** Code-unit order: the same on every machine, unlike localeCompare (compiler/order.ts). */
export { compareStrings };

/** Plain object with sorted keys, for deterministic output. */
export function sortedRecord<T>(entries: Iterable<[string, T]>): Record<string, T> {
  return Object.fromEntries([...entries].sort(([a], [b]) => compareStrings(a, b)));
}
