/**
 * Every string that comes from fleet.yaml is a literal in main.tf.json. The
 * Terraform emitter takes the fleet model through `literalFleet` before it
 * builds a single construct, so every user string, in whatever field it is
 * or will be added, is escaped at this one place:
 *
 * 1. Terraform templates. In Terraform JSON every string value is a
 *    template: `${...}` interpolates and `%{...}` runs a directive (`for`,
 *    `if`), so `${file("/etc/passwd")}` in an access-log prefix would read a
 *    file on the machine that plans. Their escapes are `$${` and `%%{`
 *    (https://developer.hashicorp.com/terraform/language/expressions/strings#escape-sequences-1;
 *    JSON syntax: https://developer.hashicorp.com/terraform/language/syntax/json#expression-mapping).
 *
 * 2. cdktf tokens. While constructs are synthesized, cdktf reads
 *    `${TfToken[...]}`, `#{TfToken[...]}`, `&{TfToken[...]}`, encoded
 *    numbers (`-1.8881545897087626e+289`) and the map sentinels
 *    (`String Map Token Value`, `Any Map Token Value`) in any string as
 *    references to its own objects: user text with them would become a real
 *    reference, or crash synthesis. A noncharacter (U+FDD0, BREAK) is
 *    inserted into each of those shapes so cdktf sees none, and
 *    `restoreString` removes it from the synthesized JSON. BREAK is also
 *    the escape of itself (BREAK BREAK = one BREAK in the user's text), so
 *    the mapping is reversible whatever the user typed.
 *
 * Strings the emitter writes itself (references, `filebase64` calls) never
 * pass through here, and never contain BREAK.
 */

const BREAK = '\uFDD0';

/**
 * A user string as it must reach cdktf: Terraform-escaped, with cdktf's
 * token shapes broken by BREAK. `restoreString` turns the synthesized
 * result into the Terraform-escaped string.
 */
export function terraformLiteral(s: string): string {
  if (!/[$%{}TeE\uFDD0]/.test(s)) return s;
  // cdktf's own pattern for numbers inside strings (cdktf/lib/tokens/private/encoding.js);
  // only those that decode as a token double are broken, so IDs like ami-0e12 stay as they are.
  const numberToken = /[-|\d|.+]+(e[-|\d|.|e|E|+]+)/g;
  return s
    .replace(/\uFDD0/g, BREAK + BREAK)
    // Replacement functions, not strings: in a replacement string `$$` means one `$`.
    .replace(/\$\{/g, () => '$${')
    .replace(/%\{/g, () => '%%{')
    .replace(/TfToken/g, () => `Tf${BREAK}Token`)
    .replace(/Token Value/g, () => `Token${BREAK} Value`)
    .replace(numberToken, (m: string) => (isTokenDouble(parseFloat(m)) ? m.replace('e', `${BREAK}e`) : m));
}

/** cdktf marks token numbers by the top 16 bits of the double (0xfdff, lists 0xfbff). */
function isTokenDouble(x: number): boolean {
  if (!Number.isFinite(x)) return false;
  const ints = new Uint32Array(new Float64Array([x]).buffer);
  const top = ints[1] >>> 16;
  return top === 0xfdff || top === 0xfbff;
}

/**
 * One string of the synthesized JSON with its token breaks removed; the
 * emitter applies it to every value and key, at every depth, as it
 * serializes (`stableJson`).
 */
export function restoreString(s: string): string {
  return s.includes(BREAK) ? s.replace(/\uFDD0(\uFDD0)?/g, (_m, escaped: string | undefined) => (escaped ? BREAK : '')) : s;
}

/**
 * The fleet model with every string made a Terraform literal. Source
 * positions are kept as they are; shared nodes stay shared.
 */
export function literalFleet<T>(fleet: T): T {
  const seen = new Map<object, unknown>();
  const walk = (x: unknown, key: string | null): unknown => {
    if (typeof x === 'string') return terraformLiteral(x);
    if (x === null || typeof x !== 'object' || key === 'source') return x;
    const done = seen.get(x);
    if (done !== undefined) return done;
    if (Array.isArray(x)) {
      const arr: unknown[] = [];
      seen.set(x, arr);
      for (const el of x) arr.push(walk(el, null));
      return arr;
    }
    const obj: Record<string, unknown> = {};
    seen.set(x, obj);
    for (const [k, v] of Object.entries(x)) obj[terraformLiteral(k)] = walk(v, k);
    return obj;
  };
  return walk(fleet, null) as T;
}
