/**
 * Everything that belongs in generated/, rendered in memory. Shared by
 * `npm run generate` and the test that proves generated/ is current.
 */
import { compareStrings } from '../../compiler/order';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { OutputFile } from '../../compiler/emit/output-file';
import { generatedTypes, generatedValidator } from './schema-artifacts';
import { generatedBuilds } from './builds';
import { generatedDiagnosticsReference, generatedReference } from './reference';
import { generatedExplanations } from './explanations';
import { generatedTemplates } from './templates';
import { README, readmeWithCurrentGraph } from './readme-graph';

/** The one command that refreshes everything derived; failures of the freshness checks name it. */
export const REFRESH_COMMAND = 'npm run generate';

export async function generatedFiles(root: string): Promise<OutputFile[]> {
  const schema = JSON.parse(fs.readFileSync(path.join(root, 'spec', 'fleet.schema.json'), 'utf8'));
  return [await generatedTypes(schema), generatedValidator(schema), generatedReference(schema), generatedDiagnosticsReference(root), generatedExplanations(root), generatedTemplates(root), ...generatedBuilds(root)].sort((a, b) => compareStrings(a.path, b.path));
}

/**
 * Derived files that live outside generated/, as paths relative to the repo
 * root: today the README's graph of spec/fleet.yaml.
 */
export function derivedInPlace(root: string): OutputFile[] {
  const readme = readmeWithCurrentGraph(root);
  return readme === null ? [] : [{ path: README, content: readme, mode: 0o644 }];
}
