/**
 * Stage 2: every problem in the document, at once: the secret scan, the JSON
 * Schema, then the semantic checks. Returns diagnostics; never throws for
 * user errors.
 */
import type { Diagnostic } from '../diagnostics/diagnostic';
import { formatPath } from '../diagnostics/diagnostic';
import type { SourceMap } from '../load/source-map';
import type { FleetSpec } from '../../generated/types/fleet';
import type { Check, Finding } from './checks/check';
import { ALL_CHECKS } from './checks/index';
import { validateSchema, type MisplacedKey } from './schema';
import { scanForSecrets } from './secrets';

export interface Validated {
  diagnostics: Diagnostic[];
  /** True when the document conforms to the schema (lowering may rely on its shape). */
  schemaValid: boolean;
}

export function validateDocument(doc: unknown, sourceMap: SourceMap, checks: readonly Check[] = ALL_CHECKS): Validated {
  const secrets = scanForSecrets(doc, sourceMap);
  const misplaced: MisplacedKey[] = [];
  const schemaDiags = validateSchema(doc, sourceMap, secrets.hidden, misplaced);
  const schemaValid = schemaDiags.length === 0;
  const diagnostics = [...secrets.diagnostics, ...schemaDiags];
  // The checks see keys written at the wrong depth where they belong: the
  // schema's FF101 already says where to move them, and a check must not
  // report the same mistake again as a missing key.
  const spec = withMisplacedKeysMoved(doc, misplaced) as FleetSpec;
  for (const check of checks) {
    diagnostics.push(...runCheck(check, spec, sourceMap, schemaValid, secrets.hidden));
  }
  return { diagnostics, schemaValid };
}

export function runCheck(check: Check, spec: FleetSpec, sourceMap: SourceMap, schemaValid = true, hidden: ReadonlySet<string> = new Set()): Diagnostic[] {
  const findings: Finding[] = [];
  try {
    check.run({ spec, sourceMap, report: (f) => findings.push(f) });
  } catch (err) {
    // On a document the schema rejected, a check may meet shapes it cannot
    // read; the schema's diagnostics already explain those.
    if (!schemaValid) return [];
    throw err;
  }
  return findings
    .filter((f) => !hidden.has(formatPath(f.path)))
    .map((f) => ({
      code: f.code,
      severity: f.severity ?? 'error',
      file: sourceMap.file,
      path: formatPath(f.path),
      span: sourceMap.spanOf(f.path, f.atKey ?? false),
      message: f.message,
      hint: f.hint,
    }));
}

/**
 * A copy of `doc` with each misplaced key moved to the object it belongs to
 * (when that object lacks it). Only the objects on the way are copied; the
 * document itself is never changed.
 */
export function withMisplacedKeysMoved(doc: unknown, misplaced: readonly MisplacedKey[]): unknown {
  if (misplaced.length === 0) return doc;
  const root = { v: doc } as Record<string, unknown>;
  const copyAt = (path: readonly (string | number)[]): Record<string | number, unknown> | undefined => {
    let holder: Record<string | number, unknown> = root;
    let seg: string | number = 'v';
    for (const next of [...path, null]) {
      const cur = holder[seg];
      if (cur === null || typeof cur !== 'object') return undefined;
      const copy = (Array.isArray(cur) ? [...cur] : { ...(cur as object) }) as Record<string | number, unknown>;
      holder[seg] = copy;
      if (next === null) return copy;
      holder = copy;
      seg = next;
    }
    return undefined;
  };
  for (const m of misplaced) {
    const from = copyAt(m.from);
    const to = copyAt(m.belongs);
    if (!from || !to || Array.isArray(to) || m.key in to) continue;
    to[m.key] = from[m.key];
  }
  return root.v;
}
