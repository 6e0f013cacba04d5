/**
 * `fleetform explain CODE`: the long description of a diagnostic code, a
 * fleet that triggers it, what `check` says about that fleet, and the fix.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command, EXIT_INVALID, EXIT_OK, EXIT_USAGE, UsageError } from '../io';
import { CommandSpec, helpText, parseCommandArgs } from '../args';
import { PACKAGE_ROOT } from '../../paths';
import { explanationText, type Explanation } from '../../diagnostics/explain';

export const EXPLANATIONS_PATH = path.join(PACKAGE_ROOT, 'generated', 'explain', 'codes.json');

export const SPEC: CommandSpec = {
  name: 'explain',
  synopsis: ['explain CODE', 'explain --list'],
  description: `Explains a diagnostic code (the FF236 of \`error[FF236]\`): what it means,
why the rule exists, a fleet that triggers it, what fleetform says about that
fleet, and the fix. The same text, for every code: generated/docs/diagnostics.md.`,
  positionals: [['CODE', 'a code such as FF236 (ff236 and 236 work too)']],
  options: {
    list: { type: 'boolean', description: 'list every code with its one-line meaning' },
  },
  examples: [
    ['fleetform explain FF236', 'explain FF236'],
    ['fleetform explain --list', 'every code'],
  ],
  exit: '0 explained, 1 no such code, 2 usage error',
};

export const explain: Command = async (args, io) => {
  const a = parseCommandArgs(SPEC, args);
  if (a.help) {
    io.stdout(helpText(SPEC));
    return EXIT_OK;
  }
  let entries: Record<string, Explanation>;
  try {
    entries = JSON.parse(fs.readFileSync(EXPLANATIONS_PATH, 'utf8'));
  } catch (err) {
    io.stderr(`fleetform explain: cannot read ${path.relative(io.cwd, EXPLANATIONS_PATH)} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); run npm run generate\n`);
    return EXIT_USAGE;
  }
  if (a.values.list) {
    if (a.positionals.length) throw new UsageError('give a CODE or --list, not both');
    io.stdout(Object.values(entries).map((e) => `${e.code}  ${e.meaning}\n`).join(''));
    return EXIT_OK;
  }
  if (a.positionals.length !== 1) throw new UsageError('give one diagnostic code, e.g. fleetform explain FF236 (run `fleetform explain --help`)');
  const given = a.positionals[0];
  const code = /^(?:ff)?\d{3}$/i.test(given) ? `FF${given.slice(-3)}` : given;
  const entry = Object.hasOwn(entries, code) ? entries[code] : undefined;
  if (!entry) {
    io.stderr(`fleetform explain: no diagnostic code '${given}'; codes are FF001 to FF${Object.keys(entries).sort().pop()?.slice(2)} (fleetform explain --list)\n`);
    return EXIT_INVALID;
  }
  io.stdout(explanationText(entry));
  return EXIT_OK;
};
