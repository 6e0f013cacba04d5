/**
 * Output never depends on the locale of the machine (issue 8): no
 * locale-sensitive comparison or formatting in the compiler or the scripts
 * that write generated/. Strings sort with compiler/order.ts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compareStrings } from '../compiler/order';

const ROOT = path.resolve(__dirname, '..', '..');
const LOCALE_SENSITIVE = /\.localeCompare\(|\bIntl\.Collator\b|\.toLocale(?:String|DateString|TimeString|UpperCase|LowerCase)\(/;

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

test('no localeCompare, Intl.Collator or toLocale* in compiler/, modules/ or scripts/', () => {
  const found: string[] = [];
  for (const dir of ['compiler', 'modules', 'scripts']) {
    for (const file of sources(path.join(ROOT, dir))) {
      fs.readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (LOCALE_SENSITIVE.test(line)) found.push(`${path.relative(ROOT, file)}:${i + 1}: ${line.trim()}`);
        });
    }
  }
  assert.equal(found, []);
});

test('compareStrings is code-unit order', () => {
  assert.equal(['z', 'aa', 'ch', 'h', 'Z', 'é', 'e'].sort(compareStrings), ['Z', 'aa', 'ch', 'e', 'h', 'z', 'é']);
});

test.run();
