/**
 * `fleetform check [FILE] [--format text|json|github]`: validate a fleet and
 * report every problem at once. Exit 0 valid, 1 invalid, 2 usage or I/O.
 */
import { checkSource } from '../../index';
import { formatDiagnostics, FORMATS, summary, type DiagnosticFormat } from '../../diagnostics/format';
import { CliIO, Command, EXIT_INVALID, EXIT_OK, EXIT_USAGE, UsageError } from '../io';
import { parseArgs } from '../args';
import { readFleetFile, DEFAULT_FLEET_FILE } from '../read-fleet';

const USAGE = `usage: fleetform check [FILE] [--format text|json|github]

Validates FILE (default: ${DEFAULT_FLEET_FILE}) against the schema and every
semantic check, and reports all problems at once, sorted by position.
  --format text     file:line:col, message, code frame and hint (default)
  --format json     machine-readable diagnostics
  --format github   GitHub workflow annotations (::error file=...,line=...)
Exit status: 0 valid, 1 invalid, 2 usage or I/O error.
`;

export const check: Command = async (args: string[], io: CliIO): Promise<number> => {
  const parsed = parseArgs(args, { format: 'string', help: 'boolean' }, USAGE);
  if (parsed.flags.help) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  if (parsed.positional.length > 1) throw new UsageError(`expected at most one FILE, got ${parsed.positional.length}\n\n${USAGE}`);
  const format = (parsed.flags.format ?? 'text') as DiagnosticFormat;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}; got '${format}'`);

  const file = parsed.positional[0] ?? DEFAULT_FLEET_FILE;
  const read = readFleetFile(file, io);
  if (!read.ok) {
    io.stderr(`fleetform check: ${read.error}\n`);
    return EXIT_USAGE;
  }
  const result = checkSource(read.text, file);
  const failed = result.diagnostics.some((d) => d.severity === 'error');
  const color = format === 'text' && !io.env.NO_COLOR && !!io.env.FORCE_COLOR;
  const rendered = formatDiagnostics(result.diagnostics, format, new Map([[file, read.text]]), color);
  if (format === 'json') io.stdout(rendered);
  else if (rendered) (failed ? io.stderr : io.stdout)(rendered);
  if (format === 'text' && !failed) {
    const f = result.fleet!;
    io.stdout(`${file}: ok: fleet ${f.name} (${f.hosts.length} host${f.hosts.length === 1 ? '' : 's'}, ${f.pools.length} pool${f.pools.length === 1 ? '' : 's'}, ${f.services.length} service${f.services.length === 1 ? '' : 's'})${result.diagnostics.length ? `, ${summary(result.diagnostics)}` : ''}\n`);
  }
  return failed ? EXIT_INVALID : EXIT_OK;
};
