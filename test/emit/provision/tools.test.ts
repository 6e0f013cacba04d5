/**
 * Every generated artifact against the real tool that will read it:
 * shellcheck and bash -n for scripts, `cloud-init schema` for cloud-configs,
 * `systemd-analyze verify` (empty stderr) for units, `sshd -t` for drop-ins.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { artifacts, requireRoot, requireTool, run, tempDir, writeArtifact, type Artifact } from './artifacts';
import { renderAll } from './renders';

const all: Artifact[] = renderAll().flatMap((r) => artifacts(r.files).map((a) => ({ ...a, origin: `${r.name}: ${a.origin}` })));
const of = (kind: Artifact['kind']) => all.filter((a) => a.kind === kind);

test('the renders cover every kind of artifact', () => {
  for (const kind of ['cloud-config', 'script', 'unit', 'sshd'] as const) assert.ok(of(kind).length > 0, `no ${kind} rendered`);
  // forward unit, pool unit, box unit (from the installer)
  assert.ok(of('unit').some((u) => u.path.endsWith('/fleetform-tunnel.service')));
  assert.ok(of('unit').some((u) => u.path.endsWith('/fleetform-model.service')));
  assert.ok(of('unit').some((u) => /fleetform-tunnel-[a-z0-9-]+\.service$/.test(u.path)));
});

test('every script passes bash -n and shellcheck', () => {
  requireTool('shellcheck', 'shellcheck');
  const t = tempDir('ff-sc-');
  try {
    for (const [i, s] of of('script').entries()) {
      const file = writeArtifact(t.dir, s, `${i}.sh`);
      const syntax = run('bash', ['-n', file]);
      assert.is(syntax.status, 0, `bash -n ${s.origin}:\n${syntax.stderr}`);
      const sc = run('shellcheck', ['--shell=bash', '--severity=style', '--format=gcc', file]);
      assert.is(sc.status, 0, `shellcheck ${s.origin}:\n${sc.stdout}${sc.stderr}`);
    }
  } finally {
    t.remove();
  }
});

test('every cloud-config passes cloud-init schema', () => {
  requireTool('cloud-init', 'cloud-init');
  const t = tempDir('ff-ci-');
  try {
    for (const [i, c] of of('cloud-config').entries()) {
      assert.ok(c.content.startsWith('#cloud-config\n'), `${c.origin} lacks the #cloud-config header`);
      const file = writeArtifact(t.dir, c, `${i}.yaml`);
      const r = run('cloud-init', ['schema', '--config-file', file]);
      assert.is(r.status, 0, `cloud-init schema ${c.origin}:\n${r.stdout}${r.stderr}`);
      assert.match(r.stdout, /Valid cloud-config/);
    }
  } finally {
    t.remove();
  }
});

test('every unit passes systemd-analyze verify with empty stderr', () => {
  requireTool('systemd-analyze', 'systemd');
  requireTool('unshare', 'util-linux');
  // verify insists every Exec path exists and is executable. The scripts under
  // /usr/local are installed at boot, so stand them in as stubs inside a
  // private mount namespace (a tmpfs over /usr/local that nobody else sees).
  requireRoot('systemd-analyze verify needs the units\' /usr/local executables, stubbed in a private mount namespace');
  const t = tempDir('ff-sd-');
  try {
    for (const [i, u] of of('unit').entries()) {
      const dir = path.join(t.dir, String(i));
      fs.mkdirSync(dir);
      const file = writeArtifact(dir, u);
      // The pool AMI ships docker.service; a stand-in beside the unit lets verify resolve Requires=.
      if (/^Requires=.*\bdocker\.service\b/m.test(u.content)) fs.writeFileSync(path.join(dir, 'docker.service'), '[Service]\nExecStart=/bin/true\n');
      // A timer is verified with the service it activates (written beside it by the same cloud-config).
      const service = u.path.endsWith('.timer') ? of('unit').find((s) => s.path === u.path.replace(/\.timer$/, '.service') && s.origin.split(' -> ')[0] === u.origin.split(' -> ')[0]) : undefined;
      if (u.path.endsWith('.timer')) {
        assert.ok(service, `${u.origin}: no service for the timer`);
        writeArtifact(dir, service!);
      }
      const execs = [...(service ?? u).content.matchAll(/^Exec\w+=[-@:+!]*(\S+)/gm)].map((m) => m[1]);
      assert.ok(execs.length > 0, `${u.origin} has no Exec line`);
      const stubs = execs.filter((e) => e.startsWith('/usr/local/'));
      const script = ['set -e', 'mount -t tmpfs fleetform-stubs /usr/local', ...stubs.map((s) => `mkdir -p "$(dirname '${s}')" && printf '#!/bin/sh\\n' > '${s}' && chmod 755 '${s}'`), `exec systemd-analyze verify '${file}'`].join('\n');
      const r = run('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', script]);
      assert.is(r.stderr, '', `systemd-analyze verify ${u.origin}:\n${r.stderr}`);
      assert.is(r.status, 0, `systemd-analyze verify ${u.origin} exited ${r.status}`);
    }
  } finally {
    t.remove();
  }
});

test('every unit, in every render, scores an exposure of 2.0 or lower in systemd-analyze security (offline; the e2e tests score the running units)', () => {
  requireTool('systemd-analyze', 'systemd');
  const t = tempDir('ff-sec-');
  try {
    // Timers run nothing themselves: the service each one starts is scored.
    for (const [i, u] of of('unit').filter((x) => !x.path.endsWith('.timer')).entries()) {
      const file = writeArtifact(t.dir, u, `u${i}-${path.basename(u.path)}`);
      const r = run('systemd-analyze', ['security', '--offline=true', '--no-pager', file]);
      const score = Number(/Overall exposure level for \S+: ([0-9.]+)/.exec(r.stdout)?.[1]);
      assert.ok(Number.isFinite(score), `systemd-analyze security ${u.origin}: no score\n${r.stdout}${r.stderr}`);
      assert.ok(score <= 2.0, `${u.origin}: exposure ${score} > 2.0\n${r.stdout}`);
    }
  } finally {
    t.remove();
  }
});

test('every sshd drop-in passes sshd -t, and only the tunnel user gets the forward', () => {
  requireTool('sshd', 'openssh-server');
  requireTool('ssh-keygen', 'openssh-client');
  // sshd -t checks its privilege separation directory exists; Debian creates it at service start.
  fs.mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const t = tempDir('ff-sshd-');
  try {
    const key = path.join(t.dir, 'hostkey');
    assert.is(run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]).status, 0);
    for (const [i, d] of of('sshd').entries()) {
      const file = writeArtifact(t.dir, d, `${i}.conf`);
      const r = run('/usr/sbin/sshd', ['-t', '-f', file, '-h', key]);
      assert.is(r.status, 0, `sshd -t ${d.origin}:\n${r.stderr}`);
      assert.is(r.stderr, '', `sshd -t ${d.origin} warned:\n${r.stderr}`);
      const user = /^Match User (\S+)$/m.exec(d.content)?.[1];
      const port = /^\s*PermitListen 0\.0\.0\.0:(\d+)$/m.exec(d.content)?.[1];
      assert.ok(user && port, `${d.origin}: no Match User / PermitListen`);
      const conn = (u: string) => `user=${u},addr=198.51.100.7,host=box,laddr=10.0.0.10,lport=22`;
      const eff = run('/usr/sbin/sshd', ['-T', '-f', file, '-h', key, '-C', conn(user)]).stdout;
      for (const want of ['gatewayports clientspecified', 'allowtcpforwarding remote', `permitlisten 0.0.0.0:${port}`, 'permitopen none', 'permittty no', 'passwordauthentication no', 'x11forwarding no', 'allowagentforwarding no']) {
        assert.ok(eff.split('\n').includes(want), `${d.origin}: effective config for ${user} lacks '${want}'`);
      }
      const other = run('/usr/sbin/sshd', ['-T', '-f', file, '-h', key, '-C', conn('ec2-user')]).stdout;
      assert.ok(other.split('\n').includes('gatewayports no'), `${d.origin}: GatewayPorts leaks to other users`);
    }
  } finally {
    t.remove();
  }
});

test.run();
