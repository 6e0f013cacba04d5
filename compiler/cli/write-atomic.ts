/**
 * Write a build's files into its output folder so that no interruption loses
 * the folder or leaves a half-written file in it.
 *
 * Everything is first written into a fresh staging folder beside the target
 * (`.<name>.new-XXXXXX`; renames are atomic only within one file system, hence
 * beside it rather than in the system temp folder). Then:
 *
 *   - a target that does not exist yet: the staging folder is renamed into
 *     place, in one atomic step;
 *   - an existing target is updated in place, never moved: POSIX has no
 *     portable atomic exchange of two folders (Linux's renameat2
 *     RENAME_EXCHANGE has no Node binding), and moving the old folder aside
 *     first would leave the target missing between two renames. So:
 *       1. the marker (BUILD_MANIFEST) is replaced by an interim one that lists
 *          the files of both builds and says `"complete": false`, so the folder
 *          stays recognisably ours whatever happens next;
 *       2. each new file is renamed over its old version (one atomic rename per
 *          file: a reader sees the whole old file or the whole new one); a
 *          file of the previous build that already has the new content and
 *          mode is left as it is, not even staged (rebuilding a large fleet
 *          changes few of its thousands of files, and creating, renaming
 *          and unlinking each one was most of the write);
 *       3. files of the previous build that this one does not write are deleted
 *          (only files the previous marker lists), then folders they leave empty;
 *       4. the final marker is renamed into place; the staging folder removed.
 *
 * A kill at any moment leaves the target present, every file in it whole, and
 * a marker that lists everything the build wrote; until step 4 the marker says
 * the build is incomplete, and the next build (which first runs
 * `recoverInterrupted`, deleting abandoned staging folders) finishes the job.
 * Files the marker does not list (Terraform's working files, see
 * out-folder.ts) are never touched.
 *
 * Whether the target may be written at all is decided before, by
 * `refuseOutFolder` (out-folder.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { OutputFile } from '../emit/output-file';
import { compareStrings as byCodeUnit } from '../lower/source';
import { BUILD_MANIFEST, readBuildManifest, type BuildManifest } from './out-folder';

/** Test hooks: `step` is called after each step, so a test can kill the process at every point. */
export interface WriteHooks {
  step?: (name: string) => void;
}

/** Names beside `target` that earlier writes of it left: staging folders, and previous trees of the older rename-aside scheme. */
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
      .sort(byCodeUnit)
      .map((n) => path.join(parent, n));
  return { old: ours('old'), staging: ours('new') };
}

/**
 * Repair what an interrupted write left beside the target: delete abandoned
 * staging folders. (A previous tree moved aside by Fleetform versions that
 * replaced the folder by two renames is put back when the target is missing,
 * else deleted.) Returns what it did, one line each; an interrupted in-place
 * update is reported too, and is finished by the write that follows.
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
  if (present && readBuildManifest(target)?.complete === false) done.push(`${path.basename(target)} holds an interrupted build; this build completes it`);
  return done;
}

/**
 * Make `target` hold exactly `files` (one of which is BUILD_MANIFEST), plus
 * whatever unlisted files it held. Returns warnings (the build is in place
 * even when there are some).
 */
