/**
 * The front end: fleet.yaml text -> Fleet model, or diagnostics.
 *
 *   load -> validate (secrets, schema, semantic checks) -> lower
 *
 * Pure: no file system, no process state. The CLI and the emitters start here.
 */
import type { Diagnostic } from './diagnostics/diagnostic';
import { sortDiagnostics } from './diagnostics/diagnostic';
import { loadSource } from './load/load';
import { fileTooLarge, MAX_SOURCE_BYTES } from './load/limits';
import { lower } from './lower/index';
import type { Fleet } from './model/fleet';
import type { FleetSpec } from '../generated/types/fleet';
import { validateDocument } from './validate/index';

export interface CheckResult {
  /** The fleet model; null unless there are no errors. */
  fleet: Fleet | null;
  /** Every error and warning, sorted by position. */
  diagnostics: Diagnostic[];
}

export function checkSource(text: string, file: string): CheckResult {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_SOURCE_BYTES) {
    return { fleet: null, diagnostics: [fileTooLarge(bytes, file)] };
  }
  const loaded = loadSource(text, file);
  if (loaded.doc === null) return { fleet: null, diagnostics: sortDiagnostics(loaded.diagnostics) };
  const validated = validateDocument(loaded.doc, loaded.sourceMap);
  const diagnostics = sortDiagnostics([...loaded.diagnostics, ...validated.diagnostics]);
  if (diagnostics.some((d) => d.severity === 'error')) return { fleet: null, diagnostics };
  return { fleet: lower(loaded.doc as FleetSpec, loaded.sourceMap), diagnostics };
}

export type { Diagnostic } from './diagnostics/diagnostic';
export type { Fleet } from './model/fleet';
