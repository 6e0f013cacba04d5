#!/usr/bin/env node
/**
 * The `fleetform` command. Each subcommand lives in its own module and is
 * loaded only when asked for, so `fleetform check` never pays for CDKTF,
 * and `--help`/`--version` pay for nothing at all.
 */
import { isatty } from 'node:tty';
import { CliIO, Command, EXIT_USAGE, UsageError } from './io';

const COMMANDS: Record<string, { summary: string; load: () => Command }> = {
  init: { summary: 'write a starting fleet.yaml that checks clean', load: () => require('./commands/init').init },
  check: { summary: 'validate a fleet file and report every problem at once', load: () => require('./commands/check').check },
  build: { summary: 'compile a fleet into Terraform JSON and provisioning files', load: () => require('./commands/build').build },
  keys: { summary: "print the commands that create and install a host's SSH keys", load: () => require('./commands/keys').keys },
  explain: { summary: 'explain a diagnostic code, with a fleet that triggers it and the fix', load: () => require('./commands/explain').explain },
  'plan-comment': { summary: 'render a PR comment from `terraform show -json` output', load: () => require('./commands/plan-comment').planComment },
  diff: { summary: 'describe the change between two fleet files in fleet terms', load: () => require('./commands/diff').diff },
  graph: { summary: 'draw the fleet as a Mermaid flowchart', load: () => require('./commands/graph').graph },
  bootstrap: { summary: 'print the Terraform that creates the state bucket and GitHub OIDC roles', load: () => require('./commands/bootstrap').bootstrap },
};

export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return [
    'usage: fleetform <command> [options] [FILE]',
    '       fleetform --help | --version',
    '',
    'commands:',
    ...lines,
    '',
    'FILE defaults to spec/fleet.yaml; `-` reads standard input.',
    'Run `fleetform <command> --help` for its options and examples.',
    '',
  ].join('\n');
}

/** The package's version, from the package.json at the package root (dist/ has none). */
export function version(): string {
  const { PACKAGE_ROOT } = require('../paths') as typeof import('../paths');
  return (require(require('node:path').join(PACKAGE_ROOT, 'package.json')) as { version: string }).version;
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    // `fleetform help check` is `fleetform check --help`.
    if (name === 'help' && rest[0] !== undefined && COMMANDS[rest[0]]) return main([rest[0], '--help'], io);
    (name === undefined ? io.stderr : io.stdout)(usage());
    return name === undefined ? EXIT_USAGE : 0;
  }
  if (name === '--version' || name === '-V') {
    io.stdout(`fleetform ${version()}\n`);
    return 0;
  }
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!entry) {
    const { didYouMean } = require('../validate/suggest') as typeof import('../validate/suggest');
    const guess = didYouMean(name, Object.keys(COMMANDS));
    const what = name.startsWith('-') ? `unknown option '${name}'` : `unknown command '${name}'`;
    io.stderr(`fleetform: ${what}${guess ? `; ${guess}` : ''}\n\n${usage()}`);
    return EXIT_USAGE;
  }
  try {
    return await entry.load()(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`fleetform ${name}: ${err.message}\n`);
      return EXIT_USAGE;
    }
    // A bug of ours, not the user's: say so plainly, without a stack trace
    // unless asked for one.
    const detail = io.env.FLEETFORM_DEBUG ? `\n${(err as Error)?.stack ?? String(err)}` : '';
    io.stderr(`fleetform ${name}: internal error: ${(err as Error)?.message ?? String(err)}${detail}\nThis is a bug in Fleetform; set FLEETFORM_DEBUG=1 for details.\n`);
    return EXIT_USAGE;
  }
}

/** The process's streams as a CliIO. */
export function processIO(): CliIO {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    cwd: process.cwd(),
    env: process.env,
    stdin: (limit) => (require('./read-fleet') as typeof import('./read-fleet')).readBounded(0, limit),
    // isatty on the descriptors: reading process.stdin.isTTY would set up a stdin stream, a few milliseconds of every call.
    tty: { stdin: isatty(0), stdout: isatty(1), stderr: isatty(2) },
    ask: (question) => require('./ask').ask(question),
  };
}

/** Run the command line of this process; the exit code becomes process.exitCode. */
export function run(argv: string[] = process.argv.slice(2)): void {
  main(argv, processIO()).then(
    (code) => {
      process.exitCode = code;
    },
    () => {
      process.exitCode = EXIT_USAGE;
    },
  );
}

if (require.main === module) run();
