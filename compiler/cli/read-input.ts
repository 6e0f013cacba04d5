/** Reading a command's input file, saying why not in the commands' shared wording. */
import type { CliIO } from './io';
import { readFleetFile } from './read-fleet';

/**
 * The file's text (`-`: standard input), or null after printing
 * `fleetform <command>: cannot read <file>: <why>` (the caller exits 2).
 * `limit`: the largest input in bytes, by default a fleet file's.
 */
export function readInputFile(file: string, io: CliIO, command: string, limit?: number): string | null {
  const r = readFleetFile(file, io, limit);
  if (r.ok) return r.text;
  io.stderr(`fleetform ${command}: cannot read ${r.error}\n`);
  return null;
}
