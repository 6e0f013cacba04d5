/**
 * One mutant through every command a user or CI runs on a fleet file:
 * `build` (which checks first; into a folder that holds the previous
 * build), then `diff` against its seed, `graph`, and `plan-comment` with a
 * real plan. Each runs
 * in-process through the CLI entry point, as `fleetform` would.
 *
 * What counts as a failure:
 * - crash: an exception out of a command, "internal error" on stderr, or an
 *   exit status other than 0 (done), 1 (invalid fleet) or 2 (a file that
 *   cannot be read as a fleet, e.g. one holding a NUL byte: "not a text file");
 * - partial write: after `build`, the output folder is not exactly one
 *   whole build (the files its marker lists, with the content of this
 *   build when it succeeded, or the previous build untouched when it
 *   failed), or staging/previous-tree folders are left beside it.
 * Hangs are caught by the campaign's watchdog (scripts/fuzz.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../compiler/cli/main';
import type { CliIO } from '../../compiler/cli/io';
import { BUILD_MANIFEST, readBuildManifest } from '../../compiler/cli/out-folder';

export interface Workdir {
  dir: string;
  /** A terraform show -json plan for plan-comment. */
  plan: string;
}

export interface Outcome {
  /** The mutant built (it checked and emitted). */
  built: boolean;
  /** Commands run. */
  commands: number;
  crashes: string[];
  partialWrites: string[];
}

function io(cwd: string): CliIO & { out: string; err: string } {
  const o = { out: '', err: '', cwd, env: { FLEETFORM_DEBUG: '1' } as Record<string, string | undefined>, stdout: (t: string) => { o.out += t; }, stderr: (t: string) => { o.err += t; } };
  return o;
}

/** The tree under `dir` as sorted `path` entries, with contents; null when missing. */
function tree(dir: string): Map<string, string> | null {
  if (!fs.existsSync(dir)) return null;
  const out = new Map<string, string>();
  const walk = (rel: string): void => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else out.set(r, fs.readFileSync(path.join(dir, r), 'utf8'));
    }
  };
  walk('');
  return out;
}

const same = (a: Map<string, string> | null, b: Map<string, string> | null): boolean =>
  a === b || (!!a && !!b && a.size === b.size && [...a].every(([k, v]) => b.get(k) === v));

export async function exercise(text: string, seedText: string, work: Workdir, opts: { index: number }): Promise<Outcome> {
  const outcome: Outcome = { built: false, commands: 0, crashes: [], partialWrites: [] };
  fs.writeFileSync(path.join(work.dir, 'mutant.yaml'), text);
  fs.writeFileSync(path.join(work.dir, 'seed.yaml'), seedText);
  const run = async (args: string[], ok: number[]): Promise<{ code: number; err: string }> => {
    const o = io(work.dir);
    outcome.commands += 1;
    let code: number;
    try {
      code = await main(args, o);
    } catch (err) {
      outcome.crashes.push(`${args[0]} threw ${(err as Error).stack ?? String(err)}`);
      return { code: -1, err: o.err };
    }
    // Exit 2 is for files that are not fleet text at all; anything else under 2 (a refusal to write, say) is a finding.
    const unexpected2 = code === 2 && args[0] !== 'diff' && !/is not a text file/.test(o.err);
    if (/internal error/.test(o.err) || !ok.includes(code) || unexpected2) outcome.crashes.push(`${args.join(' ')} exited ${code}: ${o.err.slice(0, 2000)}`);
    return { code, err: o.err };
  };

  const out = path.join(work.dir, 'out');
  const before = tree(out);
  const b = await run(['build', 'mutant.yaml', '--out', 'out'], [0, 1, 2]);
  const after = tree(out);
  const leftovers = fs.readdirSync(work.dir).filter((n) => n.startsWith('.out.'));
  if (leftovers.length) outcome.partialWrites.push(`left beside the output folder: ${leftovers.join(', ')}`);
  if (b.code === 0) {
    outcome.built = true;
    const manifest = readBuildManifest(out);
    const listed = new Set([...(manifest?.files ?? []), BUILD_MANIFEST]);
    const present = [...(after?.keys() ?? [])];
    if (!manifest || present.length !== listed.size || present.some((p) => !listed.has(p))) outcome.partialWrites.push(`build exited 0 but the folder is not one whole build: ${present.join(', ')}`);
  } else if (!same(before, after)) {
    outcome.partialWrites.push(`build exited ${b.code} but changed the output folder`);
  }

  // The review commands read the fleet through the same front end `build`
  // just ran; past a rejected fleet they stop at the same diagnostics, so
  // they run on every mutant that checks, and on every tenth rejected one.
  if (b.code === 0 || opts.index % 10 === 0) {
    await run(['diff', 'seed.yaml', 'mutant.yaml'], [0, 1, 2]);
    await run(['graph', 'mutant.yaml'], [0, 1, 2]);
    await run(['plan-comment', work.plan, '--fleet', 'mutant.yaml'], [0, 1, 2]);
  }
  return outcome;
}
