/**
 * generated/fleet/ and generated/examples/<name>/: the build of every fleet
 * in the repo, through the same code path as `fleetform build`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { emitFleet } from '../../compiler/emit/index';
import type { OutputFile } from '../../compiler/emit/output-file';
import { checkSource } from '../../compiler/index';
import { withBuildManifest } from '../../compiler/cli/out-folder';

/** The team's fleet file: everything derived from it is refreshed by `npm run generate`. */
export const TEAM_FLEET_FILE = 'spec/fleet.yaml';

/** The fleets the repo builds, and where each goes under generated/. */
export function repoFleets(root: string): { file: string; out: string }[] {
  const fleets = [{ file: TEAM_FLEET_FILE, out: 'fleet' }];
  const examples = path.join(root, 'examples');
  if (fs.existsSync(examples)) {
    for (const name of fs.readdirSync(examples).sort()) {
      if (fs.existsSync(path.join(examples, name, 'fleet.yaml'))) fleets.push({ file: `examples/${name}/fleet.yaml`, out: `examples/${name}` });
    }
  }
  return fleets;
}

/**
 * Build one repo fleet file (relative to `root`) in memory, with the marker
 * `fleetform build` writes beside the files (so a later `fleetform build`
 * may replace the folder); throws with its diagnostics if it does not build.
 */
export function buildRepoFleet(root: string, file: string): OutputFile[] {
  const out = repoFleets(root).find((f) => f.file === file)?.out;
  if (out === undefined) throw new Error(`${file} is not one of the repo's fleets`);
  const checked = checkSource(fs.readFileSync(path.join(root, file), 'utf8'), file);
  const emitted = checked.fleet ? emitFleet(checked.fleet, { file }) : { files: [], diagnostics: [] };
  const errors = [...checked.diagnostics, ...emitted.diagnostics].filter((d) => d.severity === 'error');
  if (errors.length || !checked.fleet) {
    throw new Error(`${file} does not build:\n${errors.map((d) => `${d.file}:${d.span.start.line}:${d.span.start.col}: ${d.code}: ${d.message}`).join('\n')}`);
  }
  // The manifest names the fleet file relative to the output folder, as `fleetform build` does.
  return withBuildManifest(emitted.files, path.posix.relative(`generated/${out}`, file));
}

export function generatedBuilds(root: string): OutputFile[] {
  return repoFleets(root).flatMap((f) => buildRepoFleet(root, f.file).map((file) => ({ ...file, path: `${f.out}/${file.path}` })));
}

/** Every file under `dir`, as POSIX paths relative to it, in code-unit order; [] when `dir` is missing. */
export function listTree(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else out.push(r);
    }
  };
  if (fs.existsSync(dir)) walk('');
  return out.sort();
}
