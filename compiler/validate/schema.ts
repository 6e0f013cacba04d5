/**
 * Stage 2a: the JSON Schema, run by ajv (precompiled into generated/validator/
 * by `npm run generate`, so start-up pays no compilation), with every ajv
 * error translated by keyword into our own words: the YAML path, the value
 * found, what is allowed and a hint, pointing at the offending key itself.
 */
import type { Diagnostic, PathSegment } from '../diagnostics/diagnostic';
import { formatPath } from '../diagnostics/diagnostic';
import type { SourceMap } from '../load/source-map';
import { SCHEMA_PATH } from '../paths';
import { describeValue, typeName } from './describe';
import { resolveRef, schemaAt, valueAt, type SchemaNode } from './schema-walk';
import { misplacedKeyHint, numberAsTextHint, patternFixHint, whereKeyBelongs } from './fix-hints';
import { didYouMean } from './suggest';

/** The subset of an ajv ErrorObject we read. */
interface AjvError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
  propertyName?: string;
}

type ValidateFn = ((data: unknown) => boolean) & { errors?: AjvError[] | null };

let cachedValidator: ValidateFn | undefined;
let cachedSchema: SchemaNode | undefined;

export function fleetSchema(): SchemaNode {
  return (cachedSchema ??= require(SCHEMA_PATH) as SchemaNode);
}

/**
 * The validator: precompiled when `generated/` has it (the normal case),
 * otherwise compiled now, so a checkout whose generated/ is being rebuilt
 * still works (slower).
 */
function validator(): ValidateFn {
  if (cachedValidator) return cachedValidator;
  try {
    // A literal path (from dist/compiler/validate/ to generated/, VALIDATOR_PATH),
    // so that the `cli` bundle holds the validator too (scripts/bundle.ts).
    const mod = require('../../../generated/validator/fleet-validator.js') as { default?: ValidateFn } & ValidateFn;
    cachedValidator = (mod.default ?? mod) as ValidateFn;
  } catch {
    cachedValidator = compileValidator();
  }
  return cachedValidator;
}

/** ajv options shared by the runtime fallback and the standalone generator. */
export const AJV_OPTIONS = { allErrors: true, strict: true, allowUnionTypes: true } as const;

export function compileValidator(): ValidateFn {
  const Ajv = require('ajv').default;
  const ajv = new Ajv(AJV_OPTIONS);
  return ajv.compile(fleetSchema()) as ValidateFn;
}

/** Human names for the patterns of shared definitions. */
const PATTERN_NAMES: Record<string, string> = {
  Name: 'name',
  Cidr: 'IPv4 CIDR block',
  SecretRef: 'secret reference',
  PublicKey: 'OpenSSH public key',
  InstanceType: 'EC2 instance type',
  Ami: 'AMI ID or SSM parameter',
};

/** Schema errors translated into diagnostics at most; the rest are counted in one more. */
export const MAX_SCHEMA_DIAGNOSTICS = 1000;

/** A key written at the wrong depth: found in `from`, belongs in `belongs`. */
export interface MisplacedKey {
  key: string;
  from: PathSegment[];
  belongs: PathSegment[];
}

/**
 * The schema's diagnostics. Keys found at the wrong depth are reported once
 * (FF101, saying where they belong) and added to `misplaced`, so that no
 * "missing key" follows from the same mistake.
 */
