/**
 * Reads `terraform show -json` output into a `TfPlan`, or says precisely why
 * the input is not one. Codes (FF4xx, review input):
 *   FF401 not JSON            FF402 JSON but not a plan (e.g. a state file)
 *   FF403 unsupported major format_version
 *   FF404 a resource or output change without the fields every plan has
 * All problems are returned at once; nothing here throws for bad input.
 */
import type { Diagnostic, Span } from '../../../diagnostics/diagnostic';
import type { TfAction, TfChange, TfOutputChange, TfPlan, TfResourceChange } from './types';
import { locateJsonError } from './json-error';
import { escapeInvisible } from '../../../validate/describe';

const ACTIONS: ReadonlySet<string> = new Set(['no-op', 'create', 'read', 'update', 'delete', 'forget']);

export interface ParsedPlan {
  plan: TfPlan | null;
  diagnostics: Diagnostic[];
}

export function parsePlan(text: string, file: string): ParsedPlan {
  const diag = (code: string, path: string, message: string, hint: string, span: Span = DOC_SPAN): Diagnostic => ({
    code,
    severity: 'error',
    file,
    path,
    span,
    message,
    hint,
  });
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    // Never JSON.parse's message: it quotes the text around the error, and a plan holds secrets.
    const bom = text.startsWith('\uFEFF') ? 1 : 0;
    const at = locateJsonError(text.slice(bom));
    const span = spanAt(text, at.offset + bom);
    return {
      plan: null,
      diagnostics: [
        diag(
          'FF401',
          '',
          `${file} is not JSON: ${at.reason} at line ${span.start.line}, column ${span.start.col}`,
          'pass the output of `terraform show -json PLANFILE` (the binary plan from `terraform plan -out` is not JSON)',
          span,
        ),
      ],
    };
  }
  if (!isObject(doc) || typeof doc.format_version !== 'string') {
    return {
      plan: null,
      diagnostics: [diag('FF402', '', `${file} is JSON but has no format_version: not a Terraform plan`, 'pass the output of `terraform show -json PLANFILE`')],
    };
  }
  const version = doc.format_version;
  if (!/^1\.\d+$/.test(version)) {
    // HashiCorp: "Reject any input which reports an unsupported major version."
    return {
      plan: null,
      diagnostics: [diag('FF403', 'format_version', `format_version is ${quote(version)}; Fleetform reads 1.x`, 'use Terraform 1.x or OpenTofu 1.x to produce the plan')],
    };
  }
  const hasPlanFields = 'resource_changes' in doc || 'planned_values' in doc || 'output_changes' in doc || 'resource_drift' in doc;
  if (!hasPlanFields) {
    return {
      plan: null,
      diagnostics: [
        diag('FF402', '', `${file} has no resource_changes or planned_values: it looks like a state file, not a plan`, 'run `terraform plan -out=tfplan` and pass `terraform show -json tfplan`'),
      ],
    };
  }

  const diagnostics: Diagnostic[] = [];
  const resourceChanges = readResourceChanges(doc.resource_changes, 'resource_changes', diagnostics, diag);
  const resourceDrift = readResourceChanges(doc.resource_drift, 'resource_drift', diagnostics, diag);
  const outputChanges: Record<string, TfOutputChange> = {};
  if (doc.output_changes !== undefined) {
    if (!isObject(doc.output_changes)) {
      diagnostics.push(diag('FF404', 'output_changes', 'output_changes is not an object', 'pass unmodified `terraform show -json` output'));
    } else {
      for (const name of Object.keys(doc.output_changes).sort()) {
        const change = readChange(doc.output_changes[name], `output_changes[${quote(name)}]`, diagnostics, diag);
        if (change) outputChanges[name] = change;
      }
    }
  }
  if (diagnostics.length) return { plan: null, diagnostics };
  return {
    plan: {
      formatVersion: version,
      terraformVersion: typeof doc.terraform_version === 'string' ? doc.terraform_version : null,
      resourceChanges,
      resourceDrift,
      outputChanges,
      errored: doc.errored === true,
      sensitiveValues: collectSensitive(doc, resourceChanges, resourceDrift, outputChanges),
    },
    diagnostics: [],
  };
}

type MakeDiag = (code: string, path: string, message: string, hint: string) => Diagnostic;

