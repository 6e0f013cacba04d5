/**
 * `fleetform build [FILE] [--out DIR]`: check, lower, emit, write. On any
 * diagnostic, exit 1 and write nothing; otherwise the output folder is
 * brought to exactly the new build, one atomic rename per file, without ever
 * being missing (write-atomic.ts).
 */
import * as path from 'node:path';
import { checkSource, type CheckResult } from '../../index';
import { fileTooLarge } from '../../load/limits';
import { formatDiagnostics, summary } from '../../diagnostics/format';
import { sortDiagnostics } from '../../diagnostics/diagnostic';
import { CliIO, Command, EXIT_INVALID, EXIT_OK, EXIT_USAGE, UsageError } from '../io';
import { CommandSpec, helpText, parseCommandArgs, stringOption } from '../args';
import { useColor } from '../color';
import { readFleetFile, DEFAULT_FLEET_FILE, displayName, STDIN } from '../read-fleet';
import { recoverInterrupted, writeTreeAtomic } from '../write-atomic';
import { loadEmitters } from '../emitters';
import { BUILD_MANIFEST, manifestSource, refuseOutFolder, withBuildManifest } from '../out-folder';

export const SPEC: CommandSpec = {
  name: 'build',
  synopsis: ['build [FILE] [--out DIR]'],
  description: `Checks FILE and compiles it into DIR:
  main.tf.json                            Terraform JSON (Terraform or OpenTofu 1.10+; 1.6+ with a DynamoDB lock table)
  hosts/<host>/proxy.cloud-config.yaml    proxy user data
  hosts/<host>/install-tunnel.sh          reverse tunnels: the GPU box's installer
  pools/<pool>/cloud-config.yaml          pool instance user data
  ${BUILD_MANIFEST}                    the files this build wrote (the marker)
DIR defaults to generated/fleet/ for spec/fleet.yaml, generated/examples/<x>/
for examples/<x>/fleet.yaml, and generated/<name>/ beside any other FILE
<name>.yaml. A default DIR is written only when this same FILE built it.

A build owns DIR: it writes only into a folder that does not exist, an empty
folder, or a folder an earlier build wrote (marked by ${BUILD_MANIFEST})
that holds nothing else but Terraform's working files (.terraform/, its lock
file, a local state, tfplan), which it never touches. It refuses, touching
nothing (exit 2): a symbolic link (never followed: give the folder itself), a
file, the working folder or a folder that holds it or FILE, a git work tree,
any other non-empty folder, and a build folder holding other files.
On any error nothing in DIR changes. DIR is updated in place, one atomic
rename per file, and is never missing: a build killed midway leaves every
file whole and the marker saying the build is incomplete; the next build
completes it.
FLEETFORM_TIMINGS=1 prints the time of each phase on standard error.`,
  positionals: [['FILE', `the fleet file (default: ${DEFAULT_FLEET_FILE}); - reads standard input (then give --out)`]],
  options: {
    out: { type: 'string', short: 'o', value: 'DIR', description: 'the output folder (default: see above)' },
  },
  examples: [
    ['fleetform build', `compile ${DEFAULT_FLEET_FILE} into generated/fleet/`],
    ['fleetform build examples/minimal/fleet.yaml --out /tmp/minimal', 'compile an example elsewhere'],
    ['cd generated/fleet && terraform init && terraform plan', 'then plan it with plain Terraform'],
  ],
  exit: '0 built, 1 invalid fleet, 2 usage or I/O error',
};

/**
 * Where a fleet file builds to when `--out` is not given: the repository
 * layout for `spec/fleet.yaml` and `examples/<x>/fleet.yaml`, otherwise a
 * folder named after the file, beside it, so that two fleet files never
 * share a default (and the default of one is replaced only when the same
 * file built it: see refuseOutFolder's requireSource).
 */
