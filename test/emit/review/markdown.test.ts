/**
 * markdown.ts, the one escaper of review output, against GitHub's own
 * renderer (cmark-gfm, see gfm.ts): no value, in any position, changes the
 * structure of the document, pings anyone, links anything, or forges the
 * hidden marker, and every value is still shown.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Md, code, codeBlock, details, join, link, md, table, toMarkdown, trusted } from '../../../compiler/emit/review/markdown';
import { HAVE_CMARK, comments, pings, renderGfm, structure } from './gfm';

const ZWJ = /\u200d/g;
const MARKER = '<!-- fleetform:plan -->';

/** A document with `v` in every position the review commands put data. */
function doc(v: string): string {
  return toMarkdown(
    md`${trusted(MARKER)}\n## ${v}\n\n${v} and ${code(v)}\n\n- ${v}\n- ${code(v)}: ${v}\n  - ${v}\n\n> - ${v} ${code(v)}\n\n${table(['A', 'B'], [
      [v, code(v)],
      [code(v), v],
    ])}\n\n${details(md`${code(v)} ${v}`, md`${v}\n\n${codeBlock('diff', `+ a = ${v}`)}`)}\n1. ${v}\n\n**${v}**\n`,
  );
}
/** How many times `doc` shows the value inline (the code block holds its lines as they are). */
const SLOTS = 18;

