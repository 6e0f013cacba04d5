/**
 * The shape of a semantic check: one file per check under checks/, each
 * exporting a `Check` named for what it verifies (ajv's one-keyword-per-file).
 *
 * Checks run after the schema, on every document that loaded, even when the
 * schema reported errors: users get every problem in one pass. A check must
 * therefore read the spec defensively (the helpers in read.ts return
 * undefined or an empty list for values of the wrong shape); if it still
 * trips over a malformed document, the runner drops that check's result
 * because the schema errors already explain it. The property test proves
 * no check throws on documents with wrong shapes anywhere.
 */
import type { PathSegment, Severity } from '../../diagnostics/diagnostic';
import type { SourceMap } from '../../load/source-map';
import type { FleetSpec } from '../../../generated/types/fleet';

export interface Finding {
  /** The check's code, FF2xx. */
  code: string;
  /** YAML path of the offending node. */
  path: PathSegment[];
  /** What is wrong: path, value found, what is allowed. */
  message: string;
  /** What to do. */
  hint: string;
  /** Point at the key rather than the value (e.g. a duplicate name's entry). */
  atKey?: boolean;
  /** Default: error. */
  severity?: Severity;
}

export interface CheckContext {
  /** The document, typed as the schema describes it (it may not conform when the schema failed). */
  spec: FleetSpec;
  sourceMap: SourceMap;
  report(finding: Finding): void;
}

export interface Check {
  /** Kebab-case name, equal to the file name. */
  name: string;
  /** The codes this check reports, for the README's reference. */
  codes: Record<string, string>;
  run(ctx: CheckContext): void;
}
