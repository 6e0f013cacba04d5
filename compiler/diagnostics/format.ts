/**
 * Diagnostics for people (`text`: file:line:col, message, hint, code frame),
 * for machines (`json`), and for GitHub (`github`: workflow commands, so each
 * error appears inline on the PR's line).
 */
import type { Diagnostic } from './diagnostic';

export type DiagnosticFormat = 'text' | 'json' | 'github';
export const FORMATS: readonly DiagnosticFormat[] = ['text', 'json', 'github'];

/**
 * At most this many diagnostics are printed as text or GitHub annotations; the
 * rest are counted. A file with 20,000 unknown keys is one mistake repeated,
 * and nobody reads past the first screens (GitHub shows even fewer
 * annotations per step). `--format json` lists them all.
 */
export const MAX_PRINTED_DIAGNOSTICS = 100;

export function formatDiagnostics(diags: readonly Diagnostic[], format: DiagnosticFormat, sources: ReadonlyMap<string, string> = new Map(), color = false): string {
  const shown = diags.slice(0, MAX_PRINTED_DIAGNOSTICS);
  const rest = diags.length - shown.length;
  switch (format) {
    case 'json':
      return `${JSON.stringify({ diagnostics: diags.map(toJson), errors: count(diags, 'error'), warnings: count(diags, 'warning') }, null, 2)}\n`;
    case 'github':
      return shown.map(toGithub).join('') + (rest > 0 ? `::notice::${rest} more diagnostics not shown; run fleetform check locally to see them all\n` : '');
    default: {
      // Each source is split into lines once, not once per diagnostic.
      const lines = new Map<string, string[]>();
      const linesOf = (file: string): string[] | undefined => {
        const text = sources.get(file);
        if (text === undefined) return undefined;
        let l = lines.get(file);
        if (!l) lines.set(file, (l = text.split(/\r?\n/)));
        return l;
      };
      const more = rest > 0 ? `\n... and ${rest} more diagnostic${rest === 1 ? '' : 's'} not shown (the first ${shown.length} are above; --format json lists all)\n` : '';
      return shown.map((d) => toText(d, linesOf(d.file), color)).join('\n') + more + (diags.length ? `\n${summary(diags)}\n` : '');
    }
  }
}

export function summary(diags: readonly Diagnostic[]): string {
  const e = count(diags, 'error');
  const w = count(diags, 'warning');
  const parts = [`${e} error${e === 1 ? '' : 's'}`];
  if (w) parts.push(`${w} warning${w === 1 ? '' : 's'}`);
  return parts.join(', ');
}

function count(diags: readonly Diagnostic[], severity: Diagnostic['severity']): number {
  return diags.filter((d) => d.severity === severity).length;
}

function toJson(d: Diagnostic): object {
  return {
    file: d.file,
    line: d.span.start.line,
    column: d.span.start.col,
    endLine: d.span.end.line,
    endColumn: d.span.end.col,
    severity: d.severity,
    code: d.code,
    path: d.path,
    message: d.message,
    hint: d.hint,
  };
}

const paint = (on: boolean, code: string, s: string): string => (on ? `\x1b[${code}m${s}\x1b[0m` : s);

function toText(d: Diagnostic, source: readonly string[] | undefined, color: boolean): string {
  const head = `${d.file}:${d.span.start.line}:${d.span.start.col}: ${paint(color, d.severity === 'error' ? '1;31' : '1;33', `${d.severity}[${d.code}]`)}: ${paint(color, '1', d.message)}`;
  const lines = [head];
  if (d.path) lines.push(`  at ${d.path}`);
  const frame = source === undefined ? '' : codeFrame(source, d, color);
  if (frame) lines.push(frame);
  lines.push(`  ${paint(color, '36', 'hint')}: ${d.hint}`);
  return `${lines.join('\n')}\n`;
}

/** The offending line with a line before it for context, and a caret under the span. */
export function codeFrame(source: string | readonly string[], d: Diagnostic, color = false): string {
  const all = typeof source === 'string' ? source.split(/\r?\n/) : source;
  const { line, col } = d.span.start;
  if (line < 1 || line > all.length) return '';
  const first = Math.max(1, line - 1);
  const width = String(line).length;
  const out: string[] = [];
  for (let n = first; n <= line; n++) {
    out.push(`  ${String(n).padStart(width)} | ${truncate(all[n - 1])}`);
  }
  const endCol = d.span.end.line === line ? Math.max(d.span.end.col, col + 1) : all[line - 1].length + 1;
  const caretLen = Math.max(1, Math.min(endCol - col, 80));
  out.push(`  ${' '.repeat(width)} | ${' '.repeat(Math.max(0, Math.min(col - 1, 120)))}${paint(color, '1;31', '^'.repeat(caretLen))}`);
  return out.join('\n');
}

function truncate(s: string): string {
  return s.length > 160 ? `${s.slice(0, 157)}...` : s;
}

/**
 * GitHub workflow command. Properties and message are escaped as the runner
 * requires (% \r \n, and , : in properties), so a hostile message cannot
 * inject a second command.
 * https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/workflow-commands-for-github-actions
 */
function toGithub(d: Diagnostic): string {
  const props = [
    `file=${escapeProperty(d.file)}`,
    `line=${d.span.start.line}`,
    `col=${d.span.start.col}`,
    `endLine=${d.span.end.line}`,
    `endColumn=${d.span.end.col}`,
    `title=${escapeProperty(`${d.code} ${d.path || 'fleet'}`)}`,
  ].join(',');
  return `::${d.severity === 'error' ? 'error' : 'warning'} ${props}::${escapeData(`${d.message}. Hint: ${d.hint}`)}\n`;
}

function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
