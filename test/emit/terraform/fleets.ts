/**
 * The fleets with committed build output: `spec/fleet.yaml` -> `generated/fleet/`
 * and every `examples/<x>/fleet.yaml` -> `generated/examples/<x>/`, built
 * in-process through the real front end.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkSource } from '../../../compiler/index';
import type { Fleet } from '../../../compiler/model/fleet';
import type { OutputFile } from '../../../compiler/emit/output-file';
import { PACKAGE_ROOT } from '../../../compiler/paths';
import { buildRepoFleet, listTree, repoFleets } from '../../../scripts/generate/builds';

export const ROOT = PACKAGE_ROOT;

export interface GoldenFleet {
  /** Fleet file, relative to the repo root. */
  file: string;
  /** Output folder, relative to the repo root. */
  out: string;
}

export function goldenFleets(): GoldenFleet[] {
  return repoFleets(ROOT).map((f) => ({ file: f.file, out: `generated/${f.out}` }));
}

/** Check a fleet file; fails loudly if the front end rejects it. */
export function loadFleet(file: string): Fleet {
  const r = checkSource(fs.readFileSync(path.join(ROOT, file), 'utf8'), file);
  if (!r.fleet) throw new Error(`${file} does not check:\n${r.diagnostics.map((d) => `${d.code} ${d.path}: ${d.message}`).join('\n')}`);
  return r.fleet;
}

/** Build a fleet file in-process; fails loudly on diagnostics. */
export function buildFleet(file: string): OutputFile[] {
  return buildRepoFleet(ROOT, file);
}

export { listTree };
