/**
 * The strict handlebars environment the provisioning templates render in.
 *
 * - `Handlebars.create()`: an isolated instance, so nobody else's helpers or
 *   partials leak in.
 * - `strict: true`: a missing variable is an error, not an empty string (an
 *   empty port in a shell script is a silent outage).
 * - `noEscape: true`: HTML escaping means nothing in a shell script or YAML;
 *   escaping is the job of the helpers below, chosen per context.
 *
 * The templates stay plain files beside the constructs that use them
 * (`modules/<construct>/*.hbs`), read by a reviewer as they are. `npm run generate`
 * precompiles them into generated/templates/provision.js, so a build loads
 * only the handlebars runtime and compiles nothing (about 60 ms of every
 * build otherwise). Each precompiled template carries the SHA-256 of the file
 * it came from: a template edited since the last `npm run generate` is
 * compiled from the file instead, so an edit is never silently ignored.
 * Templates are found by walking up from this file, which works both from
 * source and compiled (`dist/compiler/emit/provision/`). Handlebars is loaded
 * on first render only, so `fleetform check` never pays for it.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type HandlebarsNs from 'handlebars';
import { bareWord, commentText, shQuote, yamlBlock, yamlQuote } from './quote';

/** Template folders, relative to the repo root; `_*.hbs` files in them are partials. */
export const TEMPLATE_DIRS = ['modules/proxy-fleet', 'modules/gpu-pool'];

/** The options every template is compiled with, at run time or by `npm run generate`. */
export const COMPILE_OPTIONS = { strict: true, noEscape: true } as const;

/** Where `npm run generate` writes the precompiled templates, relative to the repo root. */
export const PRECOMPILED_PATH = 'generated/templates/provision.js';

/** One template file: its name (`proxy-forward.cloud-config.yaml`, or `fetch-secret` for a partial) and text. */
export interface TemplateSource {
  name: string;
  partial: boolean;
  text: string;
  sha256: string;
}

/** Every template file under TEMPLATE_DIRS, in a fixed order. */
export function templateSources(root = repoRoot()): TemplateSource[] {
  const out: TemplateSource[] = [];
  for (const dir of TEMPLATE_DIRS) {
    for (const file of fs.readdirSync(path.join(root, dir)).sort()) {
      if (!file.endsWith('.hbs')) continue;
      const text = fs.readFileSync(path.join(root, dir, file), 'utf8');
      const base = file.slice(0, -'.hbs'.length);
      // `_fetch-secret.sh.hbs` is the partial `fetch-secret`.
      const partial = base.startsWith('_');
      out.push({ name: partial ? base.slice(1).split('.')[0] : base, partial, text, sha256: createHash('sha256').update(text).digest('hex') });
    }
  }
  return out;
}

/** A precompiled template as `npm run generate` writes it. */
interface Precompiled {
  sha256: string;
  spec: Parameters<typeof HandlebarsNs.template>[0];
}

export type Render = (name: string, view: object) => string;

let cached: Render | null = null;

/** Walk up from here to the folder that holds `modules/proxy-fleet`. */
export function repoRoot(from = __dirname): string {
  let dir = from;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'modules', 'proxy-fleet')) && fs.existsSync(path.join(dir, 'package.json'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`provisioning templates not found above ${from}`);
    dir = up;
  }
}

/** The renderer: `render('proxy-forward.cloud-config.yaml', view)`. */
export function renderer(): Render {
  if (cached) return cached;
  const root = repoRoot();
  const sources = templateSources(root);
  let precompiled: { templates: Record<string, Precompiled>; partials: Record<string, Precompiled> } = { templates: {}, partials: {} };
  try {
    precompiled = require(path.join(root, PRECOMPILED_PATH));
  } catch {
    /* generated/ is being rebuilt: compile from the files */
  }
  const fresh = (p: Precompiled | undefined, src: TemplateSource): p is Precompiled => p !== undefined && p.sha256 === src.sha256;
  // The runtime alone (no compiler) when every template is precompiled and current.
  const allFresh = sources.every((src) => fresh((src.partial ? precompiled.partials : precompiled.templates)[src.name], src));
  const Handlebars = (allFresh ? (require('handlebars/runtime') as { default: typeof HandlebarsNs }).default : (require('handlebars') as typeof HandlebarsNs)).create();
  registerHelpers(Handlebars);

  const templates = new Map<string, HandlebarsNs.TemplateDelegate>();
  for (const src of sources) {
    const pre = (src.partial ? precompiled.partials : precompiled.templates)[src.name];
    const compiled = fresh(pre, src) ? Handlebars.template(pre.spec) : Handlebars.compile(src.text, COMPILE_OPTIONS);
    if (src.partial) Handlebars.registerPartial(src.name, compiled);
    else {
      if (templates.has(src.name)) throw new Error(`template ${src.name} is defined twice`);
      templates.set(src.name, compiled);
    }
  }
  cached = (name, view) => {
    const t = templates.get(name);
    if (!t) throw new Error(`no template ${name}.hbs in ${TEMPLATE_DIRS.join(', ')}`);
    return t(strictView(view, name));
  };
  return cached;
}

function registerHelpers(Handlebars: typeof HandlebarsNs): void {
  Handlebars.registerHelper('sh', (value: unknown) => shQuote(checkScalar('sh', value)));
  Handlebars.registerHelper('yaml', (value: unknown) => yamlQuote(checkScalar('yaml', value)));
  Handlebars.registerHelper('comment', (value: unknown) => commentText(checkScalar('comment', value)));
  Handlebars.registerHelper('word', (value: unknown) => bareWord(checkScalar('word', value)));
  Handlebars.registerHelper('yamlBlock', (value: unknown, indent: unknown) => yamlBlock(checkScalar('yamlBlock', value) as string, Number(indent)));
  // Ports and counts are interpolated bare; insisting on an integer keeps that safe.
  Handlebars.registerHelper('int', (value: unknown) => {
    if (!Number.isInteger(value)) throw new Error(`int: expected an integer, got ${JSON.stringify(value)}`);
    return String(value);
  });
  Handlebars.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  Handlebars.registerHelper('lt', (a: unknown, b: unknown) => (a as number) < (b as number));
}

/** Helpers take strings and numbers only: an object or undefined is a template bug. */
function checkScalar(helper: string, value: unknown): string | number {
  if (typeof value === 'string' || typeof value === 'number') return value;
  throw new Error(`{{${helper}}} expects a string or number, got ${value === null ? 'null' : typeof value}`);
}

/**
 * Handlebars' strict mode covers `{{x}}` but not helper arguments: a missing
 * `health` in `{{#each health}}` or `x` in `{{#if x}}` would silently render
 * nothing. So the view is wrapped: reading a property it does not have throws,
 * at any depth. (Symbols and `constructor`/`__proto__`, which handlebars
 * probes for its prototype-access guard, are let through.)
 */
function strictView<T>(value: T, where: string): T {
  if (value === null || typeof value !== 'object') return value;
  return new Proxy(value as unknown as object, {
    get(target, prop, receiver) {
      if (typeof prop === 'symbol' || prop in target || prop === 'constructor' || prop === '__proto__') {
        return strictView(Reflect.get(target, prop, receiver), where);
      }
      throw new Error(`template ${where}: the view has no field '${String(prop)}'`);
    },
  }) as T;
}
