/** Reading the fleet file: the CLI's only file-system input for the front end. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CliIO } from './io';

export const DEFAULT_FLEET_FILE = 'spec/fleet.yaml';

export type ReadResult = { ok: true; text: string } | { ok: false; error: string };

export function readFleetFile(file: string, io: CliIO): ReadResult {
  const full = path.resolve(io.cwd, file);
  try {
    if (fs.statSync(full).isDirectory()) return { ok: false, error: `${file} is a directory; give a fleet file such as ${path.join(file, 'fleet.yaml')}` };
    const bytes = fs.readFileSync(full);
    if (bytes.includes(0)) return { ok: false, error: `${file} is not a text file` };
    return { ok: true, text: bytes.toString('utf8').replace(/^\uFEFF/, '') };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: false, error: `${file}: no such file` };
    if (code === 'EACCES') return { ok: false, error: `${file}: permission denied` };
    return { ok: false, error: `${file}: cannot read (${code ?? (err as Error).message})` };
  }
}
