import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../compiler/cli/main';
import type { CliIO } from '../../compiler/cli/io';

function capture(): CliIO & { out: string; err: string } {
  const io = { out: '', err: '', cwd: process.cwd(), env: {} as Record<string, string | undefined>, stdout: (t: string) => { io.out += t; }, stderr: (t: string) => { io.err += t; } };
  return io;
}

test('no command prints usage and exits 2', async () => {
  const io = capture();
  assert.is(await main([], io), 2);
  assert.match(io.err, /usage: fleetform <command>/);
});

test('an unknown command exits 2 and names it', async () => {
  const io = capture();
  assert.is(await main(['chekc'], io), 2);
  assert.match(io.err, /unknown command 'chekc'/);
});

test.run();
