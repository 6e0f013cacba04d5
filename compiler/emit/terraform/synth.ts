/**
 * In-process synthesis of one stack, fast enough for fleets of thousands of
 * hosts. Output is the same JSON as cdktf's `TerraformStack.toTerraform()`
 * without its `//` metadata (a test proves the equivalence on every fleet);
 * two costs of cdktf's path are avoided:
 *
 * 1. Stack traces. cdktf records a full stack trace (stackTraceLimit =
 *    MAX_SAFE_INTEGER) for every token it creates, only to decorate the
 *    error it would raise if that token failed to resolve. That was 75% of
 *    lowering time (3 s per 1,000 hosts). While our constructs are built and
 *    resolved, cdktf's capture helper returns no frames; it is restored
 *    afterwards.
 * 2. Resolving everything twice, node by node. cdktf resolves each element,
 *    merges, then resolves the merged tree again, building a resolution
 *    context for every string and number. Here only values that can hold a
 *    token (token markers in strings or keys, encoded token numbers, objects
 *    that are not plain data) go through cdktf's resolver; plain data is
 *    copied. The resolver is the one toTerraform uses, so tokens resolve
 *    exactly as they would there.
 */
import { Construct } from 'constructs';
import { DefaultTokenResolver, StringConcat, TerraformElement, TerraformStack, Token, Tokenization } from 'cdktf';

// Deep imports of cdktf internals, pinned by the exact cdktf version in
// package.json: the stack-trace helper (patched, see above) and the merge
// toTerraform uses.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const stackTrace = require('cdktf/lib/tokens/private/stack-trace') as { captureStackTrace: (below?: unknown) => string[] };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { deepMerge } = require('cdktf/lib/util') as { deepMerge: (target: object, ...sources: object[]) => object };

/** Run `fn` with cdktf's per-token stack traces turned off. */
export function withoutTokenStackTraces<T>(fn: () => T): T {
  const original = stackTrace.captureStackTrace;
  stackTrace.captureStackTrace = () => [];
  try {
    return fn();
  } finally {
    stackTrace.captureStackTrace = original;
  }
}

/** The stack as Terraform JSON (an object; serialize with `stableJson`). */
export function synthesize(stack: TerraformStack): Record<string, unknown> {
  return withoutTokenStackTraces(() => {
    const resolver = new DefaultTokenResolver(new StringConcat());
    const resolve = (x: unknown) => Tokenization.resolve(x, { scope: stack, resolver, preparing: false });
    const tf: Record<string, unknown> = {};
    for (const e of elementsOf(stack)) mergeFragment(tf, resolveTokens(e.toTerraform(), resolve) as Record<string, unknown>);
    // Escape hatches (`stack.addOverride`) apply last, as in toTerraform.
    const overrides = (stack as unknown as { rawOverrides: object }).rawOverrides;
    deepMerge(tf, resolveTokens(overrides, resolve) as object);
    return tf;
  });
}

/** The stack's Terraform elements in construct order (toTerraform's order), not entering nested stacks. */
function elementsOf(node: Construct, into: TerraformElement[] = []): TerraformElement[] {
  if (TerraformElement.isTerraformElement(node)) into.push(node);
  for (const child of node.node.children) {
    if (!TerraformStack.isStack(child)) elementsOf(child, into);
  }
  return into;
}

/**
 * Merge one element's fragment. Resources and data sources are
 * `{ resource: { <type>: { <name>: body } } }` with unique addresses, so their
 * bodies are placed by reference instead of deep-copied (most of the output
 * by volume); everything else goes through cdktf's merge.
 */
function mergeFragment(tf: Record<string, unknown>, fragment: Record<string, unknown>): void {
  for (const [kind, value] of Object.entries(fragment)) {
    if ((kind === 'resource' || kind === 'data') && value && typeof value === 'object') {
      const byType = (tf[kind] ??= {}) as Record<string, Record<string, unknown>>;
      for (const [type, instances] of Object.entries(value as Record<string, Record<string, unknown>>)) {
        const target = (byType[type] ??= {});
        for (const [name, body] of Object.entries(instances)) {
          if (name in target) throw new Error(`two elements synthesize ${kind} ${type}.${name}`);
          target[name] = body;
        }
      }
    } else {
      deepMerge(tf, { [kind]: value });
    }
  }
}