/** What a value reads as once shown: controls and invisible characters spelled out (markdown.ts `visible`). */
function shown(v: string): string {
  return JSON.stringify(v)
    .slice(1, -1)
    .replace(/\\"/g, '"')
    .replace(/\\\\/g, '\\')
    .replace(/[\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const HOSTILE = [
  '`</details><img src=x onerror=alert(1)>`',
  '@acme/security',
  'ping @octocat and @acme/security-team',
  '#123 GH-1 acme/fleet#1 owner/repo#12',
  MARKER,
  '<!-- fleetform:drift -->',
  '| a | b |',
  '**bold** _em_ ~~del~~ [link](https://evil.example) ![i](https://evil.example/i.png)',
  'https://evil.example www.evil.example mail@evil.example',
  ':+1: :warning:',
  '$x^2$ $$y$$',
  '\n\n# heading\n- item\n```\ncode',
  '# title',
  '> quote',
  '- item',
  '1. one',
  '    indented',
  '===',
  '```',
  '`',
  '``a``',
  ' `x` ',
  'a  ',
  '\\',
  '\\|',
  '&amp; &#60; &lt;',
  '<details><summary>x</summary>',
  '</summary></details>',
  '\u202egnp.exe',
  'deadbeefcafe1234',
  'a\u0000b\u001bc',
  '[x]: https://evil.example',
  '<https://evil.example>',
];

test('code spans: a fence longer than any backtick run, padded when the value starts or ends with a backtick', () => {
  assert.is(toMarkdown(code('aws_lb.x')), '`aws_lb.x`');
  assert.is(toMarkdown(code('a`b')), '``a`b``');
  assert.is(toMarkdown(code('a``b`')), '``` a``b` ```');
  assert.is(toMarkdown(code('`x`')), '`` `x` ``');
  assert.is(toMarkdown(code(' x ')), '`  x  `');
  // A pipe ends a table cell even inside a code span, and `<!--` would sit in the source: <code> with entities.
  assert.is(toMarkdown(code('a|b')), '<code>a&#124;b</code>');
  assert.is(toMarkdown(code('<!-- fleetform:plan -->')), '<code>&#60;&#33;-- fleetform&#58;plan --&#62;</code>');
  // Inside <summary> (raw HTML), code is <code> with HTML entities.
  assert.is(toMarkdown(details(md`${code('a<b`')}`, md``)), '<details><summary><code>a&#60;b`</code></summary>\n\n\n\n</details>\n');
});

test('text: mentions and references are defused, syntax escaped, block openers only where a block starts', () => {
  const out = toMarkdown(md`x ${'@acme/security #123 GH-1 **b**'}`);
  assert.is(out, 'x @\u200dacme/security \\#\u200d123 GH\u200d-1 \\*\\*b\\*\\*');
  assert.is(toMarkdown(md`- ${'# h'}`), '- \\# h');
  assert.is(toMarkdown(md`Terraform ${'1.9.8'}`), 'Terraform 1.9.8');
  assert.is(toMarkdown(md`${'1. one'}`), '1\\. one');
  assert.is(toMarkdown(md`${'a\nb'}`), 'a\\\\nb');
});

test('strings interpolated into md are data; only template literals and trusted() are markup', () => {
  const value = '<b>x</b>';
  assert.is(toMarkdown(md`<b>${value}</b>`), '<b>&#60;b&#62;x&#60;/b&#62;</b>');
  assert.is(toMarkdown(join([value, code(value)], ', ')), '&#60;b&#62;x&#60;/b&#62;, `<b>x</b>`');
  assert.is(toMarkdown(md`${3} items`), '3 items');
});

test('links: only http(s), with what would end the destination percent-encoded', () => {
  assert.is(toMarkdown(link('the plan', 'https://github.com/a/b/actions/runs/1')), '[the plan](https://github.com/a/b/actions/runs/1)');
  assert.is(toMarkdown(link('x', 'https://e.x/a"<img>(y)\'')), '[x](https://e.x/a%22%3Cimg%3E%28y%29%27)');
  // Whitespace is no URL: shown, not linked.
  assert.is(toMarkdown(link('x', 'https://e.x/a b')), 'x (`https://e.x/a b`)');
  assert.is(toMarkdown(link('x', 'javascript:alert(1)')), 'x (`javascript:alert(1)`)');
});

test('an Md is made only by markdown.ts: data cannot be passed off as markup', () => {
  assert.throws(() => new Md([{ kind: 'markup', text: '<img src=x>' }], Symbol('markdown.ts')), /build Md with md/);
});

test('redaction applies to data only, never to the markup around it', () => {
  const out = toMarkdown(md`<details>${'details s3cret'} ${code('s3cret')}`, { redact: (s) => s.replace(/s3cret|details/g, 'X') });
  assert.is(out, '<details>X X `X`');
});

if (!HAVE_CMARK) {
  test('SKIPPED (cmark-gfm is not installed): hostile values checked against GitHub\'s renderer', () => {});
} else {
  test('cmark-gfm: no hostile value changes the structure, pings, links or forges the marker; each is still shown', () => {
    checkValues(HOSTILE);
  });

  test('cmark-gfm: 300 random values built from hostile pieces, in every position', () => {
    const pieces = ['`', '``', '```', '<', '>', '</details>', '<img src=x>', '<!--', '-->', '|', '*', '_', '[', ']', '(', ')', '!', '#', '@', 'acme', '/', 'GH-', '1', '123', ':', '+1', ' ', '  ', '\n', '\r', '\t', '\\', '&', '&amp;', '&#60;', '$', '~', '=', '-', '.', 'www.', 'https://', 'x', '\u202e', '<summary>', '"', "'", '1.', 'a@b.co', 'cafe1234', '{', '}'];
    let seed = 0x5eed;
    const rand = (n: number): number => {
      // mulberry32: the same values on every run.
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return (((t ^ (t >>> 14)) >>> 0) % n);
    };
    const values: string[] = [];
    for (let i = 0; i < 300; i++) {
      let v = '';
      const n = 1 + rand(8);
      for (let j = 0; j < n; j++) v += pieces[rand(pieces.length)];
      values.push(v);
    }
    checkValues(values);
  });
}

/**
 * Renders the documents of many values in one cmark-gfm run, each followed by
 * a separator element; a value that broke its document shows as a structure
 * that is not N copies of the benign one, and is then found by checking the
 * values one by one.
 */
function checkValues(values: readonly string[]): void {
  const one = structure(renderGfm(doc('x')));
  const SEP = '\n\n<div class="sep"></div>\n\n';
  for (let i = 0; i < values.length; i += 60) {
    const batch = values.slice(i, i + 60);
    const root = renderGfm(batch.map(doc).join(SEP) + SEP);
    const expected = batch.flatMap(() => [...one, 'div']);
    if (JSON.stringify(structure(root)) !== JSON.stringify(expected) || pings(root).length || comments(root).length !== batch.length) {
      for (const v of batch) checkValue(v, one);
      assert.unreachable('a batch failed, but no single value did');
    }
    const visible = (root.textContent ?? '').replace(ZWJ, '');
    for (const v of batch) {
      const markdown = doc(v);
      assert.is(markdown.lastIndexOf('<!--'), 0, `the source holds another <!-- with ${JSON.stringify(v)}`);
      assert.ok(visible.split(shown(v)).length - 1 >= SLOTS, `${JSON.stringify(v)} not shown in every position`);
    }
  }
}

function checkValue(v: string, expected: string[]): void {
  const markdown = doc(v);
  const root = renderGfm(markdown);
  const label = JSON.stringify(v);
  assert.equal(structure(root), expected, `structure changed by ${label}:\n${markdown}`);
  assert.equal(pings(root), [], `ping or link from ${label}`);
  assert.equal(comments(root), [' fleetform:plan '], `comments with ${label}`);
  assert.is(markdown.lastIndexOf('<!--'), 0, `the source holds another <!-- with ${label}`);
  const visible = (root.textContent ?? '').replace(ZWJ, '');
  const times = visible.split(shown(v)).length - 1;
  assert.ok(times >= SLOTS, `${label} shown ${times} times, expected ${SLOTS}:\n${markdown}\n${root.innerHTML}`);
}

test.run();
