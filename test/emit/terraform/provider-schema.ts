/**
 * The hashicorp/aws schema as the bindings in `@cdktf/provider-aws` carry it,
 * read from the package's `.jsii` assembly: for every resource and data
 * source, its arguments (Terraform names), which are required, and the
 * nested blocks with their own arguments. Built once per test process from
 * the 130 MB assembly; nothing is copied into the repository.
 *
 * Terraform names come from each property's registry link
 * (`.../resources/lb_target_group#health_check`), which the binding
 * generator writes for every argument and block.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface BlockSchema {
  /** Argument or block name -> nested block schema (blocks) or null (plain arguments). */
  args: Map<string, BlockSchema | null>;
  required: Set<string>;
}

export interface ProviderSchema {
  version: string;
  resources: Map<string, BlockSchema>;
  dataSources: Map<string, BlockSchema>;
  provider: BlockSchema;
}

interface JsiiType {
  kind: string;
  fqn: string;
  docs?: { summary?: string; remarks?: string };
  properties?: { name: string; optional?: boolean; docs?: { summary?: string; remarks?: string }; type: JsiiTypeRef }[];
}
type JsiiTypeRef = { fqn?: string; primitive?: string; collection?: { kind: string; elementtype: JsiiTypeRef }; union?: { types: JsiiTypeRef[] } };

/** Meta-arguments every resource and data source accepts. https://developer.hashicorp.com/terraform/language/meta-arguments */
export const META_ARGUMENTS = new Set(['count', 'depends_on', 'for_each', 'lifecycle', 'provider', 'provisioner', 'connection']);

let cached: ProviderSchema | null = null;

export function providerSchema(): ProviderSchema {
  if (cached) return cached;
  const pkg = path.dirname(require.resolve('@cdktf/provider-aws/package.json'));
  const jsii = JSON.parse(fs.readFileSync(path.join(pkg, '.jsii'), 'utf8')) as { types: Record<string, JsiiType> };
  const types = jsii.types;
  const blocks = new Map<string, BlockSchema>();
  const block = (fqn: string): BlockSchema => {
    const hit = blocks.get(fqn);
    if (hit) return hit;
    const schema: BlockSchema = { args: new Map(), required: new Set() };
    blocks.set(fqn, schema); // before recursing: nested blocks may be recursive
    for (const p of types[fqn]?.properties ?? []) {
      const tfName = terraformName(p.docs);
      if (!tfName) continue;
      const nested = structOf(p.type, types);
      schema.args.set(tfName, nested ? block(nested) : null);
      if (!p.optional) schema.required.add(tfName);
    }
    return schema;
  };
  const resources = new Map<string, BlockSchema>();
  const dataSources = new Map<string, BlockSchema>();
  let version = '';
  let provider: BlockSchema | null = null;
  for (const t of Object.values(types)) {
    if (t.kind !== 'class') continue;
    const m = /Represents a \{@link https:\/\/registry\.terraform\.io\/providers\/hashicorp\/aws\/([0-9.]+)\/docs(?:\/(resources|data-sources)\/[a-z0-9_]+)? (aws[a-z0-9_]*)\}/.exec(t.docs?.summary ?? '');
    if (!m) continue;
    version = m[1];
    const config = `${t.fqn}Config`;
    if (!types[config]) continue;
    if (!m[2]) provider = block(config);
    else (m[2] === 'resources' ? resources : dataSources).set(m[3], block(config));
  }
  if (!provider) throw new Error('no provider configuration in the .jsii assembly');
  cached = { version, resources, dataSources, provider };
  return cached;
}

function terraformName(docs: { summary?: string; remarks?: string } | undefined): string | null {
  const text = `${docs?.summary ?? ''} ${docs?.remarks ?? ''}`;
  return /\/docs(?:\/[a-z-]+\/[a-z0-9_]+)?#([a-z0-9_]+) /.exec(text)?.[1] ?? null;
}

/** The struct a property holds (directly, in a list or set, or in a union with IResolvable), if any. */
function structOf(ref: JsiiTypeRef, types: Record<string, JsiiType>): string | null {
  if (ref.fqn) return types[ref.fqn]?.kind === 'interface' && ref.fqn.startsWith('@cdktf/provider-aws.') ? ref.fqn : null;
  if (ref.collection && ref.collection.kind === 'array') return structOf(ref.collection.elementtype, types);
  if (ref.union) {
    for (const t of ref.union.types) {
      const s = structOf(t, types);
      if (s) return s;
    }
  }
  return null;
}

/** Check one configuration body against a block schema; returns problems as `where: what`. */
export function checkBlock(where: string, body: unknown, schema: BlockSchema, meta: boolean): string[] {
  const problems: string[] = [];
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return [`${where}: expected an object`];
  const obj = body as Record<string, unknown>;
  for (const [key, value] of Object.entries(obj)) {
    if (meta && META_ARGUMENTS.has(key)) continue;
    // Terraform JSON reads a `//` property as a comment.
    if (key === '//') continue;
    if (!schema.args.has(key)) {
      problems.push(`${where}: unknown argument '${key}'`);
      continue;
    }
    const nested = schema.args.get(key);
    if (nested && value !== null && typeof value === 'object') {
      const items = Array.isArray(value) ? value : [value];
      items.forEach((item, i) => problems.push(...checkBlock(`${where}.${key}${Array.isArray(value) ? `[${i}]` : ''}`, item, nested, false)));
    }
  }
  for (const req of schema.required) if (!(req in obj)) problems.push(`${where}: missing required argument '${req}'`);
  return problems;
}

/** Every problem of a whole main.tf.json against the schema. */
export function checkConfiguration(tf: Record<string, any>): string[] {
  const schema = providerSchema();
  const problems: string[] = [];
  for (const [type, instances] of Object.entries<Record<string, unknown>>(tf.resource ?? {})) {
    const s = schema.resources.get(type);
    if (!s) {
      problems.push(`resource type '${type}' does not exist in hashicorp/aws ${schema.version}`);
      continue;
    }
    for (const [name, body] of Object.entries(instances)) problems.push(...checkBlock(`${type}.${name}`, body, s, true));
  }
  for (const [type, instances] of Object.entries<Record<string, unknown>>(tf.data ?? {})) {
    const s = schema.dataSources.get(type);
    if (!s) {
      problems.push(`data source '${type}' does not exist in hashicorp/aws ${schema.version}`);
      continue;
    }
    for (const [name, body] of Object.entries(instances)) problems.push(...checkBlock(`data.${type}.${name}`, body, s, true));
  }
  for (const [name, configs] of Object.entries<unknown[]>(tf.provider ?? {})) {
    if (name !== 'aws') {
      problems.push(`provider '${name}' is not hashicorp/aws`);
      continue;
    }
    configs.forEach((c, i) => problems.push(...checkBlock(`provider.aws[${i}]`, c, schema.provider, false)));
  }
  return problems;
}
