/**
 * Golden tests: every fleet in spec/ and examples/ builds to exactly its
 * committed folder in generated/ (same files, same bytes, same executable
 * bits). This is also the test that proves generated/ is current.
 *
 * Refresh after an intended change:
 *   npx tsc -p tsconfig.json && FLEETFORM_UPDATE_GOLDEN=1 node dist/scripts/run-tests.js emit/terraform/golden
 * then review `git diff generated/`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeTreeAtomic } from '../../../compiler/cli/write-atomic';
import { buildFleet, goldenFleets, listTree, ROOT } from './fleets';

const UPDATE = process.env.FLEETFORM_UPDATE_GOLDEN === '1';

for (const g of goldenFleets()) {
  test(`${g.file} builds to ${g.out}/`, () => {
    const files = buildFleet(g.file);
    const dir = path.join(ROOT, g.out);
    if (UPDATE) writeTreeAtomic(dir, files);
    assert.equal(listTree(dir), files.map((f) => f.path), `${g.out}: the set of files differs; refresh the goldens (see test header)`);
    for (const f of files) {
      const full = path.join(dir, f.path);
      assert.fixture(fs.readFileSync(full, 'utf8'), f.content, `${g.out}/${f.path} is stale`);
      const exec = (fs.statSync(full).mode & 0o111) !== 0;
      assert.is(exec, (f.mode & 0o111) !== 0, `${g.out}/${f.path}: executable bit`);
    }
  });
}

test('every example has a golden folder and no golden folder is orphaned', () => {
  const expected = goldenFleets().filter((g) => g.out.startsWith('generated/examples/')).map((g) => path.basename(g.out));
  const present = fs.existsSync(path.join(ROOT, 'generated', 'examples')) ? fs.readdirSync(path.join(ROOT, 'generated', 'examples')).sort() : [];
  assert.equal(present, expected);
});

test.run();
