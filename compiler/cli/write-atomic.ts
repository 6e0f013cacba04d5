/**
 * Replace a whole output folder so that no interruption loses it: write
 * everything into a fresh staging folder beside the target
 * (`.<name>.new-XXXXXX`), move the previous folder aside
 * (`.<name>.old-XXXXXX`), move the staging folder in, then delete the
 * previous one.
 *
 * Renames are atomic only within one file system, hence "beside the target"
 * rather than in the system temp folder. POSIX has no portable atomic
 * exchange of two folders, so between the two renames the target is briefly
 * absent; a process killed exactly there leaves the previous tree complete at
 * `.<name>.old-XXXXXX`, and every later write first runs
 * `recoverInterrupted`, which puts it back (and deletes abandoned staging
 * folders and previous trees whose replacement completed). Only names of
 * exactly those two shapes are ever touched.
 *
 * Whether the target may be replaced at all is decided before, by
 * `refuseOutFolder` (out-folder.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { OutputFile } from '../emit/output-file';

/** Test hooks: `step` is called after each step, so a test can kill the process at every point. */
export interface WriteHooks {
  step?: (name: string) => void;
}

/** Leftovers of interrupted writes of `target`: previous trees to restore or delete, staging folders to delete. */
function leftovers(target: string): { old: string[]; staging: string[] } {
  const parent = path.dirname(target);
  const prefix = `.${path.basename(target)}.`;
  let names: string[];
  try {
    names = fs.readdirSync(parent);
  } catch {
    return { old: [], staging: [] };
  }
  const ours = (kind: string) =>
    names
      .filter((n) => n.startsWith(`${prefix}${kind}-`) && /^[A-Za-z0-9]{6}$/.test(n.slice(prefix.length + kind.length + 1)))
      .sort()
      .map((n) => path.join(parent, n));
  return { old: ours('old'), staging: ours('new') };
}

/**
 * Repair what an interrupted write left: when the target is missing and a
 * previous tree was moved aside, put it back; then delete the rest. Returns
 * what it did, one line each.
 */
export function recoverInterrupted(target: string): string[] {
  const done: string[] = [];
  const { old, staging } = leftovers(target);
  let present = exists(target);
  for (const o of old) {
    if (!present) {
      fs.renameSync(o, target);
      present = true;
      done.push(`restored ${path.basename(target)} from ${path.basename(o)} (an earlier build was interrupted)`);
    } else {
      fs.rmSync(o, { recursive: true, force: true });
      done.push(`removed ${path.basename(o)} (left by an interrupted build)`);
    }
  }
  for (const s of staging) {
    fs.rmSync(s, { recursive: true, force: true });
    done.push(`removed ${path.basename(s)} (left by an interrupted build)`);
  }
  return done;
}

/** Replace `target` with exactly `files`. Returns warnings (the build is in place even when there are some). */
export function writeTreeAtomic(target: string, files: readonly OutputFile[], hooks: WriteHooks = {}): string[] {
  const step = hooks.step ?? (() => {});
  const parent = path.dirname(target);
  fs.mkdirSync(parent, { recursive: true });
  recoverInterrupted(target);
  const previousExists = exists(target);
  // Fail before touching anything when the previous tree could not be
  // removed afterwards (a read-only folder in it): otherwise the new tree
  // would be in place and the old one stranded beside it.
  if (previousExists) assertRemovable(target);
  const staging = fs.mkdtempSync(path.join(parent, `.${path.basename(target)}.new-`));
  step('staging created');
  try {
    for (const f of files) {
      const dest = path.join(staging, ...f.path.split('/'));
      if (path.relative(staging, dest).startsWith('..') || path.isAbsolute(f.path)) throw new Error(`output path escapes the output folder: ${f.path}`);
      fs.mkdirSync(path.dirname(dest), { recursive: true });
      fs.writeFileSync(dest, f.content, { mode: f.mode });
      // writeFileSync's mode is filtered by the umask; the emitted mode is the contract.
      fs.chmodSync(dest, f.mode);
      step(`wrote ${f.path}`);
    }
    fs.chmodSync(staging, 0o755);
  } catch (err) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw err;
  }
  const previous = `${path.join(parent, `.${path.basename(target)}.old-`)}${staging.slice(-6)}`;
  if (previousExists) {
    try {
      fs.renameSync(target, previous);
    } catch (err) {
      fs.rmSync(staging, { recursive: true, force: true });
      throw err;
    }
    step('previous moved aside');
  }
  try {
    fs.renameSync(staging, target);
  } catch (err) {
    if (previousExists) fs.renameSync(previous, target);
    fs.rmSync(staging, { recursive: true, force: true });
    throw err;
  }
  step('new in place');
  if (!previousExists) return [];
  try {
    fs.rmSync(previous, { recursive: true, force: true });
  } catch (err) {
    return [`the previous build is left at ${previous} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); the next build removes it`];
  }
  step('previous removed');
  return [];
}

function exists(p: string): boolean {
  try {
    fs.lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

/** Throws EACCES when some folder in the tree does not let us delete its entries. */
function assertRemovable(dir: string): void {
  try {
    fs.accessSync(dir, fs.constants.W_OK | fs.constants.X_OK);
  } catch (err) {
    const e = new Error(`${dir} is not writable, so the previous build could not be replaced`) as NodeJS.ErrnoException;
    e.code = (err as NodeJS.ErrnoException).code ?? 'EACCES';
    throw e;
  }
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) assertRemovable(path.join(dir, entry.name));
  }
}
