/**
 * Whether to colour a stream. Colour is for people at a terminal, never for
 * logs or files:
 * - `NO_COLOR` set and not empty: never (https://no-color.org);
 * - `FORCE_COLOR` set and not empty: always, even into a pipe, except
 *   `FORCE_COLOR=0`/`false`, which some tools (Node itself) use to mean off
 *   (https://force-color.org);
 * - otherwise only when the stream is a terminal and `TERM` is not `dumb`.
 * NO_COLOR wins over FORCE_COLOR: turning colour off must always work.
 */
import type { CliIO } from './io';

export function useColor(io: CliIO, stream: 'stdout' | 'stderr'): boolean {
  const { NO_COLOR, FORCE_COLOR, TERM } = io.env;
  if (NO_COLOR) return false;
  if (FORCE_COLOR) return FORCE_COLOR !== '0' && FORCE_COLOR !== 'false';
  return io.tty?.[stream] === true && TERM !== 'dumb';
}
