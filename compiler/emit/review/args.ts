/**
 * The small argument parser and fleet loader shared by the review commands
 * (plan-comment, diff, graph, bootstrap). Pure: the commands read the files.
 */
import { UsageError } from '../../cli/io';
import type { Fleet } from '../../model/fleet';
import type { CheckResult } from '../../index';

export interface Parsed {
  positional: string[];
  /** Options that take a value, by name without dashes. */
  values: Record<string, string>;
  /** Boolean flags given. */
  flags: Set<string>;
}

/**
 * `--name value`, `--name=value`, boolean `--flag`. Anything else starting with
 * `-` is a usage error naming the option, so a typo never passes silently.
 */
export function parseArgs(args: readonly string[], valued: readonly string[], booleans: readonly string[] = []): Parsed {
  const out: Parsed = { positional: [], values: {}, flags: new Set() };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      out.positional.push(...args.slice(i + 1));
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      out.positional.push(a);
      continue;
    }
    const m = /^--([a-z][a-z-]*)(?:=(.*))?$/.exec(a);
    const name = m?.[1];
    if (name && valued.includes(name)) {
      const value = m![2] ?? args[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      out.values[name] = value;
    } else if (name && booleans.includes(name) && m![2] === undefined) {
      out.flags.add(name);
    } else {
      const known = [...valued.map((v) => `--${v} VALUE`), ...booleans.map((b) => `--${b}`)];
      throw new UsageError(`unknown option '${a}'${known.length ? `; options: ${known.join(', ')}` : ''}`);
    }
  }
  return out;
}

/** The fleet of a fleet.yaml text, or its diagnostics formatted for a terminal. */
export function loadFleet(text: string, file: string): { fleet: Fleet | null; report: string } {
  // Loaded on first use: `plan-comment` without --fleet never pays for the front end (ajv, YAML).
  const { checkSource } = require('../../index') as { checkSource: (text: string, file: string) => CheckResult };
  const { formatDiagnostics } = require('../../diagnostics/format') as typeof import('../../diagnostics/format');
  const r = checkSource(text, file);
  if (r.fleet) return { fleet: r.fleet, report: '' };
  return { fleet: null, report: formatDiagnostics(r.diagnostics, 'text', new Map([[file, text]])) };
}
