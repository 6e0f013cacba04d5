/** Reading an input file (a fleet, a plan): the CLI's only file-system input for the front end. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CliIO } from './io';
import { MAX_SOURCE_BYTES } from '../load/limits';

export const DEFAULT_FLEET_FILE = 'spec/fleet.yaml';

/** The file name that means standard input, as in every Unix tool. */
export const STDIN = '-';

/** How diagnostics name standard input. */
export const STDIN_NAME = '<stdin>';

/**
 * The largest `terraform show -json` plan `plan-comment` reads. V8 cannot hold
 * a string of more than 2^29 - 24 characters (about 512 MiB), so a larger plan
 * could not be parsed anyway; half of that leaves room for the parse itself.
 */
export const MAX_PLAN_BYTES = 256 * 1024 * 1024;

export type ReadResult =
  | { ok: true; text: string }
  /** `tooLarge`: set when the input is above the limit: its size in bytes, `exact` when known (a regular file), else what was read. */
  | { ok: false; error: string; tooLarge?: { bytes: number; exact: boolean } };

/** The name diagnostics use for `file`: `<stdin>` for `-`. */
export function displayName(file: string): string {
  return file === STDIN ? STDIN_NAME : file;
}

/**
 * Read `fd` to its end, but never more than `limit + 1` bytes, so that a huge
 * file or an endless pipe costs at most the limit in memory and time.
 */
export function readBounded(fd: number, limit: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  const chunk = Buffer.allocUnsafe(64 * 1024);
  for (;;) {
    let n: number;
    try {
      n = fs.readSync(fd, chunk, 0, Math.min(chunk.length, limit + 1 - total), null);
    } catch (err) {
      // A non-blocking pipe or terminal with nothing yet: wait a little and retry.
      if ((err as NodeJS.ErrnoException).code === 'EAGAIN') {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
        continue;
      }
      throw err;
    }
    if (n === 0) break;
    chunks.push(Buffer.from(chunk.subarray(0, n)));
    total += n;
    if (total > limit) break;
  }
  return Buffer.concat(chunks, total);
}

/**
 * The text of `file` (`-`: standard input). Inputs above `limit` bytes are not
 * read past the limit: the result says how large they are (`tooLarge`), and
 * the commands report that as one "file too large" error.
 */
export function readFleetFile(file: string, io: CliIO, limit: number = MAX_SOURCE_BYTES): ReadResult {
  const name = displayName(file);
  try {
    let bytes: Buffer;
    let size: number;
    let exact = false;
    if (file === STDIN) {
      bytes = io.stdin ? io.stdin(limit) : readBounded(0, limit);
      size = bytes.length;
    } else {
      const full = path.resolve(io.cwd, file);
      const fd = fs.openSync(full, 'r');
      try {
        const st = fs.fstatSync(fd);
        if (st.isDirectory()) return { ok: false, error: `${file} is a directory; give a fleet file such as ${path.join(file, 'fleet.yaml')}` };
        // A regular file says its size up front; a device or a FIFO is read up to the limit.
        exact = st.isFile();
        size = exact ? st.size : 0;
        bytes = size > limit ? Buffer.alloc(0) : readBounded(fd, limit);
        size = Math.max(size, bytes.length);
      } finally {
        fs.closeSync(fd);
      }
    }
    if (size > limit) return { ok: false, error: `${name}: file too large (${exact ? `${size} bytes` : `more than ${limit} bytes`}; the limit is ${describeBytes(limit)})`, tooLarge: { bytes: size, exact } };
    if (bytes.includes(0)) return { ok: false, error: `${name} is not a text file` };
    return { ok: true, text: bytes.toString('utf8').replace(/^\uFEFF/, '') };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: false, error: `${name}: no such file` };
    if (code === 'EACCES') return { ok: false, error: `${name}: permission denied` };
    if (code === 'EISDIR') return { ok: false, error: `${file} is a directory; give a fleet file such as ${path.join(file, 'fleet.yaml')}` };
    return { ok: false, error: `${name}: cannot read (${code ?? (err as Error).message})` };
  }
}

/** `2 MiB`, `256 MiB`: limits are whole MiB. */
export function describeBytes(n: number): string {
  return n % (1024 * 1024) === 0 ? `${n / 1024 / 1024} MiB` : `${n} bytes`;
}
