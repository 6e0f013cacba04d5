/**
 * How large a fleet file may be, in a module of its own so that reading a
 * file can enforce it without loading the YAML parser.
 */
import type { Diagnostic } from '../diagnostics/diagnostic';
import { thousands } from '../order';

/**
 * Largest file we read: beyond any real fleet (5,000 hosts are about
 * 1.3 MB), small enough that checking any input stays fast (every stage is
 * linear; `npm run bench -- hostile` times 1 MB inputs of every shape).
 */
export const MAX_SOURCE_BYTES = 2 * 1024 * 1024;

/**
 * Most lines a fleet file may have. The YAML parser pays for every line, even
 * a blank one (a megabyte of newlines took seconds); 5,000 hosts take about
 * 40,000 lines, so this leaves room for more than the largest list allows.
 */
export const MAX_SOURCE_LINES = 100_000;

/** The one diagnostic for a fleet file of more than MAX_SOURCE_LINES lines. */
export function tooManyLines(lines: number, file: string): Diagnostic {
  return {
    code: 'FF008',
    severity: 'error',
    file,
    path: '',
    span: { start: { line: MAX_SOURCE_LINES + 1, col: 1 }, end: { line: MAX_SOURCE_LINES + 1, col: 1 } },
    message: `file too large: ${lines} lines; a fleet file may have at most ${thousands(MAX_SOURCE_LINES)} lines`,
    hint: 'A fleet file this long is almost certainly not a fleet file, or holds text pasted by mistake; check the path.',
  };
}

/**
 * The one diagnostic for a fleet file above the limit. Such a file is not read
 * past the limit, so of a pipe only "more than" is known (`exact` false).
 */
export function fileTooLarge(bytes: number, file: string, exact = true): Diagnostic {
  return {
    code: 'FF008',
    severity: 'error',
    file,
    path: '',
    span: { start: { line: 1, col: 1 }, end: { line: 1, col: 1 } },
    message: `file too large: ${exact ? '' : 'more than '}${exact ? bytes : MAX_SOURCE_BYTES} bytes; a fleet file may be at most ${MAX_SOURCE_BYTES / 1024 / 1024} MiB (${MAX_SOURCE_BYTES} bytes)`,
    hint: 'A fleet file this large is almost certainly not a fleet file; check the path.',
  };
}