function mayHoldToken(s: string): boolean {
  // String, list and map token markers; number tokens concatenated into a
  // string (encoded as huge negative floats, e.g. -1.888e+289); map sentinels.
  return s.includes('TfToken[') || /[0-9]e\+[0-9]/.test(s) || s === Token.STRING_MAP_TOKEN_VALUE || s === Token.ANY_MAP_TOKEN_VALUE;
}

// cdktf's own patterns (cdktf/lib/tokens/private/encoding.js): a string token
// marker, and a template escape `${` that is not one.
const STRING_TOKEN = /\$\{TfToken\[[a-zA-Z0-9:._-]+\]\}/g;
const ESCAPE_OPEN = /\$\{(?!TfToken\[)/;

/**
 * A string holding several string tokens, resolved one token at a time, or
 * null when cdktf must see it whole. cdktf joins a string's fragments with
 * an array splice per fragment, quadratic in their number: the dashboard
 * body (a JSON string with an alarm ARN per host, and a fragment per `}`)
 * took 0.1 s to resolve for 1,000 hosts and 1.6 s for 5,000. Without a
 * template escape `${` of its own (which would make cdktf resolve the tokens
 * after it without braces) and without list or map markers, cdktf resolves
 * each token as it would alone and keeps the text around it as it is, so
 * the result is the same.
 */
function resolveTokenByToken(s: string, resolve: (x: unknown) => unknown): string | null {
  if (s.includes('#{TfToken[') || s.includes('&{TfToken[') || ESCAPE_OPEN.test(s)) return null;
  const markers = s.match(STRING_TOKEN);
  if (!markers || markers.length < 2) return null;
  const values = new Map<string, string>();
  for (const m of markers) {
    if (values.has(m)) continue;
    const v = resolve(m);
    // A token that resolves to a non-string, or to more tokens: cdktf's way.
    if (typeof v !== 'string' || v.includes('TfToken[')) return null;
    values.set(m, v);
  }
  const out = s.replace(STRING_TOKEN, (m) => values.get(m) as string);
  // Numbers encoded as tokens: cdktf resolves them over the whole string, after its string tokens.
  return /[0-9]e\+[0-9]/.test(out) ? (resolve(out) as string) : out;
}

function resolveTokens(x: unknown, resolve: (x: unknown) => unknown): unknown {
  if (typeof x === 'string') return mayHoldToken(x) ? (resolveTokenByToken(x, resolve) ?? resolve(x)) : x;
  if (typeof x === 'number') return Token.isUnresolved(x) ? resolve(x) : x;
  if (x === null || typeof x !== 'object') return x;
  if (Array.isArray(x)) {
    // List tokens are whole arrays; let cdktf see the array.
    if (x.some((el) => (typeof el === 'string' && mayHoldToken(el)) || (typeof el === 'number' && Token.isUnresolved(el)))) return resolve(x);
    let changed = false;
    const arr = x.map((el) => {
      const v = resolveTokens(el, resolve);
      if (v !== el) changed = true;
      return v;
    });
    return changed ? arr.filter((v) => v !== undefined) : x;
  }
  const proto = Object.getPrototypeOf(x);
  if ((proto !== Object.prototype && proto !== null) || Tokenization.isResolvable(x)) return resolve(x);
  // Copy on write: token-free data (most of it) is returned as is.
  let out: Record<string, unknown> | null = null;
  const keys = Object.keys(x);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (mayHoldToken(key)) return resolve(x);
    const old = (x as Record<string, unknown>)[key];
    const v = resolveTokens(old, resolve);
    if (v !== old && out === null) {
      out = {};
      for (let j = 0; j < i; j++) out[keys[j]] = (x as Record<string, unknown>)[keys[j]];
    }
    if (out !== null && v !== undefined) out[key] = v;
  }
  return out ?? x;
}
