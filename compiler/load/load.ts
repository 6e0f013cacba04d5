/**
 * Stage 1: YAML text -> plain document plus a SourceMap.
 *
 * Syntax errors, duplicate keys, an empty file, aliases that explode, tags we
 * do not understand and a root that is not a mapping all become diagnostics.
 */
import { Document, isAlias, isMap, isPair, isScalar, isSeq, Node, parseDocument } from 'yaml';
import type { Diagnostic, PathSegment, Span } from '../diagnostics/diagnostic';
import { formatPath } from '../diagnostics/diagnostic';
import { SourceMap } from './source-map';

export interface Loaded {
  /** The document as plain JSON-like data, or null when it could not be read. */
  doc: unknown;
  sourceMap: SourceMap;
  diagnostics: Diagnostic[];
}

export { MAX_SOURCE_BYTES } from './limits';

export function loadSource(text: string, file: string): Loaded {
  const sourceMap = new SourceMap(file, text);
  const diagnostics: Diagnostic[] = [];
  // Line starts computed here rather than by yaml's LineCounter, which
  // misses newlines inside some malformed (error-recovered) quoted scalars
  // and then reports columns past the end of the line.
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const at = (offset: number): { line: number; col: number } => {
    const o = Math.max(0, Math.min(offset, text.length));
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: o - lineStarts[lo] + 1 };
  };
  const spanOfRange = (range: readonly number[] | undefined | null): Span =>
    range ? { start: at(range[0]), end: at(range[1]) } : { start: { line: 1, col: 1 }, end: { line: 1, col: 1 } };
  const report = (code: string, span: Span, path: string, message: string, hint: string): void => {
    diagnostics.push({ code, severity: 'error', file, path, span, message, hint });
  };

  // Line by line: a single regex over the whole text (`(\s*#...|\s*\n)*`)
  // backtracks exponentially on leading blank lines followed by content.
  if (text.split('\n').every((line) => /^\s*(#[^\n]*)?$/.test(line))) {
    report('FF002', spanOfRange([0, 0]), '', 'the file is empty', 'Start with `version: 1` and a fleet `name`; see examples/minimal/fleet.yaml.');
    return { doc: null, sourceMap, diagnostics };
  }

  const deep = flowNestingBeyond(text, MAX_FLOW_DEPTH);
  if (deep >= 0) {
    report('FF009', spanOfRange([deep, deep + 1]), '', `brackets nest deeper than ${MAX_FLOW_DEPTH} levels`, 'A fleet needs a few levels of [ ] and { }; check for unbalanced brackets.');
    return { doc: null, sourceMap, diagnostics };
  }

  const yamlDoc: Document.Parsed = parseDocument(text, {
    // Duplicate keys are found below, in one pass: the library compares each
    // key with every earlier key of its mapping, so 20,000 keys took a minute.
    uniqueKeys: false,
    prettyErrors: false,
    strict: true,
    // The library's own warnings go to process.emitWarning (stderr); every
    // problem we care about becomes a diagnostic instead.
    logLevel: 'error',
  });

  for (const err of yamlDoc.errors) {
    report('FF001', spanOfRange(err.pos), '', `YAML syntax error: ${firstLine(err.message)}`, 'Check indentation, quotes and brackets on this line and the one before it.');
  }
  for (const offset of duplicateKeyOffsets(yamlDoc.contents)) {
    report('FF003', spanOfRange([offset, offset + 1]), '', `duplicate key: ${describeKeyAt(text, offset)} appears twice in the same mapping`, 'Remove or merge one of the two entries; YAML keeps only one of them.');
  }
  for (const warn of yamlDoc.warnings) {
    report('FF004', spanOfRange(warn.pos), '', `YAML: ${firstLine(warn.message)}`, 'Fleet files use plain YAML without custom tags or directives.');
  }
  if (diagnostics.length > 0) return { doc: null, sourceMap, diagnostics };

  if (!isMap(yamlDoc.contents)) {
    report('FF005', spanOfRange(yamlDoc.contents?.range), '', `the document is ${describeNode(yamlDoc.contents)}; a fleet is a mapping of keys such as version, name, region`, 'Start with `version: 1` on its own line; see examples/minimal/fleet.yaml.');
    return { doc: null, sourceMap, diagnostics };
  }

  let doc: unknown;
  try {
    // Billion-laughs guard: a fleet has no reason for deep alias fan-out.
    // Expanded first, so the span walk below (which follows aliases too) is
    // only ever as large as a document that passed this limit.
    doc = yamlDoc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    report('FF007', spanOfRange([0, 0]), '', `the document cannot be expanded: ${firstLine((err as Error).message)}`, 'Use fewer aliases (*name); a fleet file rarely needs them.');
    return { doc: null, sourceMap, diagnostics };
  }

  // Record the span of every node by its path, resolving aliases to their anchors.
  const walk = (node: unknown, path: PathSegment[], keySpan: Span | undefined): void => {
    if (isAlias(node)) {
      sourceMap.set(path, { value: spanOfRange(node.range), key: keySpan });
      const target = node.resolve(yamlDoc);
      if (target && !isScalar(target)) walkChildren(target, path);
      return;
    }
    if (!node || typeof node !== 'object') return;
    sourceMap.set(path, { value: spanOfRange((node as Node).range), key: keySpan });
    walkChildren(node, path);
  };
  const walkChildren = (node: unknown, path: PathSegment[]): void => {
    if (isMap(node)) {
      for (const item of node.items) {
        if (!isPair(item)) continue;
        const key = item.key;
        if (!isScalar(key)) {
          report('FF006', spanOfRange((key as Node | null)?.range), formatPath(path), 'a mapping key is not a plain value', 'Keys are plain words such as `name` or `port`.');
          continue;
        }
        const k = String(key.value);
        walk(item.value, [...path, k], spanOfRange(key.range));
      }
    } else if (isSeq(node)) {
      node.items.forEach((child, i) => walk(child, [...path, i], undefined));
    }
  };
  walk(yamlDoc.contents, [], undefined);
  if (diagnostics.length > 0) return { doc: null, sourceMap, diagnostics };

  return { doc, sourceMap, diagnostics };
}

/** Deepest flow nesting we parse: the YAML library slows down sharply on thousands of levels. */
export const MAX_FLOW_DEPTH = 1000;

/**
 * The offset of the first `[` or `{` that opens a flow collection deeper
 * than `max`, or -1. A linear scan that only counts brackets where a flow
 * collection can start (line start, after `:`, `-`, `,`, `[`, `{`, `?` and
 * spaces), skips quoted scalars and comments, so brackets inside values
 * (`/api[v1`) and strings never count.
 */
function flowNestingBeyond(text: string, max: number): number {
  let depth = 0;
  let tokenStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') {
      tokenStart = true;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') continue;
    if (tokenStart && (c === '[' || c === '{')) {
      depth += 1;
      if (depth > max) return i;
      continue;
    }
    if ((c === ']' || c === '}') && depth > 0) {
      depth -= 1;
      tokenStart = false;
      continue;
    }
    if (tokenStart && (c === '"' || c === "'")) {
      // Skip the quoted scalar: '' escapes a single quote, \ escapes in double quotes.
      for (i += 1; i < text.length; i++) {
        if (c === '"' && text[i] === '\\') i += 1;
        else if (text[i] === c) {
          if (c === "'" && text[i + 1] === "'") i += 1;
          else break;
        }
      }
      tokenStart = false;
      continue;
    }
    if (tokenStart && c === '#') {
      while (i < text.length && text[i] !== '\n') i += 1;
      tokenStart = true;
      continue;
    }
    tokenStart = c === ':' || c === '-' || c === ',' || c === '?';
  }
  return -1;
}

/**
 * Where a key repeats an earlier key of the same mapping (equal scalar
 * values, as the yaml library compares them), in document order. Linear:
 * one set of seen values per mapping; aliases are not followed.
 */
function duplicateKeyOffsets(root: unknown): number[] {
  const found: number[] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const item of node.items) {
        if (!isPair(item)) continue;
        if (isScalar(item.key)) {
          if (seen.has(item.key.value) && item.key.range) found.push(item.key.range[0]);
          seen.add(item.key.value);
        }
        stack.push(item.value);
      }
    } else if (isSeq(node)) {
      for (const child of node.items) stack.push(child);
    }
  }
  return found.sort((a, b) => a - b);
}

function firstLine(s: string): string {
  return s.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

function describeKeyAt(text: string, offset: number): string {
  const m = /^[^\s:#][^:\n]*/.exec(text.slice(offset));
  return m ? `\`${m[0].trim().slice(0, 60)}\`` : 'a key';
}

function describeNode(node: unknown): string {
  if (node === null || node === undefined) return 'empty';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) return `a single value (${JSON.stringify(node.value)?.slice(0, 40)})`;
  return 'not a mapping';
}
