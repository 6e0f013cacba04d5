import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { useColor } from '../../compiler/cli/color';
import { main } from '../../compiler/cli/main';
import type { CliIO } from '../../compiler/cli/io';
import { ROOT } from '../helpers/fleet-text';

const io = (env: Record<string, string>, tty: boolean): CliIO => ({ stdout: () => {}, stderr: () => {}, cwd: '.', env, tty: { stdout: tty, stderr: tty } });

test('colour only on a terminal; NO_COLOR turns it off, FORCE_COLOR on, NO_COLOR wins', () => {
  assert.is(useColor(io({}, true), 'stderr'), true);
  assert.is(useColor(io({}, false), 'stderr'), false, 'a pipe or a CI log gets no escape codes');
  assert.is(useColor(io({ TERM: 'dumb' }, true), 'stderr'), false);
  assert.is(useColor(io({ NO_COLOR: '1' }, true), 'stderr'), false);
  assert.is(useColor(io({ NO_COLOR: '' }, true), 'stderr'), true, 'an empty NO_COLOR is unset (no-color.org)');
  assert.is(useColor(io({ FORCE_COLOR: '1' }, false), 'stderr'), true);
  assert.is(useColor(io({ FORCE_COLOR: '0' }, true), 'stderr'), false);
  assert.is(useColor(io({ FORCE_COLOR: '1', NO_COLOR: '1' }, true), 'stderr'), false);
});

test('check colours its diagnostics on a terminal only', async () => {
  const stdin = () => Buffer.from('version: 1\nname: Bad_Name\n');
  const run = async (env: Record<string, string>, tty: boolean) => {
    let err = '';
    const r: CliIO = { stdout: () => {}, stderr: (t) => { err += t; }, cwd: ROOT, env, tty: { stdout: tty, stderr: tty }, stdin };
    assert.is(await main(['check', '-'], r), 1);
    return err;
  };
  assert.match(await run({}, true), '\x1b[');
  assert.not.match(await run({}, false), '\x1b[');
  assert.not.match(await run({ NO_COLOR: '1' }, true), '\x1b[');
  assert.match(await run({ FORCE_COLOR: '1' }, false), '\x1b[');
});

test.run();
