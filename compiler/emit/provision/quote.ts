/**
 * Quoting for every value that reaches a shell, a systemd unit or a YAML file.
 *
 * The schema forbids most dangerous characters in most fields, but not all
 * (health paths, matchers and container environment values are free text), and
 * a template must stay safe even if the schema loosens. So quoting is done by
 * construction here, never by trusting the input.
 */

/** Thrown when a value cannot be represented safely at all (NUL bytes). */
export class QuoteError extends Error {}

/**
 * Characters that may sit inside a single-quoted word as they are: printable
 * ASCII and printable non-ASCII. Excluded, and so written as `$'\xHH'` bytes:
 * C0/C1 controls (tab and newline included, so every assignment stays on one
 * line and survives a YAML block unchanged), DEL, and the characters YAML 1.1
 * treats as line breaks (U+0085, U+2028, U+2029), plus the BOM and
 * non-characters, which PyYAML (cloud-init) refuses in a document.
 */
const SAFE_IN_SINGLE_QUOTES = /^[\x20-\x7e\u00a0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\u{10000}-\u{10ffff}]$/u;

/**
 * The first character a literal block cannot hold: anything outside
 * SAFE_IN_SINGLE_QUOTES but tab and newline (same ranges). One scan of the
 * whole text: a block is a rendered script of kilobytes, and testing it a
 * character at a time was half the provisioning time of a large fleet.
 */
const UNSAFE_IN_BLOCK = /[^\n\t\x20-\x7e\u00a0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\u{10000}-\u{10ffff}]/u;

/**
 * Left in single quotes by shQuote: SAFE_IN_SINGLE_QUOTES minus `$`, backquote
 * and backslash. Those mean nothing inside single quotes, but shellcheck
 * flags single-quoted text that looks as if it wanted expanding (SC2016,
 * SC1003); as `$'\xHH'` bytes they give it nothing to second-guess, so a
 * generated script passes shellcheck whatever the values are.
 */
function plainInShell(ch: string): boolean {
  return ch !== '$' && ch !== '`' && ch !== '\\' && SAFE_IN_SINGLE_QUOTES.test(ch);
}

/**
 * One bash word that expands to exactly `value`.
 *
 * Plain runs go in single quotes (`'` becomes `'\''`, the POSIX idiom);
 * every other character (see plainInShell) becomes an ANSI-C `$'\xHH'` word
 * of its UTF-8 bytes, which bash concatenates with its neighbours. `$'...'` is a
 * bash feature (POSIX 2024 too); every generated script runs under bash.
 * NUL is rejected: no shell variable or argv entry can hold it.
 */
export function shQuote(value: string | number): string {
  const s = typeof value === 'number' ? String(value) : value;
  if (typeof s !== 'string') throw new QuoteError(`sh: expected a string or number, got ${typeof value}`);
  if (s.includes('\0')) throw new QuoteError(`a NUL character cannot be passed to a shell: ${JSON.stringify(s)}`);
  if (s === '') return "''";
  let out = '';
  let plain = '';
  const flush = (): void => {
    if (plain) out += `'${plain.replace(/'/g, `'\\''`)}'`;
    plain = '';
  };
  for (const ch of s) {
    if (plainInShell(ch)) {
      plain += ch;
      continue;
    }
    flush();
    out += `$'${[...Buffer.from(ch, 'utf8')].map((b) => `\\x${b.toString(16).padStart(2, '0')}`).join('')}'`;
  }
  flush();
  return out;
}

/**
 * A YAML double-quoted scalar for `value`. Everything outside printable ASCII
 * is escaped (`\uXXXX`, `\UXXXXXXXX`), so no character can end the scalar or
 * be folded: PyYAML reads U+2028 or U+0085 raw as a line break.
 */
export function yamlQuote(value: string | number): string {
  const s = typeof value === 'number' ? String(value) : value;
  if (typeof s !== 'string') throw new QuoteError(`yaml: expected a string or number, got ${typeof value}`);
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (cp >= 0x20 && cp <= 0x7e) out += ch;
    else if (cp <= 0xffff) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += `\\U${cp.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}

/**
 * A YAML literal block scalar (`|`, `|-` or `|+`) holding `text` exactly,
 * every line indented by `indent` spaces. The text is our own rendered output
 * (scripts whose values went through shQuote), so it holds only printable
 * characters, tabs and newlines; anything else is a bug and throws rather than
 * being silently folded.
 */
export function yamlBlock(text: string, indent: number): string {
  if (typeof text !== 'string') throw new QuoteError(`yamlBlock: expected a string, got ${typeof text}`);
  if (!Number.isInteger(indent) || indent < 1) throw new QuoteError(`yamlBlock: bad indent ${indent}`);
  const unsafe = UNSAFE_IN_BLOCK.exec(text);
  if (unsafe) throw new QuoteError(`yamlBlock: character U+${(unsafe[0].codePointAt(0) as number).toString(16)} cannot sit in a literal block`);
  // A first line starting with a space would need an indentation indicator.
  if (text.startsWith(' ')) throw new QuoteError('yamlBlock: text must not start with a space');
  // Counted from the end: the regex /\n*$/ retries at every position of the text.
  let trailing = 0;
  while (trailing < text.length && text.charCodeAt(text.length - 1 - trailing) === 10) trailing++;
  const chomp = trailing === 0 ? '-' : trailing === 1 ? '' : '+';
  const body = text.slice(0, text.length - trailing);
  const pad = ' '.repeat(indent);
  const lines = body.split('\n').map((l) => (l === '' ? '' : pad + l));
  return `|${chomp}\n${lines.join('\n')}${'\n'.repeat(Math.max(trailing - 1, 0))}`;
}

/**
 * A bare word for a systemd unit or sshd_config (ExecStart arguments, Match
 * User, Description). systemd
 * expands `%` specifiers and `$` variables and splits on whitespace and
 * quotes, so only characters with no meaning to it are let through; the
 * values that reach units (names, users, addresses, paths, ports) are
 * restricted by the schema to exactly these, so anything else is refused.
 */
export function bareWord(value: string | number): string {
  const s = String(value);
  if (!/^[A-Za-z0-9_.@:/+=,-]+$/.test(s)) throw new QuoteError(`a systemd unit cannot carry ${JSON.stringify(s)} safely`);
  return s;
}

/**
 * Text for a comment line in a script, unit, sshd_config or YAML file (e.g.
 * the YAML path a file came from). Only characters that cannot end a comment,
 * continue a line or be read as an escape survive; the rest become `?`. A
 * comment is for the reviewer, so a lossy rendering is fine.
 */
export function commentText(value: string | number): string {
  return String(value).replace(/[^A-Za-z0-9 _.[\]"':/@+=,()-]/g, '?');
}
