/**
 * Linear scans of the raw text that reject shapes no fleet has before the
 * YAML parser sees them. The parser costs about 10 microseconds per entry on
 * a small machine and slows down sharply on deep nesting, so a megabyte of
 * 100,000 keys would take seconds to parse only to be told it is not a
 * fleet. These scans are conservative: they count only what is surely an
 * entry (block keys and list items outside block scalars, flow entries by
 * their commas), so a fleet they let through is parsed as before, and the
 * loader checks the parsed collections again (load.ts).
 */
import { thousands } from '../order';

/** Deepest flow nesting we parse: the YAML library slows down sharply on thousands of levels. */
export const MAX_FLOW_DEPTH = 1000;

/**
 * Largest mapping and list a fleet may hold. The largest real ones are far
 * smaller: tags (AWS allows 50 per resource,
 * https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html), a
 * container's environment, and the hosts list (the bench builds 5,000
 * hosts). Above these the file is not a fleet, and checking each entry would
 * only make the answer slower.
 */
export const MAX_MAP_KEYS = 1000;
export const MAX_LIST_ENTRIES = 10000;

/**
 * Most entries (keys and list items, block and flow) a fleet file may hold
 * in all. Parsing costs per entry, so this bounds the whole check of any
 * input: about 30,000 entries a second on a small 2-core machine, and 5,000
 * hosts count 50,021 entries (10 a host).
 */
export const MAX_ENTRIES = 60_000;

/** The message for a file with more than MAX_ENTRIES entries. */
export function tooManyEntriesMessage(): string {
  return `file too large: more than ${thousands(MAX_ENTRIES)} keys and list entries; a fleet file holds at most that many`;
}

export interface Oversized {
  kind: 'map' | 'list';
  /** Where the first entry past the limit starts. */
  offset: number;
}

/** The message for an oversized collection: the same whichever scan found it. */
export function oversizedMessage(o: { kind: 'map' | 'list' }): string {
  return o.kind === 'map'
    ? `a mapping with more than ${thousands(MAX_MAP_KEYS)} keys; no part of a fleet has that many`
    : `a list with more than ${thousands(MAX_LIST_ENTRIES)} entries; no part of a fleet has that many`;
}

/**
 * One pass over the flow collections (`[...]`, `{...}`): the offset of the
 * first `[` or `{` that opens a collection deeper than `maxDepth`
 * (`deep`), or of the first entry past the limits of one collection
 * (`oversized`). Brackets and commas count only where YAML reads them as
 * flow indicators: a collection starts at a token start (line start, after
 * `:`, `-`, `,`, `[`, `{`, `?` and spaces); quoted scalars and comments are
 * skipped, so `/api[v1` and strings never count.
 */
export function scanFlow(text: string, maxDepth: number = MAX_FLOW_DEPTH): { deep: number; oversized: Oversized | null; entries: number } {
  // Per open collection: is it a mapping, and how many commas so far.
  const open: { map: boolean; commas: number }[] = [];
  let tokenStart = true;
  // Every comma separates two flow entries; counted for MAX_ENTRIES.
  let entries = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') {
      tokenStart = true;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') continue;
    if (tokenStart && (c === '[' || c === '{')) {
      open.push({ map: c === '{', commas: 0 });
      if (open.length > maxDepth) return { deep: i, oversized: null, entries };
      continue;
    }
    if ((c === ']' || c === '}') && open.length > 0) {
      open.pop();
      tokenStart = false;
      continue;
    }
    if (c === ',' && open.length > 0) {
      const top = open[open.length - 1];
      top.commas += 1;
      entries += 1;
      // n commas separate at least n entries (a trailing comma is allowed).
      if (top.commas > (top.map ? MAX_MAP_KEYS : MAX_LIST_ENTRIES)) return { deep: -1, oversized: { kind: top.map ? 'map' : 'list', offset: i }, entries };
      tokenStart = true;
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
  return { deep: -1, oversized: null, entries };
}

// A list item: `-` then a space or the end of the line; what follows starts at the returned column.
const LIST_ITEM = /^- ?/;
// A block mapping key: a plain scalar (not starting with an indicator) or a quoted one, then `:` and a space or the end.
const MAP_KEY = /^(?:[^\s#'"[\]{},&*!|>%@`?:-][^#\n]*?|"(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*'|-[^\s#\n][^#\n]*?):(?: |$)/;
// A value that opens a block scalar (`|`, `>`, with chomping and indentation indicators), perhaps with a comment.
const BLOCK_SCALAR = /(?:^|[ :-])[|>][-+0-9]*\s*(?:#.*)?$/;

/**
 * The first block mapping with more than MAX_MAP_KEYS keys or block list with
 * more than MAX_LIST_ENTRIES items, and the number of block entries, by indentation: entries at one
 * indentation with no shallower line between them belong to one collection.
 * Lines inside block scalars are skipped.
 */
export function scanBlocks(text: string): { oversized: Oversized | null; entries: number } {
  // The open collections, shallowest first.
  const open: { indent: number; kind: 'map' | 'list'; count: number }[] = [];
  let blockScalarAbove = -1;
  let offset = 0;
  let entries = 0;
  for (const line of text.split('\n')) {
    const lineStart = offset;
    offset += line.length + 1;
    let indent = 0;
    while (line.charCodeAt(indent) === 32) indent += 1;
    if (indent === line.length || line[indent] === '#' || line[indent] === '\r') continue;
    if (blockScalarAbove >= 0) {
      if (indent > blockScalarAbove) continue;
      blockScalarAbove = -1;
    }
    // `- - key: v` holds several entries, each further right.
    let col = indent;
    let rest = line.slice(indent);
    for (;;) {
      const item = LIST_ITEM.exec(rest);
      const isItem = item !== null && (rest.length === 1 || rest[1] === ' ');
      const key = isItem ? null : MAP_KEY.exec(rest);
      if (!isItem && !key) break;
      const kind = isItem ? 'list' : 'map';
      entries += 1;
      while (open.length > 0 && open[open.length - 1].indent > col) open.pop();
      const top = open[open.length - 1];
      if (top && top.indent === col && top.kind === kind) {
        top.count += 1;
        if (top.count > (kind === 'map' ? MAX_MAP_KEYS : MAX_LIST_ENTRIES)) return { oversized: { kind, offset: lineStart + col }, entries };
      } else {
        if (top && top.indent === col) open.pop();
        open.push({ indent: col, kind, count: 1 });
      }
      if (!isItem) break;
      const skip = item![0].length;
      let spaces = 0;
      while (rest.charCodeAt(skip + spaces) === 32) spaces += 1;
      col += skip + spaces;
      rest = rest.slice(skip + spaces);
    }
    if (BLOCK_SCALAR.test(line)) blockScalarAbove = indent;
  }
  return { oversized: null, entries };
}