function readResourceChanges(value: unknown, key: string, out: Diagnostic[], diag: MakeDiag): TfResourceChange[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    out.push(diag('FF404', key, `${key} is not an array`, 'pass unmodified `terraform show -json` output'));
    return [];
  }
  const result: TfResourceChange[] = [];
  value.forEach((rc, i) => {
    const path = `${key}[${i}]`;
    if (!isObject(rc) || typeof rc.address !== 'string' || typeof rc.type !== 'string') {
      out.push(diag('FF404', path, `${path} has no address or type`, 'pass unmodified `terraform show -json` output'));
      return;
    }
    const change = readChange(rc.change, `${path}.change`, out, diag);
    if (!change) return;
    result.push({
      address: rc.address,
      previous_address: str(rc.previous_address),
      module_address: str(rc.module_address),
      mode: rc.mode === 'data' ? 'data' : 'managed',
      type: rc.type,
      name: typeof rc.name === 'string' ? rc.name : rc.address,
      index: typeof rc.index === 'string' || typeof rc.index === 'number' ? rc.index : undefined,
      deposed: str(rc.deposed),
      change,
      action_reason: str(rc.action_reason),
    });
  });
  return result;
}

function readChange(value: unknown, path: string, out: Diagnostic[], diag: MakeDiag): TfChange | null {
  if (!isObject(value) || !Array.isArray(value.actions) || value.actions.length === 0) {
    out.push(diag('FF404', path, `${path} has no actions`, 'pass unmodified `terraform show -json` output'));
    return null;
  }
  const unknown = value.actions.filter((a) => typeof a !== 'string' || !ACTIONS.has(a));
  if (unknown.length) {
    out.push(
      diag('FF404', `${path}.actions`, `${path}.actions has [${unknown.slice(0, 3).map(quote).join(',')}${unknown.length > 3 ? ',…' : ''}]; known actions are ${[...ACTIONS].join(', ')}`, 'upgrade Fleetform, or report the Terraform version that wrote this action'),
    );
    return null;
  }
  return {
    actions: value.actions as TfAction[],
    before: value.before ?? null,
    after: value.after ?? null,
    after_unknown: value.after_unknown,
    before_sensitive: value.before_sensitive,
    after_sensitive: value.after_sensitive,
    // Only well-formed parts: anything else would reach the comment unchecked.
    replace_paths: Array.isArray(value.replace_paths)
      ? value.replace_paths.filter((p: unknown): p is (string | number)[] => Array.isArray(p) && p.every((x) => typeof x === 'string' || typeof x === 'number'))
      : undefined,
    importing: isObject(value.importing) ? { id: str(value.importing.id) } : undefined,
  };
}

/**
 * Sensitive strings of any length are collected (a short password is still a
 * password); numbers only from 4 digits, or every `1` and `80` in the plan
 * would be masked because a sensitive count or port equals it.
 */
const MIN_SENSITIVE_NUMBER_DIGITS = 4;

function collectSensitive(doc: Record<string, any>, changes: TfResourceChange[], drift: TfResourceChange[], outputs: Record<string, TfOutputChange>): Set<string> {
  const found = new Set<string>();
  const walk = (value: unknown, mirror: unknown, covered: boolean): void => {
    const on = covered || mirror === true;
    if (typeof value === 'string') {
      if (on && value !== '') found.add(value);
      return;
    }
    if (typeof value === 'number') {
      if (on && String(value).length >= MIN_SENSITIVE_NUMBER_DIGITS) found.add(String(value));
      return;
    }
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, Array.isArray(mirror) ? mirror[i] : undefined, on));
    else if (isObject(value)) for (const [k, v] of Object.entries(value)) walk(v, isObject(mirror) ? mirror[k] : undefined, on);
  };
  for (const rc of [...changes, ...drift]) {
    walk(rc.change.before, rc.change.before_sensitive, false);
    walk(rc.change.after, rc.change.after_sensitive, false);
  }
  for (const oc of Object.values(outputs)) {
    walk(oc.before, oc.before_sensitive, false);
    walk(oc.after, oc.after_sensitive, false);
  }
  // Variables declared `sensitive = true` in the root module (configuration representation).
  const declared = doc.configuration?.root_module?.variables;
  if (isObject(doc.variables) && isObject(declared)) {
    for (const [name, v] of Object.entries(doc.variables)) {
      if (isObject(declared[name]) && declared[name].sensitive === true && isObject(v)) walk(v.value, true, true);
    }
  }
  return found;
}

/**
 * A field of the plan inside a message: JSON-quoted, invisible characters
 * shown, cut short. Only names and keywords are quoted this way, never values.
 */
function quote(v: unknown): string {
  const s = escapeInvisible(JSON.stringify(v) ?? String(v));
  return s.length > 40 ? `${s.slice(0, 39)}…` : s;
}

const DOC_SPAN: Span = { start: { line: 1, col: 1 }, end: { line: 1, col: 1 } };

function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function spanAt(text: string, offset: number): Span {
  let line = 1;
  let col = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      col = 1;
    } else col++;
  }
  return { start: { line, col }, end: { line, col: col + 1 } };
}
