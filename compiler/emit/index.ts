/**
 * Everything `fleetform build` writes for one fleet: the Terraform JSON and
 * the provisioning files it reads with `filebase64`. The two emitters agree
 * on paths by convention (docs/ARCHITECTURE.md); this module checks that
 * they do, so a drift between them is a diagnostic at build time rather
 * than a `filebase64` error at plan time.
 */
import type { Diagnostic } from '../diagnostics/diagnostic';
import type { Fleet } from '../model/fleet';
import type { OutputFile } from './output-file';
import { emitTerraform, userDataPaths } from './terraform/index';

export const FF_MISSING_USER_DATA = 'FF302';
export const FF_DUPLICATE_OUTPUT = 'FF303';
export const FF_PROVISIONING = 'FF304';

export interface EmitResult {
  /** Sorted by path. Empty when there are errors. */
  files: OutputFile[];
  diagnostics: Diagnostic[];
}

export function emitFleet(fleet: Fleet, opts: { file?: string; timings?: { lap(phase: string): void } } = {}): EmitResult {
  const file = opts.file ?? 'fleet.yaml';
  const tf = emitTerraform(fleet, { file });
  opts.timings?.lap('terraform');
  if (tf.diagnostics.length > 0) return { files: [], diagnostics: tf.diagnostics };
  let provisioning: { files: OutputFile[] } | null;
  try {
    provisioning = renderProvisioningAdapter(fleet);
    opts.timings?.lap('provisioning');
  } catch (err) {
    // The provisioning emitter reports values no machine can be given (a
    // ProvisionError carrying the YAML path); anything else is a bug.
    const e = err as Error & { path?: unknown };
    if (e?.name !== 'ProvisionError' && e?.constructor?.name !== 'ProvisionError') throw err;
    const path = typeof e.path === 'string' ? e.path : '';
    const node = [...fleet.hosts, ...fleet.pools].find((n) => n.source.path === path);
    return {
      files: [],
      diagnostics: [{ code: FF_PROVISIONING, severity: 'error', file, path, span: (node ?? fleet).source.span, message: e.message, hint: 'Change the value so that it can be written into a shell script or cloud-config.' }],
    };
  }
  const files = [...tf.files, ...(provisioning?.files ?? [])];
  const diagnostics: Diagnostic[] = [];
  const paths = new Set<string>();
  for (const f of files) {
    if (paths.has(f.path)) diagnostics.push(internal(fleet, file, FF_DUPLICATE_OUTPUT, `two emitters produce ${f.path}`));
    paths.add(f.path);
  }
  for (const p of userDataPaths(fleet)) {
    if (!paths.has(p)) {
      const why = provisioning === null ? 'the provisioning emitter (compiler/emit/provision) is not available' : 'the provisioning emitter did not produce it';
      diagnostics.push(internal(fleet, file, FF_MISSING_USER_DATA, `main.tf.json reads ${p} as user data, but ${why}`));
    }
  }
  if (diagnostics.length > 0) return { files: [], diagnostics };
  return { files: files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)), diagnostics: [] };
}

/**
 * The provisioning emitter, loaded on demand. Null when the module is not
 * there at all (it is developed alongside); any other failure is a bug and
 * propagates.
 */
function renderProvisioningAdapter(fleet: Fleet): { files: OutputFile[] } | null {
  let mod: { renderProvisioning?: (f: Fleet) => { files: OutputFile[] } };
  try {
    mod = require('./provision/index');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'MODULE_NOT_FOUND' && /provision[\\/]index/.test(e.message)) return null;
    throw err;
  }
  return mod.renderProvisioning ? mod.renderProvisioning(fleet) : null;
}

function internal(fleet: Fleet, file: string, code: string, message: string): Diagnostic {
  return {
    code,
    severity: 'error',
    file,
    path: '',
    span: fleet.source.span,
    message,
    hint: 'This is a bug in Fleetform, not in the fleet file; please report it.',
  };
}
