/**
 * Which test files depend on spec/fleet.yaml or on what is derived from it
 * (generated/fleet/, the README graph): those that name them, or that import,
 * directly or through other test helpers, a module that does. Found from the
 * sources so a new test that reads the team's fleet is covered by the edit
 * test without anyone remembering to list it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Ways a test reaches the team's fleet or its derived files. */
const MENTIONS = /spec\/fleet\.yaml|'spec', 'fleet\.yaml'|generated\/fleet\b|'generated', 'fleet'|README|TEAM_FLEET_FILE|repoFleets|goldenFleets|exampleFleets|derivedInPlace|generatedFiles/;
const IMPORT = /(?:from|require\()\s*'(\.{1,2}\/[^']+)'/g;

function sources(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) {
      if (e.name !== 'fixtures') out.push(...sources(dir, r));
    } else if (e.name.endsWith('.ts')) out.push(r);
  }
  return out;
}

/** Test files (`test/**\/*.test.ts`, relative to `root`) that depend on the team's fleet, sorted. */
export function fleetDependentTests(root: string): string[] {
  const files = sources(root, 'test');
  const text = new Map(files.map((f) => [f, fs.readFileSync(path.join(root, f), 'utf8')]));
  const imports = new Map(
    files.map((f) => [
      f,
      [...text.get(f)!.matchAll(IMPORT)].map((m) => path.posix.normalize(path.posix.join(path.posix.dirname(f), m[1])) + '.ts').filter((p) => text.has(p)),
    ]),
  );
  const dependent = new Set(files.filter((f) => MENTIONS.test(text.get(f)!)));
  // Fixpoint over the import graph of test/ (bounded: each round adds a file or stops).
  for (let changed = true; changed; ) {
    changed = false;
    for (const f of files) {
      if (!dependent.has(f) && imports.get(f)!.some((i) => dependent.has(i))) {
        dependent.add(f);
        changed = true;
      }
    }
  }
  // The workflow tests name spec/fleet.yaml only as the workflows' default setting; they never read it.
  return files.filter((f) => f.endsWith('.test.ts') && dependent.has(f) && !f.startsWith('test/workflows/')).sort();
}