export function writeTreeAtomic(target: string, files: readonly OutputFile[], hooks: WriteHooks = {}): string[] {
  const step = hooks.step ?? (() => {});
  if (!files.some((f) => f.path === BUILD_MANIFEST)) throw new Error(`internal: a build's files must include ${BUILD_MANIFEST}`);
  const parent = path.dirname(target);
  fs.mkdirSync(parent, { recursive: true });
  recoverInterrupted(target);
  const previousExists = exists(target);
  const previousFiles = previousExists ? (readBuildManifest(target)?.files ?? []) : [];
  // Fail before touching anything when a folder of the target does not let
  // us replace its entries (a read-only folder): the previous build stays as it was.
  if (previousExists) assertWritable(target, [...previousFiles, ...files.map((f) => f.path)]);
  const unchanged = previousExists ? unchangedFiles(target, files, previousFiles) : new Set<string>();
  const staging = fs.mkdtempSync(path.join(parent, `.${path.basename(target)}.new-`));
  step('staging created');
  try {
    for (const f of files) {
      if (unchanged.has(f.path)) continue;
      const dest = inside(staging, f.path);
      fs.mkdirSync(path.dirname(dest), { recursive: true });
      fs.writeFileSync(dest, f.content, { mode: f.mode });
      // writeFileSync's mode is filtered by the umask; the emitted mode is the contract.
      fs.chmodSync(dest, f.mode);
      step(`wrote ${f.path}`);
    }
    fs.chmodSync(staging, 0o755);
    if (!previousExists) {
      fs.renameSync(staging, target);
      step('new in place');
      return [];
    }
    updateInPlace(target, staging, files, unchanged, step);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  step('staging removed');
  return [];
}

/** Steps 1-4 of the header, for an existing target; `staging` holds every new file. */
function updateInPlace(target: string, staging: string, files: readonly OutputFile[], unchanged: ReadonlySet<string>, step: (name: string) => void): void {
  const manifestFile = files.find((f) => f.path === BUILD_MANIFEST)!;
  const next = JSON.parse(manifestFile.content) as BuildManifest;
  const previous = readBuildManifest(target)?.files ?? [];
  const nextSet = new Set(next.files);

  // 1. The interim marker: both builds' files, incomplete.
  const interim: BuildManifest = { ...next, complete: false, files: [...new Set([...previous, ...next.files])].sort(byCodeUnit) };
  const interimPath = path.join(staging, `${BUILD_MANIFEST}.interim`);
  fs.writeFileSync(interimPath, `${JSON.stringify(interim, null, 2)}\n`, { mode: manifestFile.mode });
  fs.chmodSync(interimPath, manifestFile.mode);
  fs.renameSync(interimPath, path.join(target, BUILD_MANIFEST));
  step('marked incomplete');

  // 2. Every new file over its old version.
  for (const f of files) {
    if (f.path === BUILD_MANIFEST || unchanged.has(f.path)) continue;
    const dest = inside(target, f.path);
    makeFoldersFor(target, f.path);
    // A folder of the previous build where this one writes a file: it holds only listed files (refuseOutFolder checked).
    if (isFolder(dest)) fs.rmSync(dest, { recursive: true, force: true });
    fs.renameSync(inside(staging, f.path), dest);
    step(`placed ${f.path}`);
  }

  // 3. What the previous build wrote and this one does not, then the folders that leaves empty.
  for (const stale of previous.filter((p) => !nextSet.has(p) && p !== BUILD_MANIFEST)) {
    removeFile(inside(target, stale));
    removeEmptyFolders(target, path.posix.dirname(stale));
    step(`removed ${stale}`);
  }

  // 4. The final marker.
  fs.renameSync(inside(staging, BUILD_MANIFEST), path.join(target, BUILD_MANIFEST));
  step('marked complete');
}

/**
 * The new build's files that the previous build (`previous`, its marker's
 * list) left in `target` with exactly the same content and mode: a regular
 * file, not a link. The marker is never among them.
 */
function unchangedFiles(target: string, files: readonly OutputFile[], previous: readonly string[]): Set<string> {
  const listed = new Set(previous);
  const out = new Set<string>();
  // Two 64 KiB buffers for all the comparisons, a chunk at a time: two fresh
  // ones per file (thousands of them) cost as much as reading the files, and
  // whole-file ones would hold two copies of a 30 MB main.tf.json.
  const scratch = { want: Buffer.allocUnsafe(CHUNK_BYTES), have: Buffer.allocUnsafe(CHUNK_BYTES) };
  for (const f of files) {
    if (f.path !== BUILD_MANIFEST && listed.has(f.path) && holdsExactly(inside(target, f.path), f, scratch)) out.add(f.path);
  }
  return out;
}

const CHUNK_BYTES = 64 * 1024;
const CHUNK_UNITS = Math.floor(CHUNK_BYTES / 3);
const ENCODER = new TextEncoder();

/** Whether `p` is a regular file (not a link) with exactly `f`'s content and mode; compared a chunk at a time. */
function holdsExactly(p: string, f: OutputFile, scratch: { want: Buffer; have: Buffer }): boolean {
  let fd: number;
  try {
    // O_NOFOLLOW: a link where a file goes is replaced, never read through.
    fd = fs.openSync(p, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
  } catch {
    return false;
  }
  try {
    const st = fs.fstatSync(fd);
    const size = Buffer.byteLength(f.content, 'utf8');
    if (!st.isFile() || (st.mode & 0o7777) !== f.mode || st.size !== size) return false;
    // The content is encoded a slice at a time: CHUNK_UNITS UTF-16 units take at most 3 bytes each.
    let unit = 0;
    let byte = 0;
    while (unit < f.content.length) {
      let end = Math.min(unit + CHUNK_UNITS, f.content.length);
      // Never split a surrogate pair: half of one would encode as U+FFFD.
      if (end < f.content.length && /[\ud800-\udbff]/.test(f.content[end - 1])) end -= 1;
      const { written } = ENCODER.encodeInto(f.content.slice(unit, end), scratch.want);
      let got = 0;
      while (got < written) {
        const n = fs.readSync(fd, scratch.have, got, written - got, byte + got);
        if (n === 0) return false;
        got += n;
      }
      if (scratch.want.compare(scratch.have, 0, written, 0, written) !== 0) return false;
      unit = end;
      byte += written;
    }
    return byte === size;
  } finally {
    fs.closeSync(fd);
  }
}

/** `rel` (POSIX, from a build) under `dir`; a path that would leave `dir` is a bug of ours. */
function inside(dir: string, rel: string): string {
  const dest = path.join(dir, ...rel.split('/'));
  if (path.isAbsolute(rel) || path.relative(dir, dest).startsWith('..')) throw new Error(`output path escapes the output folder: ${rel}`);
  return dest;
}

/** Create the folders of `rel` under `target`, replacing a previous build's file that stands where a folder goes. */
function makeFoldersFor(target: string, rel: string): void {
  const parts = rel.split('/').slice(0, -1);
  for (let i = 1; i <= parts.length; i++) {
    const dir = inside(target, parts.slice(0, i).join('/'));
    if (exists(dir) && !isFolder(dir)) fs.rmSync(dir, { force: true });
    if (!exists(dir)) fs.mkdirSync(dir, { mode: 0o755 });
  }
}

/** Remove `rel` and its parents up to (not including) `target` while they are empty. */
function removeEmptyFolders(target: string, rel: string): void {
  for (let r = rel; r !== '.' && r !== ''; r = path.posix.dirname(r)) {
    const dir = inside(target, r);
    try {
      if (fs.readdirSync(dir).length > 0) return;
      fs.rmdirSync(dir);
    } catch {
      return;
    }
  }
}

/** Delete a file that may already be gone (with its folder, replaced by a file of the new build). */
function removeFile(p: string): void {
  try {
    if (!fs.lstatSync(p).isDirectory()) fs.unlinkSync(p);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw err;
  }
}

function exists(p: string): boolean {
  try {
    fs.lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

function isFolder(p: string): boolean {
  try {
    return fs.lstatSync(p).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Throws EACCES when a folder the write changes (the target, or one that
 * holds a file of either build) does not let us replace its entries. Folders
 * of unlisted files (Terraform's `.terraform/`) are not the build's business.
 */
function assertWritable(target: string, files: readonly string[]): void {
  const folders = new Set<string>(['.']);
  for (const f of files) for (let d = path.posix.dirname(f); d !== '.'; d = path.posix.dirname(d)) folders.add(d);
  for (const rel of [...folders].sort(byCodeUnit)) {
    const dir = rel === '.' ? target : inside(target, rel);
    if (!isFolder(dir)) continue;
    try {
      fs.accessSync(dir, fs.constants.W_OK | fs.constants.X_OK);
    } catch (err) {
      const e = new Error(`${dir} is not writable, so the previous build could not be replaced`) as NodeJS.ErrnoException;
      e.code = (err as NodeJS.ErrnoException).code ?? 'EACCES';
      throw e;
    }
  }
}
