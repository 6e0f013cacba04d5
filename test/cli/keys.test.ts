import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../compiler/cli/main';
import type { CliIO } from '../../compiler/cli/io';
import { keyCommands } from '../../compiler/cli/keys/key-commands';
import type { Fleet, Host } from '../../compiler/model/fleet';
import { ROOT, validFleet, readRepoFile } from '../helpers/fleet-text';

function io(): CliIO & { out: string; err: string } {
  const r = { out: '', err: '', cwd: ROOT, env: {}, stdout: (t: string) => { r.out += t; }, stderr: (t: string) => { r.err += t; } };
  return r;
}

/**
 * Run the printed commands under bash with every external tool replaced by a
 * function that records its argv, one JSON array per line: what each tool
 * would really have received.
 */
function argvOf(script: string): string[][] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ff-keys-${process.pid}-`));
  const log = path.join(dir, 'argv');
  const record = `rec() { python3 -c 'import json,sys; print(json.dumps(sys.argv[1:]))' "$@" >> ${JSON.stringify(log)}; }\n` +
    ['ssh-keygen', 'ssh-keyscan', 'aws', 'ssh', 'curl', 'sudo', 'cut', 'rm'].map((t) => `${t}() { rec ${t} "$@"; }`).join('\n') + '\ncat() { rec cat "$@"; }\n';
  const r = spawnSync('bash', ['-c', record + script], { cwd: dir, encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  const lines = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n') : [];
  fs.rmSync(dir, { recursive: true, force: true });
  return lines.map((l) => JSON.parse(l));
}

test('keys for a forward host: keygen, keyscan of its address and port, SSM SecureString, restricted authorized_keys', async () => {
  const r = io();
  assert.is(await main(['keys', 'box', 'examples/minimal/fleet.yaml'], r), 0, r.err);
  const argv = argvOf(r.out);
  const tools = argv.map((a) => a[0]);
  assert.equal(tools.filter((t) => t !== 'cat' && t !== 'cut'), ['ssh-keygen', 'ssh-keyscan', 'aws', 'ssh', 'rm']);
  assert.equal(argv.find((a) => a[0] === 'ssh-keyscan'), ['ssh-keyscan', '-t', 'ed25519', '-p', '22', 'gpu.example.net']);
  assert.equal(argv.find((a) => a[0] === 'aws'), ['aws', 'ssm', 'put-parameter', '--region', 'us-east-1', '--type', 'SecureString', '--name', '/solo/ssh/box', '--value', 'file://./box-proxy-key', '--overwrite']);
  assert.equal(argv.find((a) => a[0] === 'ssh'), ['ssh', '-p', '22', 'ubuntu@gpu.example.net', 'umask 077 && mkdir -p ~/.ssh && cat >> ~/.ssh/authorized_keys']);
  assert.match(r.out, 'restrict,port-forwarding,permitopen="127.0.0.1:8000"');
  assert.match(r.out, '#    ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINyaffpD9Q3UfITXyfYUbWt5+nOKjxFqeSDJl0Bl2IXl\n');
  assert.is(spawnSync('shellcheck', ['-s', 'bash', '-'], { input: `#!/bin/bash\n${r.out}`, encoding: 'utf8' }).status, 0, 'shellcheck passes');
});

test('keys for a reverse host: the box key, the proxy host key stored where proxy_host_key says, the installer', async () => {
  const r = io();
  assert.is(await main(['keys', 'rtx-1', 'examples/reverse-tunnels/fleet.yaml'], r), 0, r.err);
  const argv = argvOf(r.out);
  assert.equal(argv.filter((a) => a[0] === 'ssh-keygen').map((a) => a[a.length - 1]), ['/root/fleetform-tunnel-key', './rtx-1-proxy-host-key']);
  assert.equal(argv.find((a) => a[0] === 'aws'), ['aws', 'ssm', 'put-parameter', '--region', 'us-west-2', '--type', 'SecureString', '--name', '/lab/proxy-host-keys/rtx-1', '--value', 'file://./rtx-1-proxy-host-key', '--overwrite']);
  assert.match(r.out, 'from="192.0.2.44/32",restrict,port-forwarding,permitlisten="0.0.0.0:5000"');
  assert.ok(argv.some((a) => a[0] === 'sudo' && a[1] === './install-tunnel.sh'));
});

test('every printed value is shell-quoted by construction: hostile values reach each tool as one argument', () => {
  const fleet = validFleet(readRepoFile('examples/minimal/fleet.yaml'));
  const evil = `x'$(touch pwned)"; rm -rf / #\n`;
  const host = fleet.hosts[0];
  const hostile: Host = { ...host, tunnel: { ...(host.tunnel as Extract<Host['tunnel'], { direction: 'forward' }>), address: evil, privateKey: { store: 'secretsmanager', name: evil, source: host.source } } };
  const f: Fleet = { ...fleet, region: evil, hosts: [hostile] };
  const argv = argvOf(keyCommands(f, hostile));
  assert.equal(argv.find((a) => a[0] === 'ssh-keyscan')!.slice(-1), [evil]);
  assert.equal(argv.find((a) => a[0] === 'aws'), ['aws', 'secretsmanager', 'create-secret', '--region', evil, '--name', evil, '--secret-string', 'file://./box-proxy-key']);
});

test('keys for a host the fleet lacks suggests the close names; no host is a usage error', async () => {
  const r = io();
  assert.is(await main(['keys', 'boxx', 'examples/minimal/fleet.yaml'], r), 1);
  assert.match(r.err, /has no host 'boxx'; did you mean `box`\?/);
  const none = io();
  assert.is(await main(['keys'], none), 2);
});

test.run();