export function validateSchema(doc: unknown, sourceMap: SourceMap, hiddenPaths: ReadonlySet<string>, misplaced: MisplacedKey[] = []): Diagnostic[] {
  const validate = validator();
  if (validate(doc)) return [];
  const errors = validate.errors ?? [];
  const schema = fleetSchema();
  const out: (Diagnostic & { missingKey?: string })[] = [];

  // An anyOf error speaks for its branches' errors at the same path, unless a
  // branch found something deeper (e.g. one bad name in a list), which is
  // more precise: then the deeper errors speak and the anyOf stays quiet.
  const anyOfAt = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  // Every proper ancestor of an error's path, once: a lookup per error instead
  // of a scan of all errors (quadratic on files with thousands of errors).
  const ancestors = new Set<string>();
  for (const e of errors) {
    for (let i = e.instancePath.lastIndexOf('/'); i >= 0; i = e.instancePath.lastIndexOf('/', i - 1)) {
      const prefix = e.instancePath.slice(0, i);
      if (ancestors.has(prefix)) break;
      ancestors.add(prefix);
      if (i === 0) break;
    }
  }
  const deeper = (p: string): boolean => ancestors.has(p);
  const seen = new Set<string>();

  for (let i = 0; i < errors.length; i++) {
    const err = errors[i];
    if (out.length >= MAX_SCHEMA_DIAGNOSTICS) {
      // A file with 80,000 unknown keys is one mistake repeated: translating
      // (and later printing) each would cost seconds and help nobody.
      // Reported at the top of the file, so it is printed first.
      const rest = errors.length - i;
      out.push({
        code: 'FF199',
        severity: 'error',
        file: sourceMap.file,
        path: '',
        span: { start: { line: 1, col: 1 }, end: { line: 1, col: 1 } },
        message: `${rest} more schema error${rest === 1 ? '' : 's'} not listed (only the first ${MAX_SCHEMA_DIAGNOSTICS} are)`,
        hint: 'Fix the errors listed first; the rest are very likely the same mistake repeated.',
      });
      break;
    }
    if (anyOfAt.has(err.instancePath) && (deeper(err.instancePath) || err.keyword !== 'anyOf')) continue;
    // Errors about a key's name come twice (the inner check and propertyNames); keep the outer one.
    if (err.propertyName !== undefined && err.keyword !== 'propertyNames') continue;
    const path = toSegments(err.instancePath, doc);
    const d = translate(err, path, doc, schema);
    if (!d) continue;
    if (d.misplaced) misplaced.push({ key: d.misplaced.key, from: path, belongs: d.misplaced.belongs });
    // Never echo a value that the secret scan flagged: its own diagnostic says enough.
    if (hiddenPaths.has(formatPath(d.pathSegments))) continue;
    const key = `${d.pathSegments.join('\u0000')}|${d.code}|${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      ...(d.code === 'FF102' ? { missingKey: String(err.params.missingProperty) } : {}),
      code: d.code,
      severity: 'error',
      file: sourceMap.file,
      path: formatPath(d.pathSegments),
      span: sourceMap.spanOf(d.pathSegments, d.pointAtKey),
      message: d.message,
      hint: d.hint,
    });
  }
  // One root cause, one diagnostic: a required key that is only misplaced is not also missing.
  return out
    .filter((d) => !('missingKey' in d) || !misplaced.some((m) => m.key === (d as { missingKey?: string }).missingKey && formatPath(m.belongs) === d.path))
    .map(({ missingKey: _, ...d }: Diagnostic & { missingKey?: string }) => d);
}

interface Translated {
  /** FF101 for a key that belongs elsewhere: the place it belongs. */
  misplaced?: { key: string; belongs: PathSegment[] };
  code: string;
  pathSegments: PathSegment[];
  pointAtKey: boolean;
  message: string;
  hint: string;
}

function translate(err: AjvError, path: PathSegment[], doc: unknown, schema: SchemaNode): Translated | null {
  const where = formatPath(path) || 'the document';
  const value = valueAt(doc, path);
  const at = schemaAt(schema, path);
  const node = at.node;
  const description = at.description;
  switch (err.keyword) {
    case 'additionalProperties': {
      const key = String(err.params.additionalProperty);
      const allowed = Object.keys((node?.properties as SchemaNode | undefined) ?? {});
      const dym = didYouMean(key, allowed);
      const belongs = dym ? null : whereKeyBelongs(schema, doc, path, key);
      return {
        code: 'FF101',
        pathSegments: [...path, key],
        pointAtKey: true,
        message: `unknown key \`${key}\` in ${where}${belongs ? `; it belongs to ${formatPath(belongs) || 'the top level'}` : ''}`,
        hint: belongs ? misplacedKeyHint(path, key, belongs) : dym ? `${capitalize(dym)} Allowed keys: ${allowed.join(', ')}.` : `Allowed keys here: ${allowed.join(', ')}.`,
        misplaced: belongs ? { key, belongs } : undefined,
      };
    }
    case 'required': {
      const key = String(err.params.missingProperty);
      const prop = schemaAt(schema, [...path, key]);
      return {
        code: 'FF102',
        pathSegments: path,
        pointAtKey: true,
        message: `${where} is missing the required key \`${key}\``,
        hint: `Add \`${key}\`: ${prop.description || 'see spec/fleet.schema.json'}`,
      };
    }
    case 'type': {
      const want = String(err.params.type);
      const looksNumeric = typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value);
      return {
        code: 'FF103',
        pathSegments: path,
        pointAtKey: false,
        message: `${where} is ${describeValue(value)} (${typeName(value)}); must be ${article(want)}`,
        hint: ((want === 'integer' || want === 'number') && numberAsTextHint(path[path.length - 1], value)) || (looksNumeric ? `Write ${value} without quotes.` : '') || description || `Give ${article(want)}.`,
      };
    }
    case 'enum': {
      const allowed = (err.params.allowedValues as unknown[]).map(String);
      const dym = typeof value === 'string' ? didYouMean(value, allowed) : '';
      return {
        code: 'FF104',
        pathSegments: path,
        pointAtKey: false,
        message: `${where} is ${describeValue(value)}; must be one of ${allowed.join(', ')}`,
        hint: dym ? capitalize(dym) : description || 'Pick one of the allowed values.',
      };
    }
    case 'const':
      return {
        code: 'FF104',
        pathSegments: path,
        pointAtKey: false,
        message: `${where} is ${describeValue(value)}; must be ${JSON.stringify(err.params.allowedValue)}`,
        hint: description || 'Use the only allowed value.',
      };
    case 'pattern': {
      const last = path[path.length - 1];
      const what = (at.refName && PATTERN_NAMES[at.refName]) ?? (typeof last === 'string' ? last.replace(/_/g, ' ') : 'value');
      return {
        code: 'FF105',
        pathSegments: path,
        pointAtKey: false,
        message: `${where} is ${describeValue(value)}, which is not a valid ${what}`,
        hint: patternFixHint(at.refName, last, value) || description || `Check the format of ${where}.`,
      };
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return {
        code: 'FF106',
        pathSegments: path,
        pointAtKey: false,
        message: `${where} is ${describeValue(value)}; must be ${rangeText(node)}`,
        hint: description || 'Use a value in range.',
      };
    case 'minLength':
    case 'maxLength':
      return {
        code: 'FF107',
        pathSegments: path,
        pointAtKey: false,
        message: `${where} is ${typeof value === 'string' ? value.length : '?'} characters long; must be ${lengthText(node, 'minLength', 'maxLength', 'characters')}`,
        hint: description || 'Shorten it.',
      };
    case 'minItems':
    case 'maxItems':
      return {
        code: 'FF108',
        pathSegments: path,
        pointAtKey: false,
        message: `${where} has ${Array.isArray(value) ? value.length : '?'} entries; must have ${lengthText(node, 'minItems', 'maxItems', 'entries')}`,
        hint: description || 'Add or remove entries.',
      };
    case 'minProperties':
    case 'maxProperties': {
      const allowed = Object.keys((node?.properties as SchemaNode | undefined) ?? {});
      const found = value && typeof value === 'object' ? Object.keys(value) : [];
      return {
        code: 'FF109',
        pathSegments: path,
        pointAtKey: true,
        message: `${where} must have exactly one of ${allowed.join(', ')}${found.length ? `; found ${found.join(', ')}` : '; found none'}`,
        hint: found.length > 1 ? 'Split it into one list entry per policy.' : description || 'Add one of the allowed keys.',
      };
    }
    case 'propertyNames': {
      const key = String(err.params.propertyName);
      return {
        code: 'FF110',
        pathSegments: [...path, key],
        pointAtKey: true,
        message: `key ${describeValue(key)} in ${where} is not allowed`,
        hint: propertyNamesHint(node),
      };
    }
    case 'uniqueItems':
      return {
        code: 'FF111',
        pathSegments: path,
        pointAtKey: false,
        message: `${where} lists entries ${err.params.j} and ${err.params.i} twice`,
        hint: 'Remove the duplicate.',
      };
    case 'anyOf':
      return {
        code: 'FF112',
        pathSegments: path,
        pointAtKey: false,
        message: `${where} is ${describeValue(value)}; ${anyOfText(schema, node?.anyOf as SchemaNode[] | undefined)}`,
        hint: description || 'See the schema for the accepted forms.',
      };
    default:
      return {
        code: 'FF199',
        pathSegments: path,
        pointAtKey: false,
        message: `${where}: ${err.message ?? 'is not valid'}`,
        hint: description || 'See spec/fleet.schema.json.',
      };
  }
}

