/**
 * A child process that SIGKILLs itself at the N-th step of an output-folder
 * write (steps are reported by writeTreeAtomic's test hook), to prove that a
 * kill at any point leaves a recoverable folder.
 *
 *   node killed-write.js N tree TARGET VERSION FILES   synthetic tree of FILES files, contents tagged VERSION
 *   node killed-write.js N cli ARGS...                 the real `fleetform` CLI (e.g. build fleet.yaml --out out)
 *
 * N = 0 never kills, and prints the number of steps on stderr as `steps K`.
 */
import * as writeAtomic from '../../compiler/cli/write-atomic';
import { main } from '../../compiler/cli/main';
import { withBuildManifest } from '../../compiler/cli/out-folder';

const killAt = Number(process.argv[2]);
let steps = 0;
const original = writeAtomic.writeTreeAtomic;
const hooks: writeAtomic.WriteHooks = {
  step: () => {
    steps += 1;
    if (steps === killAt) process.kill(process.pid, 'SIGKILL');
  },
};
// The CLI calls the module's export at call time, so replacing it here adds the hook to real builds.
(writeAtomic as { writeTreeAtomic: typeof original }).writeTreeAtomic = (target, files) => original(target, files, hooks);

async function run(): Promise<number> {
  const [mode, ...rest] = process.argv.slice(3);
  if (mode === 'tree') {
    const [target, version, count] = rest;
    writeAtomic.writeTreeAtomic(target, syntheticTree(version, Number(count)));
    return 0;
  }
  return main(rest, { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), cwd: process.cwd(), env: process.env });
}

/**
 * About FILES files in nested folders, each naming VERSION, with their
 * build marker. Versions differ in layout too (v2 drops the first two files,
 * adds two, and turns f1's folder into a file), so every kind of change is
 * interrupted: a file replaced, added, removed, a folder replaced by a file.
 */
export function syntheticTree(version: string, count: number): { path: string; content: string; mode: number }[] {
  const shift = version === 'v2' ? 2 : 0;
  const files = Array.from({ length: count }, (_, k) => {
    const i = k + shift;
    return { path: `${i % 3 === 0 ? '' : `d${i % 3}/`}f${i}.txt`, content: `${version} ${i}\n`, mode: i % 4 === 0 ? 0o755 : 0o644 };
  });
  if (version === 'v2') files.push({ path: 'd1/f1', content: `${version} d1/f1 is a file now\n`, mode: 0o644 });
  else files.push({ path: 'd1/f1/deep.txt', content: `${version} deep\n`, mode: 0o644 });
  return withBuildManifest(files, '../fleet.yaml');
}

if (require.main === module) {
  run().then(
    (code) => {
      process.stderr.write(`steps ${steps}\n`);
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`${(err as Error).stack}\n`);
      process.exitCode = 3;
    },
  );
}
