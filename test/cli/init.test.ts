import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../compiler/cli/main';
import type { CliIO } from '../../compiler/cli/io';
import { checkSource } from '../../compiler/index';
import { ROOT } from '../helpers/fleet-text';

const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINyaffpD9Q3UfITXyfYUbWt5+nOKjxFqeSDJl0Bl2IXl m1';

function io(cwd: string, extra: Partial<CliIO> = {}): CliIO & { out: string; err: string } {
  const r = { out: '', err: '', cwd, env: {}, stdout: (t: string) => { r.out += t; }, stderr: (t: string) => { r.err += t; }, ...extra };
  return r;
}
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), `ff-init-${process.pid}-`));

test('init from flags writes spec/fleet.yaml that checks clean, with the schema line pointing at the schema', async () => {
  const dir = tmp();
  const r = io(dir);
  assert.is(await main(['init', '--name', 'demo', '--region', 'eu-west-1', '--host', 'box-1=gpu.example.net:2201', '--host-key', `box-1=${KEY}`, '--host', 'box-2=198.51.100.7', '--host-key', `box-2=${KEY.replace('m1', 'm2').replace('INya', 'INyb')}`], r), 0, r.err);
  const file = path.join(dir, 'spec', 'fleet.yaml');
  const text = fs.readFileSync(file, 'utf8');
  const schemaLine = /^# yaml-language-server: \$schema=(\S+)\n/.exec(text);
  assert.ok(schemaLine, 'first line is the schema line');
  assert.is(path.resolve(path.dirname(file), schemaLine![1]), path.join(ROOT, 'spec', 'fleet.schema.json'));
  const checked = checkSource(text, 'fleet.yaml');
  assert.equal(checked.diagnostics, []);
  assert.is(checked.fleet!.name, 'demo');
  assert.equal(checked.fleet!.zones, ['eu-west-1a', 'eu-west-1b']);
  assert.equal(checked.fleet!.hosts.map((h) => [h.name, h.tunnel.direction === 'forward' && h.tunnel.sshPort]), [['box-1', 2201], ['box-2', 22]]);
  assert.match(r.out, /fleetform keys box-1/);
  // And the CLI agrees.
  const c = io(dir);
  assert.is(await main(['check'], c), 0, c.err);
});

test('init never overwrites without --force, and writes nothing for answers that are not a fleet', async () => {
  const dir = tmp();
  const args = ['init', 'here', '--host', 'b=10.0.0.5', '--host-key', `b=${KEY}`];
  assert.is(await main(args, io(dir)), 0);
  const again = io(dir);
  assert.is(await main(args, again), 2);
  assert.match(again.err, /already exists; edit it, or give --force/);
  assert.is(await main([...args, '--force'], io(dir)), 0);
  const bad = io(dir);
  assert.is(await main(['init', 'bad', '--name', 'Bad_Name', '--host', 'b=10.0.0.5', '--host-key', `b=${KEY}`], bad), 1);
  assert.match(bad.err, /error\[FF105\]/);
  assert.not.ok(fs.existsSync(path.join(dir, 'bad', 'fleet.yaml')));
});

test('init: a host without its key says how to read it; no host on a non-terminal is a usage error', async () => {
  const dir = tmp();
  const r = io(dir);
  assert.is(await main(['init', '--host', 'b=10.0.0.5:2222'], r), 2);
  assert.match(r.err, /ssh-keyscan -t ed25519 -p 2222 10\.0\.0\.5/);
  const none = io(dir, { tty: { stdin: false } });
  assert.is(await main(['init'], none), 2);
  assert.match(none.err, /at least one --host/);
});

test('init asks its questions when standard input is a terminal, and what it writes checks clean', async () => {
  const dir = tmp();
  const answers = ['my-fleet', 'ap-northeast-2', 'ap-northeast-2a,ap-northeast-2c', '8585', 'v100-1', '203.0.113.10:2201', `203.0.113.10 ${KEY}`, ''];
  const asked: string[] = [];
  const r = io(dir, { tty: { stdin: true }, ask: async (q) => { asked.push(q); return answers.shift() ?? ''; } });
  assert.is(await main(['init', 'fleet'], r), 0, r.err);
  assert.is(answers.length, 0, 'every question asked');
  assert.match(r.err, /ssh-keyscan -t ed25519 -p 2201 203\.0\.113\.10/);
  const text = fs.readFileSync(path.join(dir, 'fleet', 'fleet.yaml'), 'utf8');
  const checked = checkSource(text, 'fleet.yaml');
  assert.equal(checked.diagnostics, []);
  assert.is(checked.fleet!.hosts[0].modelPort, 8585);
});

test('a value typed into init cannot change the document: it is a quoted scalar', async () => {
  const dir = tmp();
  const r = io(dir);
  // A name with YAML syntax in it: rejected by the check, never parsed as structure.
  assert.is(await main(['init', 'x', '--name', 'a\nregion: evil', '--host', 'b=10.0.0.5', '--host-key', `b=${KEY}`], r), 1);
  assert.match(r.err, /name is "a\\nregion: evil"/);
});

test.run();
