/**
 * The Terraform emitter: fleet model -> `main.tf.json`, synthesized
 * in-process from the constructs in modules/ (no cdktf-cli, no files written
 * by cdktf). Construct validations run first and come back as diagnostics.
 */
// First: cdktf must find the deferred archiver when it loads.
import './defer-archiver';
import type { Diagnostic } from '../../diagnostics/diagnostic';
import type { Fleet } from '../../model/fleet';
import type { OutputFile } from '../output-file';
import { lowerFleet } from './lower';
import { stableJson } from './serialize';
import { validationDiagnostics } from './validate';
import { synthesize, withoutTokenStackTraces } from './synth';
import { literalFleet, restoreString } from './literal';

export { proxyUserData, poolUserData } from './lower';

export const MAIN_TF = 'main.tf.json';

export interface EmitOptions {
  /** The fleet file as the user named it, for diagnostics. @default 'fleet.yaml' */
  file?: string;
}

export function emitTerraform(fleet: Fleet, opts: EmitOptions = {}): { files: OutputFile[]; diagnostics: Diagnostic[] } {
  // Every user string becomes a Terraform literal here, once, before any
  // construct sees it (literal.ts); the synthesized JSON gets the forms back
  // as it is serialized.
  const lowered = withoutTokenStackTraces(() => lowerFleet(literalFleet(fleet)));
  const diagnostics = validationDiagnostics(lowered.stack, lowered.sources, fleet.source, opts.file ?? 'fleet.yaml');
  if (diagnostics.length > 0) return { files: [], diagnostics };
  // The stack always has its S3 backend, and there is a single stack, so
  // cdktf's prepareStack (default backend, cross-stack references) has
  // nothing to do.
  const json = synthesize(lowered.stack);
  return { files: [{ path: MAIN_TF, content: stableJson(json, restoreString), mode: 0o644 }], diagnostics: [] };
}

/** Paths of the provisioning files `main.tf.json` reads with `filebase64`. */
export function userDataPaths(fleet: Fleet): string[] {
  return [...fleet.hosts.map((h) => `hosts/${h.name}/proxy.cloud-config.yaml`), ...fleet.pools.map((p) => `pools/${p.name}/cloud-config.yaml`)];
}
