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
import { loadFleet, parseArgs } from '../../emit/review/args';
import { diffFleets } from '../../emit/review/diff/diff';
import { diffJson, diffMarkdown, diffText } from '../../emit/review/diff/render';
import type { Fleet } from '../../model/fleet';
import { toMarkdown } from '../../emit/review/markdown';
import { maskAccountIds } from '../../emit/review/plan/redact';

const USAGE = 'usage: fleetform diff BASE_FILE HEAD_FILE | fleetform diff --base GIT_REF [HEAD_FILE]   [--format text|markdown|json] [--show-account-ids]\n';

export const diff: Command = async (args, io) => {
  const a = parseArgs(args, ['base', 'format'], ['help', 'show-account-ids']);
  if (a.flags.has('help')) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  const format = a.values.format ?? 'text';
  if (!['text', 'markdown', 'json'].includes(format)) throw new UsageError(`--format is '${format}'; use text, markdown or json`);

  let baseText: string | null;
  let baseName: string;
  let headFile: string;
  if (a.values.base !== undefined) {
    if (a.positional.length > 1) throw new UsageError(`with --base, give at most one fleet file\n${USAGE}`);
    headFile = a.positional[0] ?? 'spec/fleet.yaml';
    const fromGit = gitShow(a.values.base, headFile, io);
    if (fromGit === undefined) return EXIT_USAGE;
    baseText = fromGit;
    baseName = `${a.values.base}:${headFile}`;
  } else {
    if (a.positional.length !== 2) throw new UsageError(`give two fleet files, or --base GIT_REF\n${USAGE}`);
    baseName = a.positional[0];
    headFile = a.positional[1];
    baseText = readInputFile(baseName, io, 'diff');
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
  const head = loadFleet(headText, headFile);
  if (!head.fleet) {
    io.stderr(head.report);
    return EXIT_INVALID;
  }
  const changes = diffFleets(base, head.fleet);
  // Markdown is for a PR, which every reader of the repository sees: account IDs are masked there unless asked for.
  const markdown = (): string => toMarkdown(diffMarkdown(changes, headFile), { redact: a.flags.has('show-account-ids') ? undefined : maskAccountIds });
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

