/**
 * The fleets with committed build output: `spec/fleet.yaml` -> `generated/fleet/`
 * and every `examples/<x>/fleet.yaml` -> `generated/examples/<x>/`, built
 * in-process through the real front end.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkSource } from '../../../compiler/index';
import { emitFleet } from '../../../compiler/emit/index';
import type { Fleet } from '../../../compiler/model/fleet';
import type { OutputFile } from '../../../compiler/emit/output-file';
import { PACKAGE_ROOT } from '../../../compiler/paths';

export const ROOT = PACKAGE_ROOT;

export interface GoldenFleet {
  /** Fleet file, relative to the repo root. */
  file: string;
  /** Output folder, relative to the repo root. */
  out: string;
}

export function goldenFleets(): GoldenFleet[] {
  const examples = fs
    .readdirSync(path.join(ROOT, 'examples'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(ROOT, 'examples', d.name, 'fleet.yaml')))
    .map((d) => d.name)
    .sort();
  return [{ file: 'spec/fleet.yaml', out: 'generated/fleet' }, ...examples.map((x) => ({ file: `examples/${x}/fleet.yaml`, out: `generated/examples/${x}` }))];
}

/** Check a fleet file; fails loudly if the front end rejects it. */
export function loadFleet(file: string): Fleet {
  const r = checkSource(fs.readFileSync(path.join(ROOT, file), 'utf8'), file);
  if (!r.fleet) throw new Error(`${file} does not check:\n${r.diagnostics.map((d) => `${d.code} ${d.path}: ${d.message}`).join('\n')}`);
  return r.fleet;
}

/** Build a fleet file in-process; fails loudly on diagnostics. */
export function buildFleet(file: string): OutputFile[] {
  const emitted = emitFleet(loadFleet(file), { file });
  if (emitted.diagnostics.length) throw new Error(`${file} does not build:\n${emitted.diagnostics.map((d) => `${d.code}: ${d.message}`).join('\n')}`);
  return emitted.files;
}

/** Every file under `dir`, as POSIX paths relative to it, sorted. */
export function listTree(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else out.push(r);
    }
  };
  if (fs.existsSync(dir)) walk('');
  return out.sort();
}
