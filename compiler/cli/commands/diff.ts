/**
 * `fleetform diff BASE HEAD` | `fleetform diff --base GIT_REF [HEAD]` [--format text|markdown|json]
 *
 * The change between two fleet files in fleet terms, with risks called out.
 * With --base, the base is HEAD's path as of that git ref (a fleet file
 * missing at the ref is a new fleet). HEAD defaults to spec/fleet.yaml.
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { CliIO, Command, EXIT_INVALID, EXIT_OK, EXIT_USAGE, UsageError } from '../io';
import { readInputFile } from '../read-input';
import { loadFleet } from '../load-fleet';
import { CommandSpec, helpText, parseCommandArgs, stringOption } from '../args';
import { DEFAULT_FLEET_FILE, displayName, STDIN } from '../read-fleet';
import { diffFleets } from '../../emit/review/diff/diff';
import { diffJson, diffMarkdown, diffText } from '../../emit/review/diff/render';
import type { Fleet } from '../../model/fleet';
import { toMarkdown } from '../../emit/review/markdown';
import { maskAccountIds } from '../../emit/review/plan/redact';

export const SPEC: CommandSpec = {
  name: 'diff',
  synopsis: ['diff BASE_FILE HEAD_FILE [--format text|markdown|json] [--show-account-ids]', 'diff --base GIT_REF [HEAD_FILE] [--format text|markdown|json] [--show-account-ids]'],
  description: `What changes between two fleets, in fleet terms (hosts, pools, services,
listeners, static IPs), with the risky changes called out first. With --base,
the base is HEAD_FILE as of that git commit (a file missing there is a new fleet).`,
  positionals: [
    ['BASE_FILE', 'the fleet before the change; - reads standard input'],
    ['HEAD_FILE', `the fleet after the change (default with --base: ${DEFAULT_FLEET_FILE}); - reads standard input`],
  ],
  options: {
    base: { type: 'string', value: 'GIT_REF', description: 'compare with HEAD_FILE as of this commit, branch or tag' },
    format: { type: 'string', value: 'FORMAT', description: 'text (default), markdown (for a PR comment) or json' },
    'show-account-ids': { type: 'boolean', description: 'markdown: show AWS account IDs; masked as <account> by default' },
  },
  examples: [
    ['fleetform diff --base origin/main', `what this branch changes in ${DEFAULT_FLEET_FILE}`],
    ['fleetform diff old.yaml spec/fleet.yaml --format markdown', 'two files, as Markdown'],
  ],
  exit: '0 compared, 1 a fleet does not check, 2 usage or I/O error',
};

export const diff: Command = async (args, io) => {
  const a = parseCommandArgs(SPEC, args);
  if (a.help) {
    io.stdout(helpText(SPEC));
    return EXIT_OK;
  }
  const format = stringOption(a, 'format', 'format') ?? 'text';
  const baseRef = stringOption(a, 'base', 'git ref');
  if (!['text', 'markdown', 'json'].includes(format)) throw new UsageError(`--format is '${format}'; use text, markdown or json`);

  let baseText: string | null;
  let baseName: string;
  let headFile: string;
  if (baseRef !== undefined) {
    if (a.positionals.length > 1) throw new UsageError('with --base, give at most one fleet file (run `fleetform diff --help`)');
    headFile = a.positionals[0] ?? DEFAULT_FLEET_FILE;
    if (headFile === STDIN) throw new UsageError('with --base, HEAD_FILE must be a file in the repository, not standard input');
    const fromGit = gitShow(baseRef, headFile, io);
    if (fromGit === undefined) return EXIT_USAGE;
    baseText = fromGit;
    baseName = `${baseRef}:${headFile}`;
  } else {
    if (a.positionals.length !== 2) throw new UsageError('give two fleet files, or --base GIT_REF (run `fleetform diff --help`)');
    if (a.positionals[0] === STDIN && a.positionals[1] === STDIN) throw new UsageError('only one of the two fleets can come from standard input');
    baseName = a.positionals[0];
    headFile = a.positionals[1];
    baseText = readInputFile(baseName, io, 'diff');
    baseName = displayName(baseName);
    if (baseText === null) return EXIT_USAGE;
  }
  const headText = readInputFile(headFile, io, 'diff');
  if (headText === null) return EXIT_USAGE;

  let base: Fleet | null = null;
  if (baseText !== null && baseText.trim() !== '') {
    const loaded = loadFleet(baseText, baseName);
    if (!loaded.fleet) {
      io.stderr(`fleetform diff: the base fleet does not check:\n${loaded.report}`);
      return EXIT_INVALID;
    }
    base = loaded.fleet;
  }
  const head = loadFleet(headText, displayName(headFile));
  if (!head.fleet) {
    io.stderr(head.report);
    return EXIT_INVALID;
  }
  const changes = diffFleets(base, head.fleet);
  // Markdown is for a PR, which every reader of the repository sees: account IDs are masked there unless asked for.
  const markdown = (): string => toMarkdown(diffMarkdown(changes, displayName(headFile)), { redact: a.values['show-account-ids'] ? undefined : maskAccountIds });
  io.stdout(format === 'json' ? diffJson(changes) : format === 'markdown' ? markdown() : diffText(changes));
  return EXIT_OK;
};

/** The file at a git ref; null when the ref exists but the file does not; undefined after an error. */
function gitShow(ref: string, file: string, io: CliIO): string | null | undefined {
  if (ref.startsWith('-')) {
    io.stderr(`fleetform diff: --base '${ref}' is not a git ref\n`);
    return undefined;
  }
  const rel = `./${path.relative(io.cwd, path.resolve(io.cwd, file)).split(path.sep).join('/')}`;
  const git = (argv: string[]): string => execFileSync('git', argv, { cwd: io.cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  try {
    git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch {
    io.stderr(`fleetform diff: '${ref}' is not a commit in this repository (fetch it first, e.g. git fetch origin ${ref})\n`);
    return undefined;
  }
  try {
    return git(['show', `${ref}:${rel}`]);
  } catch {
    return null;
  }
}

