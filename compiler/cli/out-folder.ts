/**
 * Which folders `fleetform build` may write. A build owns its output folder:
 * it writes only a folder that does not exist yet, an empty folder, or a
 * folder marked by an earlier build (BUILD_MANIFEST, listing every file that
 * build wrote) that holds nothing else but Terraform's own working files
 * (TERRAFORM_WORKING_FILES: a build updates its files in place and never
 * touches those, so `terraform init` and `plan` may run in the folder).
 * Everything else is refused before anything is touched:
 *
 *   - a symbolic link (never followed, never replaced: give the folder itself);
 *   - a regular file or anything else that is not a folder;
 *   - the working folder, or any folder that holds it or the fleet file;
 *   - a git work tree (holds `.git`);
 *   - a non-empty folder without the marker, or a marked folder that holds
 *     other files the build did not write (your notes: a later build could
 *     delete or overwrite a file of the same name).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { OutputFile } from '../emit/output-file';
import { compareStrings as byCodeUnit } from '../lower/source';

/** The marker a build writes into its output folder. */
export const BUILD_MANIFEST = '.fleetform-build.json';

export interface BuildManifest {
  /** Format version of this file. */
  fleetform_build: 1;
  /** The fleet file, relative to the output folder (POSIX), or `-` for stdin. */
  source: string;
  /** Every file the build wrote, relative to the output folder, in code-unit order; the manifest itself excluded. */
  files: string[];
  /**
   * Present (and false) only while a build updates the folder in place: then
   * `files` lists the files of both builds, and the next build completes the
   * update (write-atomic.ts).
   */
  complete?: false;
}

/**
 * Terraform's working files, which a build leaves alone in its folder: the
 * data folder and dependency lock file of `terraform init`, a local state and
 * its backup and lock, and `tfplan`, the saved plan the workflows write.
 * https://developer.hashicorp.com/terraform/cli/init and
 * https://developer.hashicorp.com/terraform/language/backend/local
 */
export const TERRAFORM_WORKING_FILES: readonly string[] = ['.terraform', '.terraform.lock.hcl', '.terraform.tfstate.lock.info', 'terraform.tfstate', 'terraform.tfstate.backup', 'tfplan'];

/** Whether `rel` (POSIX, relative to the output folder) is one of Terraform's working files or inside `.terraform/`. */
export function isTerraformWorkingFile(rel: string): boolean {
  return TERRAFORM_WORKING_FILES.includes(rel.split('/')[0]);
}

/** The manifest for a build's files; deterministic for the same files and layout. */
export function buildManifest(files: readonly OutputFile[], source: string): OutputFile {
  const manifest: BuildManifest = { fleetform_build: 1, source, files: files.map((f) => f.path).sort(byCodeUnit) };
  return { path: BUILD_MANIFEST, content: `${JSON.stringify(manifest, null, 2)}\n`, mode: 0o644 };
}

/** The files plus their manifest, sorted by path. */
export function withBuildManifest(files: readonly OutputFile[], source: string): OutputFile[] {
  return [...files, buildManifest(files, source)].sort((a, b) => byCodeUnit(a.path, b.path));
}

/** The fleet file's path as a manifest records it: relative to the output folder, POSIX separators. */
export function manifestSource(outDir: string, fleetFile: string | null): string {
  if (fleetFile === null) return '-';
  return path.relative(outDir, fleetFile).split(path.sep).join('/');
}

/** The manifest in `dir`, or null when there is none or it is not one of ours. */
export function readBuildManifest(dir: string): BuildManifest | null {
  let text: string;
  try {
    const p = path.join(dir, BUILD_MANIFEST);
    if (!fs.lstatSync(p).isFile()) return null;
    text = fs.readFileSync(p, 'utf8');
  } catch {
    return null;
  }
  try {
    const m = JSON.parse(text) as Partial<BuildManifest>;
    if (m.fleetform_build !== 1 || typeof m.source !== 'string' || !Array.isArray(m.files) || !m.files.every((f) => typeof f === 'string')) return null;
    if (m.complete !== undefined && m.complete !== false) return null;
    return m as BuildManifest;
  } catch {
    return null;
  }
}

export interface OutFolderContext {
  /** The working folder (absolute). */
  cwd: string;
  /** The fleet file (absolute), or null when it came from stdin. */
  fleetFile: string | null;
  /**
   * Set when the folder is the default one (no --out): then a marked folder
   * is replaced only when it was built from this same fleet file, so the
   * default of one fleet can never overwrite another fleet's build.
   */
  requireSource?: string;
}

/** Why `target` must not be replaced (message and hint), or null when it may be. */
export function refuseOutFolder(target: string, ctx: OutFolderContext): { message: string; hint: string } | null {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(target);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    return { message: `cannot inspect the output folder (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, hint: 'Check the path and its permissions.' };
  }
  if (st.isSymbolicLink()) {
    let to = '';
    try {
      to = ` (to ${fs.readlinkSync(target)})`;
    } catch {
      /* unreadable link: the message is enough without its destination */
    }
    return { message: `the output folder is a symbolic link${to}; a build never follows or replaces a link`, hint: 'Give the folder itself with --out.' };
  }
  if (!st.isDirectory()) return { message: 'the output path exists and is not a folder', hint: 'Give --out a folder that does not exist yet, or one an earlier build wrote.' };
  const real = fs.realpathSync(target);
  const holds = (inner: string): boolean => {
    const rel = path.relative(real, inner);
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
  };
  if (holds(realpathOr(ctx.cwd))) return { message: 'the output folder is the working folder or holds it', hint: 'Build into a folder of its own, e.g. --out generated/my-fleet.' };
  if (ctx.fleetFile && holds(realpathOr(ctx.fleetFile))) return { message: 'the output folder holds the fleet file', hint: 'Build into a folder of its own, e.g. --out generated/my-fleet.' };
  if (fs.existsSync(path.join(target, '.git'))) return { message: 'the output folder is a git work tree (it holds .git)', hint: 'Build into a folder of its own, e.g. --out generated/my-fleet.' };
  const entries = fs.readdirSync(target);
  if (entries.length === 0) return null;
  const manifest = readBuildManifest(target);
  if (!manifest) {
    return { message: `the output folder is not empty and no build wrote it (no ${BUILD_MANIFEST})`, hint: "A build owns its folder; give --out a new or empty folder, or one an earlier build wrote." };
  }
  if (ctx.requireSource !== undefined && manifest.source !== ctx.requireSource) {
    return { message: `the default output folder holds the build of another fleet file (${manifest.source})`, hint: 'Choose where this fleet builds with --out.' };
  }
  const listed = new Set([...manifest.files, BUILD_MANIFEST]);
  const foreign = listFiles(target).filter((f) => !listed.has(f) && !isTerraformWorkingFile(f));
  if (foreign.length > 0) {
    const shown = foreign.slice(0, 5).join(', ') + (foreign.length > 5 ? ` and ${foreign.length - 5} more` : '');
    return {
      message: `the output folder holds files the build did not write: ${shown}`,
      hint: `A build owns its folder (only Terraform's working files may live beside its files: ${TERRAFORM_WORKING_FILES.join(', ')}); move the others elsewhere.`,
    };
  }
  return null;
}

/** Every non-folder entry under `dir`, POSIX paths relative to it (links are listed, not followed; `.terraform/` is not walked). */
function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory() && isTerraformWorkingFile(r)) out.push(r);
      else if (e.isDirectory()) walk(r);
      else out.push(r);
    }
  };
  walk('');
  return out.sort(byCodeUnit);
}

function realpathOr(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}
