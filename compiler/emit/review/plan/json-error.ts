/**
 * Where and why a text is not JSON (RFC 8259), in words that never quote the
 * text. `JSON.parse`'s own messages do ("Unexpected token 's', "{"a":
 * s3cr3t}" is not valid JSON"), and a plan is full of secrets; some of its
 * messages also give no position at all. Called only after JSON.parse failed.
 * Iterative, so a deeply nested input cannot overflow the stack.
 */
export interface JsonError {
  /** Offset in the text (UTF-16 code units). */
  offset: number;
  /** What was wrong, without the text itself. */
  reason: string;
}

export function locateJsonError(text: string): JsonError {
  let i = 0;
  const n = text.length;
  const ws = (): void => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const fail = (reason: string): JsonError => ({ offset: Math.min(i, n), reason: i >= n ? 'the text ends early (truncated?)' : reason });
  /** Containers still open: '{' or '['. */
  const stack: string[] = [];

  // One value per turn; after it, a comma, a closing bracket, or the end.
  for (;;) {
    ws();
    if (i >= n) return fail('');
    const c = text[i];
    if (c === '{' || c === '[') {
      stack.push(c);
      i++;
      ws();
      if (text[i] === (c === '{' ? '}' : ']')) {
        stack.pop();
        i++;
      } else if (c === '{') {
        const e = key();
        if (e) return e;
        continue;
      } else continue;
    } else if (c === '"') {
      const e = string();
      if (e) return e;
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
      if (!m) return fail('a malformed number');
      i += m[0].length;
    } else if (text.startsWith('true', i)) i += 4;
    else if (text.startsWith('false', i)) i += 5;
    else if (text.startsWith('null', i)) i += 4;
    else return fail('a character that cannot start a JSON value');

    // After a value: close containers, or a comma and the next member.
    for (;;) {
      ws();
      if (!stack.length) {
        return i < n ? fail('more text after the end of the JSON document') : { offset: n, reason: 'no error found' };
      }
      const top = stack[stack.length - 1];
      if (i >= n) return fail('');
      if (text[i] === (top === '{' ? '}' : ']')) {
        stack.pop();
        i++;
        continue;
      }
      if (text[i] !== ',') return fail(`expected ',' or '${top === '{' ? '}' : ']'}'`);
      i++;
      if (top === '{') {
        ws();
        const e = key();
        if (e) return e;
      }
      break;
    }
  }

  /** A member name and its colon. */
  function key(): JsonError | null {
    ws();
    if (text[i] !== '"') return fail('expected a quoted member name');
    const e = string();
    if (e) return e;
    ws();
    if (text[i] !== ':') return fail("expected ':' after a member name");
    i++;
    return null;
  }

  function string(): JsonError | null {
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return null;
      }
      if (c < 0x20) return fail('a control character inside a string');
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return fail('a malformed \\u escape');
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else return fail('an unknown escape in a string');
      } else i++;
    }
    return fail('');
  }
}
