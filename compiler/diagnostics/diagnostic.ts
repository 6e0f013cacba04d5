/**
 * The one diagnostic type every stage returns. Stages never throw for user
 * errors: they return these, the CLI sorts them by position and reports once.
 */
import { compareStrings } from '../order';

/** A 1-based line and column in the source file. */
export interface Position {
  line: number;
  col: number;
}

/** A range of the source file, start inclusive, end exclusive. */
export interface Span {
  start: Position;
  end: Position;
}

/** A step of a YAML path: a mapping key or a sequence index. */
export type PathSegment = string | number;

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  /** Stable code, e.g. `FF101`, documented in the README. */
  code: string;
  severity: Severity;
  /** The file the diagnostic is about, as the user named it. */
  file: string;
  /** YAML path of the offending node, e.g. `services[0].health.interval`; empty for the document. */
  path: string;
  /** Where in the file. */
  span: Span;
  /** What is wrong: the path, the value found, what is allowed. */
  message: string;
  /** What to do about it. Required: a diagnostic without a way out is half a diagnostic. */
  hint: string;
}

/** Render path segments the way users write them: `hosts[0].ssh.port`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** Order diagnostics by position, then code, so output is stable. */
export function sortDiagnostics(diags: readonly Diagnostic[]): Diagnostic[] {
  return [...diags].sort(
    (a, b) =>
      compareStrings(a.file, b.file) ||
      a.span.start.line - b.span.start.line ||
      a.span.start.col - b.span.start.col ||
      compareStrings(a.code, b.code) ||
      compareStrings(a.message, b.message),
  );
}
