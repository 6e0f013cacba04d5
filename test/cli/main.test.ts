import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../compiler/cli/main';
import type { CliIO } from '../../compiler/cli/io';
import { ROOT } from '../helpers/fleet-text';

function capture(extra: Partial<CliIO> = {}): CliIO & { out: string; err: string } {
  const io = { out: '', err: '', cwd: ROOT, env: {} as Record<string, string | undefined>, stdout: (t: string) => { io.out += t; }, stderr: (t: string) => { io.err += t; }, ...extra };
  return io;
}

const COMMANDS = ['init', 'check', 'build', 'keys', 'explain', 'plan-comment', 'diff', 'graph', 'bootstrap'];

test('no command prints usage and exits 2', async () => {
  const io = capture();
  assert.is(await main([], io), 2);
  assert.match(io.err, /usage: fleetform <command>/);
});

test('an unknown command exits 2, names it and suggests the closest', async () => {
  const io = capture();
  assert.is(await main(['chekc'], io), 2);
  assert.match(io.err, /unknown command 'chekc'; did you mean `check`\?/);
  const far = capture();
  assert.is(await main(['deploy'], far), 2);
  assert.not.match(far.err, /did you mean/);
});

test('--version and -V print the package version and exit 0, from the compiled launcher too', async () => {
  const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  for (const flag of ['--version', '-V']) {
    const io = capture();
    assert.is(await main([flag], io), 0, flag);
    assert.is(io.out, `fleetform ${version}\n`);
    // The real process, as a user runs it: the package.json lookup must work from dist/.
    const r = spawnSync(process.execPath, [path.join(ROOT, 'fleetform'), flag], { encoding: 'utf8' });
    assert.is(r.status, 0, r.stderr);
    assert.is(r.stdout, `fleetform ${version}\n`);
  }
});

test('every command answers -h and --help with usage, every option described, and an example', async () => {
  const listed = capture();
  await main(['--help'], listed);
  for (const name of COMMANDS) {
    assert.match(listed.out, new RegExp(`^  ${name} `, 'm'), `${name} listed in the overview`);
    const { SPEC } = require(`../../compiler/cli/commands/${name}`) as { SPEC: import('../../compiler/cli/args').CommandSpec };
    for (const flag of ['-h', '--help']) {
      const io = capture();
      assert.is(await main([name, flag], io), 0, `${name} ${flag}: ${io.err}`);
      assert.is(io.err, '');
      assert.match(io.out, new RegExp(`^usage: fleetform ${name}`), name);
      assert.match(io.out.split('\nexamples:\n')[1] ?? '', /^  .*\bfleetform /m, `${name} has an example`);
      assert.match(io.out, /\nexit status: 0 /, `${name} gives its exit statuses`);
      for (const [option, spec] of Object.entries(SPEC.options)) {
        assert.ok(spec.description.length > 10, `${name} --${option} is described`);
        assert.match(io.out, new RegExp(`--${option}\\b.*\\S+`), `${name} --${option} in the help`);
      }
    }
    const help = capture();
    assert.is(await main(['help', name], help), 0);
    assert.match(help.out, new RegExp(`^usage: fleetform ${name}`));
  }
});

test('every command refuses an unknown option with exit 2, and suggests the close one', async () => {
  for (const name of COMMANDS) {
    const io = capture();
    assert.is(await main([name, '--bogus-option'], io), 2, name);
    assert.match(io.err, new RegExp(`^fleetform ${name}: unknown option '--bogus-option'`), name);
  }
  const io = capture();
  assert.is(await main(['check', '--fromat', 'json'], io), 2);
  assert.match(io.err, /did you mean `--format`\?/);
});

test('an option missing its value, or a value given to a switch, is a usage error naming the option', async () => {
  const a = capture();
  assert.is(await main(['build', '--out'], a), 2);
  assert.match(a.err, /--out needs a DIR/);
  const b = capture();
  assert.is(await main(['graph', '--markdown=yes'], b), 2);
  assert.match(b.err, /--markdown takes no value/);
});

test('- reads standard input for check, graph, diff and plan-comment, named <stdin> in diagnostics', async () => {
  const seed = fs.readFileSync(path.join(ROOT, 'examples/minimal/fleet.yaml'), 'utf8');
  const stdin = (text: string) => () => Buffer.from(text);
  const ok = capture({ stdin: stdin(seed) });
  assert.is(await main(['check', '-'], ok), 0, ok.err);
  assert.match(ok.out, /^<stdin>: ok: fleet /);
  const bad = capture({ stdin: stdin('version: 1\nname: Bad_Name\n') });
  assert.is(await main(['check', '-'], bad), 1);
  assert.match(bad.err, /^<stdin>:2:7: error\[FF105\]/m);
  const graph = capture({ stdin: stdin(seed) });
  assert.is(await main(['graph', '-'], graph), 0, graph.err);
  assert.match(graph.out, /^flowchart LR/);
  const diff = capture({ stdin: stdin(seed) });
  assert.is(await main(['diff', '-', 'examples/minimal/fleet.yaml'], diff), 0, diff.err);
  const twice = capture({ stdin: stdin(seed) });
  assert.is(await main(['diff', '-', '-'], twice), 2);
  assert.match(twice.err, /only one of the two fleets/);
  const plan = capture({ stdin: stdin('not json') });
  assert.is(await main(['plan-comment', '-'], plan), 1);
  assert.match(plan.err, /<stdin>/);
});

test('the README and docs run fleetform the fast way: never through npx, which reinstalls the package on every call', () => {
  for (const doc of ['README.md', 'docs/gitops.md', 'docs/provisioning.md', 'docs/terraform.md']) {
    const text = fs.readFileSync(path.join(ROOT, doc), 'utf8');
    assert.not.match(text, /(npx|npm exec) fleetform (init|check|build|keys|explain|plan-comment|diff|graph|bootstrap)\b/, doc);
  }
  // The quick start's command is what `npm run bench` measures (scripts/bench/common.ts).
  assert.match(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'), /^npm ci && \.\/fleetform build /m);
  assert.ok(fs.statSync(path.join(ROOT, 'fleetform')).mode & 0o111, './fleetform is executable');
});

test.run();
