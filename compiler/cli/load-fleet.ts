/**
 * The fleet loader shared by the commands that start from a checked fleet
 * (plan-comment, diff, graph, bootstrap). Pure: the commands read the files.
 */
import type { Fleet } from '../model/fleet';
import type { CheckResult } from '../index';

/** The fleet of a fleet.yaml text, or its diagnostics formatted for a terminal. */
export function loadFleet(text: string, file: string, color = false): { fleet: Fleet | null; report: string } {
  // Loaded on first use: `plan-comment` without --fleet never pays for the front end (ajv, YAML).
  const { checkSource } = require('../index') as { checkSource: (text: string, file: string) => CheckResult };
  const { formatDiagnostics } = require('../diagnostics/format') as typeof import('../diagnostics/format');
  const r = checkSource(text, file);
  if (r.fleet) return { fleet: r.fleet, report: '' };
  return { fleet: null, report: formatDiagnostics(r.diagnostics, 'text', new Map([[file, text]]), color) };
}
