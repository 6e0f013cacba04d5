/**
 * A small, strict argument parser: `--flag value`, `--flag=value`, booleans,
 * positionals. Unknown flags are usage errors, never silently ignored.
 */
import { UsageError } from './io';

export type FlagKinds = Record<string, 'string' | 'boolean'>;

export interface ParsedArgs {
  positional: string[];
  flags: Record<string, string | boolean | undefined> & { help?: boolean };
}

export function parseArgs(args: readonly string[], kinds: FlagKinds, usage: string): ParsedArgs {
  const positional: string[] = [];
  const flags: Record<string, string | boolean | undefined> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (a === '-h') {
      flags.help = true;
      continue;
    }
    if (!a.startsWith('--') || a === '-') {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
    const kind = kinds[name];
    if (!kind) throw new UsageError(`unknown option --${name}\n\n${usage}`);
    if (kind === 'boolean') {
      if (eq >= 0) throw new UsageError(`--${name} takes no value\n\n${usage}`);
      flags[name] = true;
    } else {
      const value = eq >= 0 ? a.slice(eq + 1) : args[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value\n\n${usage}`);
      flags[name] = value;
    }
  }
  return { positional, flags };
}
