/**
 * `fleetform check [FILE] [--format text|json|github]`: validate a fleet and
 * report every problem at once. Exit 0 valid, 1 invalid, 2 usage or I/O.
 */
import { checkSource, type CheckResult } from '../../index';
import { fileTooLarge } from '../../load/limits';
import { formatDiagnostics, FORMATS, summary, type DiagnosticFormat } from '../../diagnostics/format';
import { CliIO, Command, EXIT_INVALID, EXIT_OK, EXIT_USAGE, UsageError } from '../io';
import { CommandSpec, helpText, parseCommandArgs } from '../args';
import { useColor } from '../color';
import { readFleetFile, DEFAULT_FLEET_FILE, displayName } from '../read-fleet';

export const SPEC: CommandSpec = {
  name: 'check',
  synopsis: ['check [FILE] [--format text|json|github]'],
  description: `Validates FILE against the schema and every semantic check, and reports all
problems at once, sorted by position. Writes nothing.`,
  positionals: [['FILE', `the fleet file (default: ${DEFAULT_FLEET_FILE}); - reads standard input`]],
  options: {
    format: { type: 'string', value: 'FORMAT', description: 'text: file:line:col, message, code frame and hint (default); json: for tools; github: workflow annotations on the PR\'s lines' },
  },
  examples: [
    ['fleetform check', `check ${DEFAULT_FLEET_FILE}`],
    ['fleetform check examples/minimal/fleet.yaml --format github', 'errors as GitHub annotations (in a workflow)'],
    ['cat fleet.yaml | fleetform check -', 'check standard input'],
  ],
  exit: '0 valid, 1 invalid, 2 usage or I/O error',
};

export const check: Command = async (args: string[], io: CliIO): Promise<number> => {
  const parsed = parseCommandArgs(SPEC, args);
  if (parsed.help) {
    io.stdout(helpText(SPEC));
    return EXIT_OK;
  }
  if (parsed.positionals.length > 1) throw new UsageError(`expected at most one FILE, got ${parsed.positionals.length} (run \`fleetform check --help\`)`);
  const format = (parsed.values.format ?? 'text') as DiagnosticFormat;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}; got '${format}'`);

  const input = parsed.positionals[0] ?? DEFAULT_FLEET_FILE;
  const file = displayName(input);
  const read = readFleetFile(input, io);
  if (!read.ok && !read.tooLarge) {
    io.stderr(`fleetform check: ${read.error}\n`);
    return EXIT_USAGE;
  }
  // Too large is a finding about the file (FF008, exit 1), like any other.
  const result: CheckResult = read.ok ? checkSource(read.text, file) : { fleet: null, diagnostics: [fileTooLarge(read.tooLarge!.bytes, file, read.tooLarge!.exact)] };
  const failed = result.diagnostics.some((d) => d.severity === 'error');
  const color = format === 'text' && useColor(io, failed ? 'stderr' : 'stdout');
  const rendered = formatDiagnostics(result.diagnostics, format, new Map([[file, read.ok ? read.text : '']]), color);
  if (format === 'json') io.stdout(rendered);
  else if (rendered) (failed ? io.stderr : io.stdout)(rendered);
  if (format === 'text' && !failed) {
    const f = result.fleet!;
    io.stdout(`${file}: ok: fleet ${f.name} (${f.hosts.length} host${f.hosts.length === 1 ? '' : 's'}, ${f.pools.length} pool${f.pools.length === 1 ? '' : 's'}, ${f.services.length} service${f.services.length === 1 ? '' : 's'})${result.diagnostics.length ? `, ${summary(result.diagnostics)}` : ''}\n`);
  }
  return failed ? EXIT_INVALID : EXIT_OK;
};
