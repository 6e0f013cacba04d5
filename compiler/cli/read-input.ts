/** Reading a command's input file, saying why not in the commands' shared wording. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CliIO } from './io';

/** The file's text, or null after printing `fleetform <command>: cannot read <file>: <why>` (the caller exits 2). */
export function readInputFile(file: string, io: CliIO, command: string): string | null {
  try {
    return fs.readFileSync(path.resolve(io.cwd, file), 'utf8');
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    io.stderr(`fleetform ${command}: cannot read ${file}: ${why}\n`);
    return null;
  }
}
