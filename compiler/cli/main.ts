#!/usr/bin/env node
/**
 * The `fleetform` command. Each subcommand lives in its own module and is
 * loaded only when asked for, so `fleetform check` never pays for CDKTF.
 */
import { CliIO, Command, EXIT_USAGE, UsageError } from './io';

const COMMANDS: Record<string, { summary: string; load: () => Command }> = {
  check: { summary: 'validate a fleet file and report every problem at once', load: () => require('./commands/check').check },
  build: { summary: 'compile a fleet into Terraform JSON and provisioning files', load: () => require('./commands/build').build },
  'plan-comment': { summary: 'render a PR comment from `terraform show -json` output', load: () => require('./commands/plan-comment').planComment },
  diff: { summary: 'describe the change between two fleet files in fleet terms', load: () => require('./commands/diff').diff },
  graph: { summary: 'draw the fleet as a Mermaid flowchart', load: () => require('./commands/graph').graph },
  bootstrap: { summary: 'print the Terraform that creates the state bucket and GitHub OIDC roles', load: () => require('./commands/bootstrap').bootstrap },
};

export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `usage: fleetform <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nRun \`fleetform <command> --help\` for a command's options.\n`;
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout)(usage());
    return name === undefined ? EXIT_USAGE : 0;
  }
  if (name === '--version' || name === '-V') {
    io.stdout(`${require('../../package.json').version}\n`);
    return 0;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    io.stderr(`fleetform: unknown command '${name}'\n\n${usage()}`);
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

if (require.main === module) {
  const io: CliIO = {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    cwd: process.cwd(),
    env: process.env,
  };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    () => {
      process.exitCode = EXIT_USAGE;
    },
  );
}
