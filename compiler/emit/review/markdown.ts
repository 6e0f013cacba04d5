/**
 * The one place where review output becomes Markdown. Every command that
 * writes Markdown (plan-comment, `diff --format markdown`) builds it here.
 *
 * The rule: text that comes from a plan or a fleet never reaches the output
 * without passing an escaper. This module makes that the only way to write:
 *
 *   md`- **${verb}** ${code(address)} (${label})`
 *
 * `md` is a tagged template. Its literal parts are the program's own markup;
 * every interpolated string is data and is escaped as inline text; values
 * built by this module (`Md`: `code()`, `text()`, nested `md`, `codeBlock()`,
 * `details()`) are kept as they are. A plain string can never be taken for
 * markup, because only a template literal's own parts (or `trusted()`, for
 * the program's constants) become markup.
 *
 * An `Md` holds parts, not text: data is escaped when the whole is written
 * (`toMarkdown`), so
 *  - the same value is escaped for its context: inside `<details><summary>`
 *    GitHub reads raw HTML (a CommonMark "HTML block"), elsewhere Markdown;
 *  - a redaction pass (sensitive values, AWS account IDs) applies to data
 *    parts only, never to the markup around them.
 *
 * What the escapes guard against, everywhere a value can land (table cells,
 * list items, headings, block quotes, `<summary>`, code spans and blocks):
 *  - Markdown and HTML in data: `</details><img src=x>`, `**`, `[x](y)`,
 *    backticks closing a code span, a `|` ending a table cell, line breaks
 *    that start a new block, a leading `#`/`-`/`>`/`1.` opening a block.
 *  - GitHub's own filters, which run on the rendered text (so no Markdown
 *    escape stops them): @mentions ping people and teams, `#123`, `GH-123`
 *    and `owner/repo#123` link issues, bare URLs and commit SHAs become links,
 *    `:name:` becomes an emoji. In text, a zero-width joiner (U+200D) goes
 *    after the trigger so the pattern no longer matches; inside code (which
 *    GitHub leaves alone) the value is shown exactly.
 *    https://docs.github.com/en/get-started/writing-on-github/working-with-advanced-formatting/autolinked-references-and-urls
 *  - The hidden marker (`<!-- fleetform:plan -->`) the workflow uses to find
 *    its comment: data can never write `<!--` into the output's source.
 *  - Invisible and direction-changing characters (escapeInvisible).
 *
 * The rules follow the CommonMark spec (https://spec.commonmark.org/0.31.2/:
 * code spans §6.1, HTML blocks §4.6, entity references §2.5) and the GFM
 * table extension (https://github.github.com/gfm/#tables-extension-).
 */
import { escapeInvisible } from '../../validate/describe';

type Part =
  /** The program's own markup. */
  | { kind: 'markup'; text: string }
  /** Data shown as inline text. */
  | { kind: 'text'; text: string }
  /** Data shown as inline code. */
  | { kind: 'code'; text: string }
  /** Data shown as a fenced code block (its lines are data). */
  | { kind: 'block'; lang: string; text: string; indent: string }
  /** A piece written in HTML context (inside `<summary>`): Markdown is not read there. */
  | { kind: 'html'; inner: Md };

/** Only this module makes an Md: no caller can pass data off as markup. */
const MAKER = Symbol('markdown.ts');

/** Markdown built by this module: markup from the program, data escaped on output. */
export class Md {
  readonly parts: readonly Part[];

  constructor(parts: readonly Part[], maker: symbol) {
    if (maker !== MAKER) throw new Error('markdown: build Md with md``, text(), code() and the like');
    this.parts = parts;
  }

  /** Whether nothing would be written. */
  get empty(): boolean {
    return this.parts.every((p) => (p.kind === 'html' ? p.inner.empty : p.kind === 'block' ? false : p.text === ''));
  }
}

function make(parts: readonly Part[]): Md {
  return new Md(parts, MAKER);
}

/** What `md` accepts in `${...}`: Md is kept, strings are data, numbers are the program's own counts. */
export type Interpolation = Md | string | number;

/** The tagged template: literal parts are markup, `${string}` is data (escaped as text). */
export function md(strings: TemplateStringsArray, ...values: readonly Interpolation[]): Md {
  const parts: Part[] = [];
  strings.forEach((s, i) => {
    if (s) parts.push({ kind: 'markup', text: s });
    if (i < values.length) parts.push(...partsOf(values[i]));
  });
  return make(parts);
}

/** Data as inline text. */
export function text(value: string): Md {
  return make([{ kind: 'text', text: value }]);
}

/** Data as inline code: a code span whose fence no backtick run in the value can close. */
export function code(value: string): Md {
  return make([{ kind: 'code', text: value }]);
}