/** `/hosts/0/ssh` -> ['hosts', 0, 'ssh'], numbers only where the document has a list. */
function toSegments(pointer: string, doc: unknown): PathSegment[] {
  if (pointer === '') return [];
  const out: PathSegment[] = [];
  let cur: unknown = doc;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur)) {
      out.push(Number(seg));
      cur = cur[Number(seg)];
    } else {
      out.push(seg);
      cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[seg] : undefined;
    }
  }
  return out;
}




function rangeText(node: SchemaNode | undefined): string {
  const min = node?.minimum as number | undefined;
  const max = node?.maximum as number | undefined;
  const xmin = node?.exclusiveMinimum as number | undefined;
  if (min !== undefined && max !== undefined) return `${min} to ${max}`;
  if (xmin !== undefined) return `greater than ${xmin}`;
  if (min !== undefined) return `at least ${min}`;
  if (max !== undefined) return `at most ${max}`;
  return 'in range';
}

function lengthText(node: SchemaNode | undefined, minKey: string, maxKey: string, unit: string): string {
  const min = node?.[minKey] as number | undefined;
  const max = node?.[maxKey] as number | undefined;
  if (min !== undefined && max !== undefined) return `${min} to ${max} ${unit}`;
  if (min !== undefined) return `at least ${min} ${unit === 'entries' && min === 1 ? 'entry' : unit}`;
  if (max !== undefined) return `at most ${max} ${unit}`;
  return 'of a valid length';
}

