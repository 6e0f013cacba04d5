/** Reading an input file (a fleet, a plan): the CLI's only file-system input for the front end. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CliIO } from './io';

export const DEFAULT_FLEET_FILE = 'spec/fleet.yaml';

/** The file name that means standard input, as in every Unix tool. */
export const STDIN = '-';

/** How diagnostics name standard input. */
export const STDIN_NAME = '<stdin>';

export type ReadResult = { ok: true; text: string } | { ok: false; error: string };

/** The name diagnostics use for `file`: `<stdin>` for `-`. */
export function displayName(file: string): string {
  return file === STDIN ? STDIN_NAME : file;
}

export function readFleetFile(file: string, io: CliIO): ReadResult {
  try {
    let bytes: Buffer;
    if (file === STDIN) {
      bytes = io.stdin ? io.stdin() : fs.readFileSync(0);
    } else {
      const full = path.resolve(io.cwd, file);
      if (fs.statSync(full).isDirectory()) return { ok: false, error: `${file} is a directory; give a fleet file such as ${path.join(file, 'fleet.yaml')}` };
      bytes = fs.readFileSync(full);
    }
    if (bytes.includes(0)) return { ok: false, error: `${displayName(file)} is not a text file` };
    return { ok: true, text: bytes.toString('utf8').replace(/^\uFEFF/, '') };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const name = displayName(file);
    if (code === 'ENOENT') return { ok: false, error: `${name}: no such file` };
    if (code === 'EACCES') return { ok: false, error: `${name}: permission denied` };
    return { ok: false, error: `${name}: cannot read (${code ?? (err as Error).message})` };
  }
}
