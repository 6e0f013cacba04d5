/**
 * generated/fleet/ and generated/examples/<name>/: the build of every fleet
 * in the repo, through the same code path as `fleetform build`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic';
import type { OutputFile } from '../../compiler/emit/output-file';
import type { Fleet } from '../../compiler/model/fleet';

/** The fleets the repo builds, and where each goes under generated/. */
export function repoFleets(root: string): { file: string; out: string }[] {
  const fleets = [{ file: 'spec/fleet.yaml', out: 'fleet' }];
  const examples = path.join(root, 'examples');
  if (fs.existsSync(examples)) {
    for (const name of fs.readdirSync(examples).sort()) {
      if (fs.existsSync(path.join(examples, name, 'fleet.yaml'))) fleets.push({ file: `examples/${name}/fleet.yaml`, out: `examples/${name}` });
    }
  }
  return fleets;
}

export function generatedBuilds(root: string): OutputFile[] {
  // The Terraform emitter lands in its own issue; until it exists there is nothing to build.
  if (!fs.existsSync(path.join(__dirname, '..', '..', 'compiler', 'emit', 'index.js'))) return [];
  const { checkSource } = require('../../compiler/index') as typeof import('../../compiler/index');
  const { emitFleet } = require('../../compiler/emit/index') as { emitFleet: (fleet: Fleet, opts?: { file?: string }) => { files: OutputFile[]; diagnostics: Diagnostic[] } };
  const out: OutputFile[] = [];
  for (const f of repoFleets(root)) {
    const text = fs.readFileSync(path.join(root, f.file), 'utf8');
    const checked = checkSource(text, f.file);
    const emitted = checked.fleet ? emitFleet(checked.fleet, { file: f.file }) : { files: [], diagnostics: [] };
    const errors = [...checked.diagnostics, ...emitted.diagnostics].filter((d) => d.severity === 'error');
    if (errors.length || !checked.fleet) {
      throw new Error(`${f.file} does not build:\n${errors.map((d) => `${d.file}:${d.span.start.line}:${d.span.start.col}: ${d.code}: ${d.message}`).join('\n')}`);
    }
    for (const file of emitted.files) out.push({ ...file, path: `${f.out}/${file.path}` });
  }
  return out;
}
