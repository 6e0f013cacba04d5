/**
 * The one argument parser of the `fleetform` command, on Node's built-in
 * `util.parseArgs` (no start-up cost, POSIX-style `--name value`,
 * `--name=value`, `-h`, `--`). Each command declares a `CommandSpec`: the
 * same table parses its arguments and writes its `--help`, so the help can
 * never list an option the parser does not know, or miss one it does.
 */
import { parseArgs as nodeParseArgs } from 'node:util';
import { UsageError } from './io';
import { didYouMean } from '../validate/suggest';

export interface OptionSpec {
  type: 'string' | 'boolean';
  /** May be given more than once; the value is then a string[]. */
  multiple?: boolean;
  /** One-letter alias, e.g. `o` for `-o`. */
  short?: string;
  /** The value's placeholder in the help, e.g. `DIR`. */
  value?: string;
  /** One line: what the option does, and its default. */
  description: string;
}

export interface CommandSpec {
  name: string;
  /** The synopsis after `fleetform `, one line per form. */
  synopsis: string[];
  /** What the command does, a few lines. */
  description: string;
  /** Positional arguments by placeholder, each with its meaning. */
  positionals?: [string, string][];
  options: Record<string, OptionSpec>;
  /** Commands a user would type, each with a comment. */
  examples: [string, string][];
  /** The exit statuses, e.g. `0 valid, 1 invalid, 2 usage or I/O error`. */
  exit: string;
}

export interface Parsed {
  positionals: string[];
  /** Options given, by long name. */
  values: Record<string, string | boolean | string[] | undefined>;
  /** True when -h/--help was given: print `helpText(spec)` and exit 0. */
  help: boolean;
}

const HELP: OptionSpec = { type: 'boolean', short: 'h', description: 'show this help and exit' };

/** Parse a command's arguments; unknown or malformed options are `UsageError`s naming the fix. */
export function parseCommandArgs(spec: CommandSpec, args: readonly string[]): Parsed {
  const options = { ...spec.options, help: HELP };
  const config: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [name, o] of Object.entries(options)) config[name] = { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) };
  // `-h`/`--help` before any `--` wins over everything else, even a bad option.
  const end = args.indexOf('--');
  if ((end < 0 ? args : args.slice(0, end)).some((a) => a === '-h' || a === '--help')) return { positionals: [], values: {}, help: true };
  try {
    const r = nodeParseArgs({ args: [...args], options: config, allowPositionals: true, strict: true });
    return { positionals: r.positionals, values: r.values as Parsed['values'], help: r.values.help === true };
  } catch (err) {
    throw new UsageError(explain(err as Error & { code?: string }, spec, args));
  }
}

/** util.parseArgs's message, in our words, with the fix. */
function explain(err: Error & { code?: string }, spec: CommandSpec, args: readonly string[]): string {
  const see = `run \`fleetform ${spec.name} --help\` for its options`;
  const named = /'(-[^' ,]+)/.exec(err.message)?.[1] ?? '';
  // Messages about a value name the option as '-o, --out <value>': take the long name.
  const long = /'(?:-[^ ,]+, )?--([^' =]+)/.exec(err.message)?.[1] ?? named.replace(/^-+/, '').replace(/=.*/, '');
  if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const guess = didYouMean(long, Object.keys(spec.options)).replace(/`([^`]+)`/g, '`--$1`');
    return `unknown option '${named}'${guess ? `; ${guess}` : ''} (${see})`;
  }
  if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const opt = spec.options[long];
    const name = long;
    if (opt?.type === 'boolean') return `--${name} takes no value (${see})`;
    // `--out -x`: parseArgs refuses a value that looks like an option.
    if (/ambiguous/.test(err.message)) return `--${name} needs a ${opt?.value ?? 'value'}; to give one that starts with '-', write --${name}=VALUE`;
    return `--${name} needs a ${opt?.value ?? 'value'} (${see})`;
  }
  if (err.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `unexpected argument (${see})`;
  return `${err.message} (${see}; arguments: ${args.join(' ')})`;
}

/** A string option's value, '' refused: `--out ''` is a mistake, not "the current folder". */
export function stringOption(parsed: Parsed, name: string, placeholder: string): string | undefined {
  const v = parsed.values[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v === '') throw new UsageError(`--${name} needs a ${placeholder}`);
  return v;
}

/** `fleetform <command> --help`: usage, what it does, every argument and option, examples, exit status. */
export function helpText(spec: CommandSpec): string {
  const lines: string[] = [];
  spec.synopsis.forEach((s, i) => lines.push(`${i === 0 ? 'usage: ' : '       '}fleetform ${s}`));
  lines.push('', spec.description.trimEnd(), '');
  const rows: [string, string][] = [...(spec.positionals ?? [])];
  for (const [name, o] of Object.entries({ ...spec.options, help: HELP })) {
    const flag = `${o.short ? `-${o.short}, ` : '    '}--${name}${o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : ''}${o.multiple ? ' ...' : ''}`;
    rows.push([flag, o.description]);
  }
  const width = Math.min(32, Math.max(...rows.map(([f]) => f.length)));
  if (spec.positionals?.length) {
    lines.push('arguments:');
    for (const [f, d] of spec.positionals) lines.push(`  ${f.padEnd(width)}  ${d}`);
    lines.push('');
  }
  lines.push('options:');
  for (const [f, d] of rows.slice(spec.positionals?.length ?? 0)) lines.push(f.length > width ? `  ${f}\n  ${' '.repeat(width)}  ${d}` : `  ${f.padEnd(width)}  ${d}`);
  lines.push('', 'examples:');
  for (const [cmd, why] of spec.examples) lines.push(`  ${cmd}`, `      ${why}`);
  lines.push('', `exit status: ${spec.exit}`, '');
  return lines.join('\n');
}
