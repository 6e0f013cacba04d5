import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { STAGE_CODES } from '../../compiler/diagnostics/codes';
import { ALL_CHECKS } from '../../compiler/validate/checks/index';
import { ROOT } from '../helpers/fleet-text';

/** Every `FFnnn` literal in the compiler's sources. */
function codesInSources(): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) for (const m of fs.readFileSync(p, 'utf8').matchAll(/['"`](FF\d{3})['"`]/g)) found.set(m[1], path.relative(ROOT, p));
    }
  };
  walk(path.join(ROOT, 'compiler'));
  return found;
}

test('every code the compiler can emit is documented, and no code is documented twice', () => {
  const documented = new Map<string, string>(Object.entries(STAGE_CODES));
  for (const check of ALL_CHECKS) {
    for (const [code, meaning] of Object.entries(check.codes)) {
      assert.not.ok(documented.has(code), `${code} is declared twice (again by check ${check.name})`);
      documented.set(code, meaning);
    }
  }
  const missing = [...codesInSources()].filter(([code]) => !documented.has(code)).map(([code, file]) => `${code} (${file})`);
  assert.equal(missing, []);
});

test.run();
