/**
 * `fleetform build [FILE] [--out DIR]`: check, lower, emit, write. On any
 * diagnostic, exit 1 and write nothing; otherwise the output folder is
 * replaced as a whole (atomically), so it never holds a mix of two builds.
 */
import * as path from 'node:path';
import { checkSource } from '../../index';
import { formatDiagnostics, summary } from '../../diagnostics/format';
import { sortDiagnostics } from '../../diagnostics/diagnostic';
import { CliIO, Command, EXIT_INVALID, EXIT_OK, EXIT_USAGE, UsageError } from '../io';
import { CommandSpec, helpText, parseCommandArgs, stringOption } from '../args';
import { useColor } from '../color';
import { readFleetFile, DEFAULT_FLEET_FILE, displayName, STDIN } from '../read-fleet';
import { writeTreeAtomic } from '../write-atomic';

export const SPEC: CommandSpec = {
  name: 'build',
  synopsis: ['build [FILE] [--out DIR]'],
  description: `Checks FILE and compiles it into DIR:
  main.tf.json                            Terraform JSON (Terraform 1.6+ / OpenTofu)
  hosts/<host>/proxy.cloud-config.yaml    proxy user data
  hosts/<host>/install-tunnel.sh          reverse tunnels: the GPU box's installer
  pools/<pool>/cloud-config.yaml          pool instance user data
DIR is replaced as a whole; on any error nothing in it changes.
FLEETFORM_TIMINGS=1 prints the time of each phase on standard error.`,
  positionals: [['FILE', `the fleet file (default: ${DEFAULT_FLEET_FILE}); - reads standard input (then give --out)`]],
  options: {
    out: { type: 'string', short: 'o', value: 'DIR', description: 'the output folder (default: generated/examples/<x>/ for examples/<x>/fleet.yaml, generated/fleet/ otherwise)' },
  },
  examples: [
    ['fleetform build', `compile ${DEFAULT_FLEET_FILE} into generated/fleet/`],
    ['fleetform build examples/minimal/fleet.yaml --out /tmp/minimal', 'compile an example elsewhere'],
    ['cd generated/fleet && terraform init && terraform plan', 'then plan it with plain Terraform'],
  ],
  exit: '0 built, 1 invalid fleet, 2 usage or I/O error',
};

/** Where a fleet file builds to when `--out` is not given. */
export function defaultOutDir(file: string): string {
  const m = /(?:^|[\\/])examples[\\/]([^\\/]+)[\\/]fleet\.ya?ml$/.exec(file);
  return m ? path.join('generated', 'examples', m[1]) : path.join('generated', 'fleet');
}

export const build: Command = async (args: string[], io: CliIO): Promise<number> => {
  const parsed = parseCommandArgs(SPEC, args);
  if (parsed.help) {
    io.stdout(helpText(SPEC));
    return EXIT_OK;
  }
  if (parsed.positionals.length > 1) throw new UsageError(`expected at most one FILE, got ${parsed.positionals.length} (run \`fleetform build --help\`)`);
  const input = parsed.positionals[0] ?? DEFAULT_FLEET_FILE;
  const file = displayName(input);
  const given = stringOption(parsed, 'out', 'folder');
  // Standard input has no name to derive a folder from.
  if (given === undefined && input === STDIN) throw new UsageError('reading standard input, give the output folder with --out DIR');
  const out = given ?? defaultOutDir(file);

  // FLEETFORM_TIMINGS=1: phase times on stderr (used by `npm run bench`).
  const timings = io.env.FLEETFORM_TIMINGS ? new Timings(io) : null;
  const read = readFleetFile(input, io);
  if (!read.ok) {
    io.stderr(`fleetform build: ${read.error}\n`);
    return EXIT_USAGE;
  }
  const checked = checkSource(read.text, file);
  timings?.lap('check');
  const sources = new Map([[file, read.text]]);
  const color = useColor(io, 'stderr');
  if (!checked.fleet) {
    io.stderr(formatDiagnostics(checked.diagnostics, 'text', sources, color));
    return EXIT_INVALID;
  }
  // The emitters load CDKTF; `check` never pays for it.
  const { emitFleet } = require('../../emit/index') as typeof import('../../emit/index');
  timings?.lap('load emitters');
  const emitted = emitFleet(checked.fleet, { file, timings: timings ?? undefined });
  const diagnostics = sortDiagnostics([...checked.diagnostics, ...emitted.diagnostics]);
  if (emitted.diagnostics.some((d) => d.severity === 'error')) {
    io.stderr(formatDiagnostics(diagnostics, 'text', sources, color));
    return EXIT_INVALID;
  }
  if (diagnostics.length > 0) io.stderr(formatDiagnostics(diagnostics, 'text', sources, color));

  const target = path.resolve(io.cwd, out);
  try {
    writeTreeAtomic(target, emitted.files);
    timings?.lap('write');
  } catch (err) {
    io.stderr(`fleetform build: cannot write ${out}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`);
    return EXIT_USAGE;
  }
  const f = checked.fleet;
  io.stdout(`${file}: built fleet ${f.name} into ${out} (${emitted.files.length} file${emitted.files.length === 1 ? '' : 's'})${diagnostics.length ? `, ${summary(diagnostics)}` : ''}\n`);
  return EXIT_OK;
};

/** Wall time per phase since the previous lap, written to stderr as `timing <phase> <ms>`. */
class Timings {
  private last = process.hrtime.bigint();
  constructor(private readonly io: CliIO) {}
  lap(phase: string): void {
    const now = process.hrtime.bigint();
    this.io.stderr(`timing ${phase} ${(Number(now - this.last) / 1e6).toFixed(1)}\n`);
    this.last = now;
  }
}