/**
 * Data as a fenced code block; `lang` is the program's (`diff`, `mermaid`).
 * `indent` nests it in a list item.
 */
export function codeBlock(lang: 'diff' | 'mermaid' | 'text', lines: string, indent = ''): Md {
  return make([{ kind: 'block', lang, text: lines, indent }]);
}

/** The program's own constant markup (never data): headings, notes, emoji. */
export function trusted(markup: string): Md {
  return make([{ kind: 'markup', text: markup }]);
}

/** Parts joined by a separator (the separator is the program's markup, or data when a string). */
export function join(items: readonly Interpolation[], separator: Md | string = ''): Md {
  const sep = typeof separator === 'string' ? trusted(separator) : separator;
  const parts: Part[] = [];
  items.forEach((item, i) => {
    if (i) parts.push(...sep.parts);
    parts.push(...partsOf(item));
  });
  return make(parts);
}

/** A folded section. The summary is written in HTML context, as GitHub reads it there. */
export function details(summary: Md, body: Md): Md {
  return md`<details><summary>${make([{ kind: 'html', inner: summary }])}</summary>\n\n${body}\n\n</details>\n`;
}

/** A GFM table; every cell is inline. */
export function table(header: readonly string[], rows: readonly (readonly Interpolation[])[]): Md {
  const line = (cells: readonly Interpolation[]): Md => md`| ${join(cells, ' | ')} |`;
  return join([line(header.map(trusted)), trusted(`| ${header.map(() => '---').join(' | ')} |`), ...rows.map(line)], '\n');
}

/**
 * A link the program makes to a URL it was given (e.g. the plan artifact).
 * Only http(s) URLs link; anything else is shown as code.
 */
