/**
 * GitHub's own Markdown renderer as a test oracle: `cmark-gfm` (GitHub's fork
 * of cmark, Debian package cmark-gfm, installed by .ci/run) with the
 * extensions github.com enables, raw HTML kept (`--unsafe`) so that anything
 * the data manages to inject shows up as an element, and the result parsed
 * into a DOM (jsdom).
 *
 * GitHub then runs filters over the rendered text that no Markdown escape
 * reaches: @mentions, issue references, commit SHAs, bare URLs, emoji. They
 * skip text inside `code`, `pre` and `a`
 * (https://github.com/gjtorikian/html-pipeline, MentionFilter IGNORE_PARENTS);
 * `pings()` finds the patterns they would act on anywhere else.
 */
import { spawnSync } from 'node:child_process';

/** The little of the DOM these checks use (jsdom ships no types; the project has no DOM lib). */
export interface Node {
  nodeValue: string | null;
  parentElement: Element | null;
}
export interface Element extends Node {
  tagName: string;
  textContent: string | null;
  innerHTML: string;
  ownerDocument: any;
  closest(selector: string): Element | null;
  querySelectorAll(selector: string): ArrayLike<Element> & Iterable<Element>;
}

// eslint-disable-next-line @typescript-eslint/no-var-requires
const { JSDOM } = require('jsdom') as { JSDOM: new (html: string) => { window: { document: any } } };

export const CMARK = 'cmark-gfm';

/** Whether cmark-gfm is installed (tests that need it skip, saying so, when it is not). */
export const HAVE_CMARK = spawnSync(CMARK, ['--version'], { encoding: 'utf8' }).status === 0;

const dom = new JSDOM('<!doctype html><body></body>');

/** Markdown to a detached DOM element, as github.com renders it (before sanitising). */
export function renderGfm(markdown: string): Element {
  const r = spawnSync(CMARK, ['--unsafe', '-e', 'table', '-e', 'autolink', '-e', 'strikethrough', '-e', 'tasklist', '-t', 'html'], { input: markdown, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`cmark-gfm failed: ${r.stderr}`);
  const div: Element = dom.window.document.createElement('div');
  div.innerHTML = r.stdout;
  return div;
}

/** Tag names of every element, in document order: the structure of a rendering. */
export function structure(root: Element): string[] {
  return [...root.querySelectorAll('*')].map((e) => e.tagName.toLowerCase());
}

/** HTML comments anywhere in the rendering. */
export function comments(root: Element): string[] {
  const out: string[] = [];
  const walker = root.ownerDocument.createTreeWalker(root, 128 /* NodeFilter.SHOW_COMMENT */);
  for (let n: Node | null = walker.nextNode(); n; n = walker.nextNode()) out.push(n.nodeValue ?? '');
  return out;
}

/**
 * Text GitHub's post-render filters would turn into a ping or a link: text
 * nodes outside code, pre and a that hold an @mention, an issue reference, a
 * URL, a www. link, an e-mail address or an :emoji: code.
 */
export function pings(root: Element): string[] {
  const found: string[] = [];
  const walker = root.ownerDocument.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
  for (let n: Node | null = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.parentElement?.closest('code, pre, a')) continue;
    const t = n.nodeValue ?? '';
    for (const re of PING_PATTERNS) {
      const m = re.exec(t);
      if (m) found.push(`${re.source}: ${JSON.stringify(m[0])} in ${JSON.stringify(t.slice(0, 120))}`);
    }
  }
  return found;
}

const PING_PATTERNS: RegExp[] = [
  /(?:^|[^\w`])@[A-Za-z0-9][A-Za-z0-9-]*/, // @user, @org/team
  /(?:^|[^\w&])#\d+/, // #123, owner/repo#123
  /\bGH-\d+/i,
  /\bhttps?:\/\//i,
  /\bwww\./i,
  /:[a-z0-9_+-]+:/i, // :emoji:
];
