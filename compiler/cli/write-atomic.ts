/**
 * Replace a whole output folder atomically: write everything into a fresh
 * folder beside the target, then swap it in with renames. A failure before
 * the swap leaves the previous folder untouched; the previous folder is kept
 * until the new one is in place, and put back if that rename fails.
 *
 * Renames are atomic only within one file system, hence "beside the target"
 * rather than in the system temp folder.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { OutputFile } from '../emit/output-file';

export function writeTreeAtomic(target: string, files: readonly OutputFile[]): void {
  const parent = path.dirname(target);
  fs.mkdirSync(parent, { recursive: true });
  const base = path.basename(target);
  const staging = fs.mkdtempSync(path.join(parent, `.${base}.new-`));
  try {
    for (const f of files) {
      const dest = path.join(staging, ...f.path.split('/'));
      if (path.relative(staging, dest).startsWith('..') || path.isAbsolute(f.path)) throw new Error(`output path escapes the output folder: ${f.path}`);
      fs.mkdirSync(path.dirname(dest), { recursive: true });
      fs.writeFileSync(dest, f.content, { mode: f.mode });
      // writeFileSync's mode is filtered by the umask; the emitted mode is the contract.
      fs.chmodSync(dest, f.mode);
    }
    fs.chmodSync(staging, 0o755);
  } catch (err) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw err;
  }
  let previous: string | null = null;
  if (fs.existsSync(target)) {
    previous = `${staging}.old`;
    fs.renameSync(target, previous);
  }
  try {
    fs.renameSync(staging, target);
  } catch (err) {
    if (previous) fs.renameSync(previous, target);
    fs.rmSync(staging, { recursive: true, force: true });
    throw err;
  }
  if (previous) fs.rmSync(previous, { recursive: true, force: true });
}