export function defaultOutDir(file: string): string {
  const dir = path.dirname(file);
  if (/^fleet\.ya?ml$/.test(path.basename(file))) {
    if (path.basename(dir) === 'spec') return path.join(dir, '..', 'generated', 'fleet');
    if (path.basename(path.dirname(dir)) === 'examples') return path.join(dir, '..', '..', 'generated', 'examples', path.basename(dir));
  }
  return path.join(dir, 'generated', path.basename(file).replace(/\.ya?ml$/i, ''));
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
  const explicitOut = stringOption(parsed, 'out', 'folder');
  // Standard input has no name to derive a folder from.
  if (explicitOut === undefined && input === STDIN) throw new UsageError('a fleet read from standard input needs --out DIR');
  const out = explicitOut ?? defaultOutDir(input);
  const target = path.resolve(io.cwd, out);
  const fleetPath = input === STDIN ? null : path.resolve(io.cwd, input);
  const source = manifestSource(target, fleetPath);
  const folderContext = { cwd: io.cwd, fleetFile: fleetPath, requireSource: explicitOut === undefined ? source : undefined };
  // Refuse before any work, and again after repairing an interrupted build
  // (which may have put a previous tree back in place). A repair that found
  // nothing to do changed nothing, so the folder (thousands of files for a
  // large fleet) is not walked a second time.
  let refused = refuseOutFolder(target, folderContext);
  if (!refused) {
    let repaired: string[];
    try {
      repaired = recoverInterrupted(target);
    } catch (err) {
      io.stderr(`fleetform build: cannot repair ${out} after an interrupted build: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`);
      return EXIT_USAGE;
    }
    for (const line of repaired) io.stderr(`fleetform build: ${line}\n`);
    if (repaired.length > 0) refused = refuseOutFolder(target, folderContext);
  }
  if (refused) {
    io.stderr(`fleetform build: will not write into ${out}: ${refused.message}\n  hint: ${refused.hint}\n`);
    return EXIT_USAGE;
  }

  // FLEETFORM_TIMINGS=1: phase times on stderr (used by `npm run bench`).
  const timings = io.env.FLEETFORM_TIMINGS ? new Timings(io) : null;
  const read = readFleetFile(input, io);
  if (!read.ok && !read.tooLarge) {
    io.stderr(`fleetform build: ${read.error}\n`);
    return EXIT_USAGE;
  }
  // Too large is a finding about the file (FF008, exit 1), as `check` reports it.
  const checked: CheckResult = read.ok ? checkSource(read.text, file) : { fleet: null, diagnostics: [fileTooLarge(read.tooLarge!.bytes, file, read.tooLarge!.exact)] };
  timings?.lap('check');
  const sources = new Map([[file, read.ok ? read.text : '']]);
  const color = useColor(io, 'stderr');
  if (!checked.fleet) {
    io.stderr(formatDiagnostics(checked.diagnostics, 'text', sources, color));
    return EXIT_INVALID;
  }
  // The emitters load CDKTF; `check` never pays for it.
  const { emitFleet } = loadEmitters();
  timings?.lap('load emitters');
  const emitted = emitFleet(checked.fleet, { file, timings: timings ?? undefined });
  const diagnostics = sortDiagnostics([...checked.diagnostics, ...emitted.diagnostics]);
  if (emitted.diagnostics.some((d) => d.severity === 'error')) {
    io.stderr(formatDiagnostics(diagnostics, 'text', sources, color));
    return EXIT_INVALID;
  }
  if (diagnostics.length > 0) io.stderr(formatDiagnostics(diagnostics, 'text', sources, color));

  try {
    for (const w of writeTreeAtomic(target, withBuildManifest(emitted.files, source))) io.stderr(`fleetform build: warning: ${w}\n`);
    timings?.lap('write');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    io.stderr(`fleetform build: cannot write ${out}: ${e.code ? `${e.code}${e.code === 'EACCES' || e.code === 'EPERM' ? ' (permission denied; the previous build is unchanged)' : ''}` : e.message}\n`);
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
