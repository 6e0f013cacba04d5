import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../compiler/cli/main';
import type { CliIO } from '../../compiler/cli/io';
import { ROOT } from '../helpers/fleet-text';

function run(args: string[], cwd = ROOT): Promise<{ code: number; out: string; err: string }> {
  const io = { out: '', err: '', cwd, env: {} as Record<string, string | undefined>, stdout: (t: string) => { io.out += t; }, stderr: (t: string) => { io.err += t; } };
  return main(args, io as CliIO).then((code) => ({ code, out: io.out, err: io.err }));
}

test('check on the seed fleet exits 0 and summarises it', async () => {
  const r = await run(['check', 'test/fixtures/seed/fleet.yaml']);
  assert.is(r.code, 0);
  assert.is(r.out, 'test/fixtures/seed/fleet.yaml: ok: fleet legal-chat (4 hosts, 0 pools, 1 service)\n');
});

test('check with no file checks spec/fleet.yaml', async () => {
  const r = await run(['check']);
  assert.is(r.code, 0, r.err);
  assert.match(r.out, /^spec\/fleet\.yaml: ok: fleet [a-z0-9-]+ \(\d+ hosts?, \d+ pools?, \d+ services?\)\n$/);
});

test('every example checks clean', async () => {
  for (const name of fs.readdirSync(path.join(ROOT, 'examples'))) {
    const r = await run(['check', `examples/${name}/fleet.yaml`]);
    assert.is(r.code, 0, `${name}: ${r.err}`);
  }
});

test('an invalid file exits 1 with every error, sorted, and nothing on stdout', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-check-'));
  fs.writeFileSync(path.join(dir, 'f.yaml'), 'version: 2\nname: ok\nregion: us-east-1\nzones: [us-east-1a]\nnetwork: {}\nservices: []\nload_balancer: { listeners: [] }\nbogus: 1\n');
  const r = await run(['check', 'f.yaml'], dir);
  assert.is(r.code, 1);
  assert.is(r.out, '');
  const heads = r.err.split('\n').filter((l) => /^f\.yaml:\d+:\d+: error/.test(l)).map((l) => l.replace(/: error\[(FF\d+)\].*/, ' $1'));
  assert.equal(heads.slice(0, 1), ['f.yaml:1:10 FF104']);
  assert.ok(heads.includes('f.yaml:8:1 FF101'), heads.join('\n'));
  const lines = heads.map((h) => Number(h.split(':')[1]));
  assert.equal(lines, [...lines].sort((a, b) => a - b));
  assert.match(r.err, /\d+ errors\n$/);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('--format json and --format github', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-check-'));
  fs.writeFileSync(path.join(dir, 'f.yaml'), 'version: 1\nname: Bad_Name\n');
  const j = await run(['check', 'f.yaml', '--format', 'json'], dir);
  assert.is(j.code, 1);
  const parsed = JSON.parse(j.out);
  assert.ok(parsed.errors >= 1);
  assert.ok(parsed.diagnostics.some((d: { code: string; line: number; column: number }) => d.code === 'FF105' && d.line === 2 && d.column === 7));
  const g = await run(['check', 'f.yaml', '--format=github'], dir);
  assert.is(g.code, 1);
  assert.match(g.err, /^::error file=f\.yaml,line=2,col=7,/m);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('usage and I/O errors exit 2 without a stack trace', async () => {
  for (const args of [['check', 'no/such/file.yaml'], ['check', '--format', 'xml'], ['check', '--frobnicate'], ['check', 'a', 'b'], ['check', 'examples']]) {
    const r = await run(args);
    assert.is(r.code, 2, args.join(' '));
    assert.not.match(r.err, /\n\s+at /, 'no stack trace');
  }
});

test.run();