export function link(label: Md | string, url: string): Md {
  if (!/^https?:\/\/[^\s]+$/i.test(url)) return md`${label} (${code(url)})`;
  // Percent-encode what would end or confuse a link destination (§6.3).
  const dest = url.replace(/[^A-Za-z0-9\-._~:/?#@!$&'*+,;=%]/g, (c) => encodeURIComponent(c)).replace(/[()'<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return md`[${label}](${trusted(dest)})`;
}

export interface WriteOptions {
  /**
   * Applied to every data part before it is escaped (never to markup):
   * masks sensitive values and account IDs.
   */
  redact?: (data: string) => string;
}

/** Writes Markdown: markup as it is, data escaped for where it stands. */
export function toMarkdown(m: Md, opts: WriteOptions = {}): string {
  return write(m, false, opts.redact ?? identity);
}

// ---------------------------------------------------------------- writing

function identity(s: string): string {
  return s;
}

function partsOf(v: Interpolation): readonly Part[] {
  if (v instanceof Md) return v.parts;
  // Numbers are the program's counts and sizes: digits cannot be markup.
  if (typeof v === 'number') return [{ kind: 'markup', text: String(v) }];
  return [{ kind: 'text', text: v }];
}

function write(m: Md, html: boolean, redact: (s: string) => string): string {
  const pieces: string[] = [];
  // The current line so far, while it could still be the start of a block
  // (kept apart: searching a long output for its last line would cost O(n²)).
  let line: string | null = '';
  const put = (piece: string): void => {
    pieces.push(piece);
    const nl = piece.lastIndexOf('\n');
    const rest = nl >= 0 ? piece.slice(nl + 1) : (line ?? '') + piece;
    line = nl < 0 && line === null ? null : BLOCK_START.test(rest) ? rest : null;
  };
  for (const p of m.parts) {
    switch (p.kind) {
      case 'markup':
        put(p.text);
        break;
      case 'text':
        put(html ? htmlText(redact(p.text)) : markdownText(redact(p.text), line !== null));
        break;
      case 'code':
        put(html ? htmlCode(redact(p.text), false) : markdownCode(redact(p.text)));
        break;
      case 'block':
        if (html) throw new Error('markdown: a code block cannot stand inside <summary>');
        put(fenced(p.lang, redact(p.text), p.indent));
        break;
      case 'html':
        put(write(p.inner, true, redact));
        break;
    }
  }
  return pieces.join('');
}

const ZWJ = '\u200d';

/**
 * Breaks the patterns GitHub turns into pings and links after rendering
 * (they match the rendered text, so only a character in between stops them).
 */
function defuse(s: string): string {
  return (
    s
      // @user, @org/team, and the @ of an e-mail address (autolinked as mailto:).
      .replace(/@(?=[A-Za-z0-9_])/g, `@${ZWJ}`)
      // #123, owner/repo#123, GH-123.
      .replace(/#(?=\d)/g, `#${ZWJ}`)
      .replace(/(GH)-(?=\d)/gi, `$1${ZWJ}-`)
      // Bare URLs and www. links (GFM autolink extension).
      .replace(/:\/\//g, `:${ZWJ}//`)
      .replace(/www\./gi, (w) => `${w.slice(0, 3)}${ZWJ}.`)
      // Commit SHAs (7 to 40 hex characters as a word) link to commits.
      .replace(/\b[0-9a-f]{7,40}\b/gi, (w) => `${w.slice(0, 4)}${ZWJ}${w.slice(4)}`)
      // :emoji: shortcodes.
      .replace(/:(?=[a-z0-9_+-]+:)/gi, `:${ZWJ}`)
  );
}

/** C0 controls and line breaks shown as escapes (after the invisible characters). */
function visible(s: string): string {
  return escapeInvisible(s).replace(/[\u0000-\u001f]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/**
 * A line so far after which text would open a block: empty, or only
 * indentation, block-quote markers and list markers.
 */
const BLOCK_START = /^[ \t>]*(?:(?:[-+*]|\d{1,9}[.)])[ \t]+[ \t>]*)*$/;

/**
 * Inline text in Markdown: backslash escapes for inline syntax, entities for
 * what must not be read as HTML or a table cell border, spaces at the ends
 * as entities; at the start of a block, also what would open one (`>`, `-`,
 * `+`, `=`, `1.`, `1)`).
 */
function markdownText(raw: string, blockStart: boolean): string {
  const s = defuse(visible(raw))
    // `#` too: at a heading's end it would be taken for the closing sequence.
    .replace(/[\\`*_[\]~$!#]/g, '\\$&')
    .replace(/[&<>|]/g, entity)
    // Spaces at either end as entities: two before a line end are a hard
    // line break, four at a line start an indented code block, and either
    // would stop `**` around the value from making it bold.
    .replace(/^ +| +$/g, (ws) => '&#32;'.repeat(ws.length));
  if (!blockStart) return s;
  return s
    .replace(/^[#>+=-]/, (c) => `\\${c}`)
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

/** Text inside raw HTML (`<summary>`): entities only, backslashes are literal there. */
function htmlText(raw: string): string {
  return defuse(visible(raw)).replace(/[&<>"'|]/g, entity);
}

/**
 * `<code>` with entities. In raw HTML only `&`, `<`, `>` and quotes matter;
 * in Markdown the inside of an inline HTML tag is still parsed as Markdown,
 * so its syntax characters become entities too (which read the same in both).
 * GitHub does not link or ping inside `<code>`, so the value is otherwise exact.
 */
function htmlCode(raw: string, inMarkdown: boolean): string {
  if (!inMarkdown) return `<code>${visible(raw).replace(/[&<>"']/g, entity)}</code>`;
  // The GFM autolink extension still links URLs and e-mail addresses inside
  // an inline <code> (it reads decoded text): a `:` as an entity stops a URL,
  // only a zero-width joiner after `@` stops an address.
  const s = visible(raw)
    .replace(/[&<>"'|\\`*_[\]~$!:]/g, entity)
    .replace(/@(?=[A-Za-z0-9_])/g, `@${ZWJ}`)
    .replace(/www\./gi, (w) => `&#${w.charCodeAt(0)};${w.slice(1)}`);
  return `<code>${s}</code>`;
}

/**
 * A code span (§6.1): the fence is one backtick longer than the longest run
 * in the value, with a space inside each end when the value starts or ends
 * with a backtick (or with a space, which would otherwise be stripped). A
 * value with `|` (which ends a table cell even inside a code span) or `<!--`
 * (which would forge the hidden marker in the source) is written as `<code>`
 * with entities instead, which reads the same wherever it stands.
 */
function markdownCode(raw: string): string {
  const s = visible(raw);
  if (s === '' || s.includes('|') || s.includes('<!--') || /^ +$/.test(s)) return htmlCode(raw, true);
  const longest = Math.max(0, ...(s.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = s.startsWith('`') || s.endsWith('`') || (s.startsWith(' ') && s.endsWith(' ')) ? ' ' : '';
  return `${fence}${pad}${s}${pad}${fence}`;
}

/**
 * A fenced code block (§4.5): a fence longer than any backtick run in the
 * lines, so no line can close it; `<!--` broken up so the source never holds
 * a marker; carriage returns and other controls made visible.
 */
function fenced(lang: string, raw: string, indent: string): string {
  const body = raw
    .split('\n')
    .map((l) => visible(l).replace(/<!--/g, `<${ZWJ}!--`))
    .join('\n');
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [`${fence}${lang}`, ...body.split('\n'), fence].map((l) => `${indent}${l}`).join('\n');
}

function entity(c: string): string {
  return `&#${c.charCodeAt(0)};`;
}
