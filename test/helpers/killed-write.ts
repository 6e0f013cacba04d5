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

/** FILES files in nested folders, each naming VERSION, so a mix of two versions is detectable. */
export function syntheticTree(version: string, count: number): { path: string; content: string; mode: number }[] {
  return Array.from({ length: count }, (_, i) => ({ path: `${i % 3 === 0 ? '' : `d${i % 3}/`}f${i}.txt`, content: `${version} ${i}\n`, mode: i % 4 === 0 ? 0o755 : 0o644 }));
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