function propertyNamesHint(node: SchemaNode | undefined): string {
  const names = node?.propertyNames as SchemaNode | undefined;
  if (names?.pattern === '^[A-Z_][A-Z0-9_]{0,127}$') return 'Environment variable names are upper-case letters, digits and underscores, not starting with a digit.';
  if (names?.maxLength === 128) return 'Tag keys are 1 to 128 letters, digits, spaces and _ . : / = + - @.';
  return 'See the schema for the allowed key names.';
}

function anyOfText(schema: SchemaNode, branches: SchemaNode[] | undefined): string {
  if (!Array.isArray(branches)) return 'is not one of the accepted forms';
  const forms = branches.map((b) => {
    if ('const' in b) return `\`${String(b.const)}\``;
    if (b.type === 'array') return 'a list';
    if (typeof b.$ref === 'string') {
      const target = resolveRef(schema, b.$ref);
      if (target?.type === 'integer' && target.minimum !== undefined) return `a number ${rangeText(target)}`;
      return (b.$ref.split('/').pop() ?? 'value').toLowerCase();
    }
    return String(b.type ?? 'value');
  });
  return `must be ${forms.join(' or ')}`;
}

function article(type: string): string {
  const names: Record<string, string> = { object: 'a mapping', array: 'a list', integer: 'an integer', string: 'a string', number: 'a number', boolean: 'true or false', null: 'empty' };
  return type
    .split(',')
    .map((t) => names[t] ?? t)
    .join(' or ');
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
