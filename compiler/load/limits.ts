/**
 * How large a fleet file may be, in a module of its own so that reading a
 * file can enforce it without loading the YAML parser.
 */
import type { Diagnostic } from '../diagnostics/diagnostic';

/**
 * Largest file we read: beyond any real fleet (5,000 hosts are about
 * 1.3 MB), small enough that checking any input stays fast (every stage is
 * linear; `npm run bench -- hostile` times 1 MB inputs of every shape).
 */
export const MAX_SOURCE_BYTES = 2 * 1024 * 1024;

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
