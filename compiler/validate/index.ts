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
import { validateSchema } from './schema';
import { scanForSecrets } from './secrets';

export interface Validated {
  diagnostics: Diagnostic[];
  /** True when the document conforms to the schema (lowering may rely on its shape). */
  schemaValid: boolean;
}

export function validateDocument(doc: unknown, sourceMap: SourceMap, checks: readonly Check[] = ALL_CHECKS): Validated {
  const secrets = scanForSecrets(doc, sourceMap);
  const schemaDiags = validateSchema(doc, sourceMap, secrets.hidden);
  const schemaValid = schemaDiags.length === 0;
  const diagnostics = [...secrets.diagnostics, ...schemaDiags];
  for (const check of checks) {
    diagnostics.push(...runCheck(check, doc as FleetSpec, sourceMap, schemaValid, secrets.hidden));
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
