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
import { parseArgs } from '../args';
import { readFleetFile, DEFAULT_FLEET_FILE } from '../read-fleet';
import { writeTreeAtomic } from '../write-atomic';

const USAGE = `usage: fleetform build [FILE] [--out DIR]

Checks FILE (default: ${DEFAULT_FLEET_FILE}) and compiles it into DIR:
  main.tf.json                            Terraform JSON (Terraform 1.6+ / OpenTofu)
  hosts/<host>/proxy.cloud-config.yaml    proxy user data
  hosts/<host>/install-tunnel.sh          reverse tunnels: the GPU box's installer
  pools/<pool>/cloud-config.yaml          pool instance user data
DIR defaults to generated/examples/<x>/ for examples/<x>/fleet.yaml and to
generated/fleet/ otherwise. DIR is replaced as a whole; on any error nothing
in it changes.
Exit status: 0 built, 1 invalid fleet, 2 usage or I/O error.
`;

/** Where a fleet file builds to when `--out` is not given. */
export function defaultOutDir(file: string): string {
  const m = /(?:^|[\\/])examples[\\/]([^\\/]+)[\\/]fleet\.ya?ml$/.exec(file);
  return m ? path.join('generated', 'examples', m[1]) : path.join('generated', 'fleet');
}

export const build: Command = async (args: string[], io: CliIO): Promise<number> => {
  const parsed = parseArgs(args, { out: 'string', help: 'boolean' }, USAGE);
  if (parsed.flags.help) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  if (parsed.positional.length > 1) throw new UsageError(`expected at most one FILE, got ${parsed.positional.length}\n\n${USAGE}`);
  const file = parsed.positional[0] ?? DEFAULT_FLEET_FILE;
  const out = (parsed.flags.out as string | undefined) ?? defaultOutDir(file);
  if (out === '') throw new UsageError(`--out needs a folder\n\n${USAGE}`);

  // FLEETFORM_TIMINGS=1: phase times on stderr (used by `npm run bench`).
  const timings = io.env.FLEETFORM_TIMINGS ? new Timings(io) : null;
  const read = readFleetFile(file, io);
  if (!read.ok) {
    io.stderr(`fleetform build: ${read.error}\n`);
    return EXIT_USAGE;
  }
  const checked = checkSource(read.text, file);
  timings?.lap('check');
  const sources = new Map([[file, read.text]]);
  const color = !io.env.NO_COLOR && !!io.env.FORCE_COLOR;
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
