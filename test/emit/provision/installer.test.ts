/**
 * install-tunnel.sh on its own (the tunnel itself is proven in test/e2e):
 * refusals before anything is written, the systemd path under --root,
 * idempotent re-runs, --uninstall and --dry-run. curl is a stand-in that
 * answers the health path with the status in $FAKE_HEALTH.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderProvisioning } from '../../../compiler/emit/provision/index';
import { artifacts, requireTool, run, tempDir } from './artifacts';
import { fleet, KEYS } from './fixture';

requireTool('ssh-keygen', 'openssh-client');
const t = tempDir('ff-installer-');
const key = path.join(t.dir, 'id_box');
run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
const otherKey = path.join(t.dir, 'id_other');
run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', otherKey]);
const pub = fs.readFileSync(`${key}.pub`, 'utf8').trim();

const files = renderProvisioning(fleet((f) => {
  const r = f.hosts[1].tunnel;
  if (r.direction === 'reverse') r.authorizedKey = pub;
})).files;
const installer = path.join(t.dir, 'install-tunnel.sh');
fs.writeFileSync(installer, files.find((f) => f.path === 'hosts/a100-1/install-tunnel.sh')?.content ?? '', { mode: 0o755 });
const unit = artifacts(files).find((a) => a.kind === 'unit' && a.path.endsWith('fleetform-tunnel-a100-1.service'))?.content;

const bin = path.join(t.dir, 'bin');
fs.mkdirSync(bin);
fs.writeFileSync(path.join(bin, 'curl'), '#!/bin/bash\nif [[ $FAKE_HEALTH == 000 ]]; then printf 000; exit 7; fi\nprintf %s "$FAKE_HEALTH"\n', { mode: 0o755 });

function install(args: string[], health = '200') {
  return run('bash', [installer, ...args], { env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, FAKE_HEALTH: health } });
}
const root = (name: string) => path.join(t.dir, name);
const tree = (dir: string): string[] => (fs.existsSync(dir) ? (fs.readdirSync(dir, { recursive: true }) as string[]).sort() : []);

test('refuses, writing nothing, when the model server does not answer its health path', () => {
  for (const health of ['000', '503']) {
    const r = install(['--proxy', '192.0.2.1', '--identity', key, '--root', root(`down${health}`), '--supervisor', 'systemd'], health);
    assert.is(r.status, 1);
    assert.match(r.stderr, /does not answer http:\/\/127\.0\.0\.1:9000\/health with 200/);
    assert.equal(tree(root(`down${health}`)), []);
  }
});

test('refuses a key that is not the authorized_key of the spec, and a proxy address that is an option', () => {
  const wrong = install(['--proxy', '192.0.2.1', '--identity', otherKey, '--root', root('wrong'), '--supervisor', 'systemd']);
  assert.is(wrong.status, 1);
  assert.match(wrong.stderr, /is not the authorized_key of host a100-1/);
  const opt = install(['--proxy', '-oProxyCommand=touch /tmp/x', '--identity', key, '--root', root('opt')]);
  assert.is(opt.status, 1);
  assert.match(opt.stderr, /--proxy must be an IP address or DNS name/);
  const none = install(['--identity', key, '--root', root('none')]);
  assert.is(none.status, 1);
  assert.match(none.stderr, /--proxy ADDRESS is required/);
  for (const r of ['wrong', 'opt', 'none']) assert.equal(tree(root(r)), []);
});

test('systemd path under --root: unit, pinned key, key copy 0600, itself as the unit command; a re-run changes nothing; --uninstall removes it all', () => {
  const r0 = root('sd');
  const first = install(['--proxy', '192.0.2.1', '--identity', key, '--root', r0, '--supervisor', 'systemd']);
  assert.is(first.status, 0, first.stderr);
  assert.match(first.stdout, /not calling systemctl/);
  const conf = path.join(r0, 'etc/fleetform/tunnel-a100-1');
  assert.is(fs.readFileSync(path.join(r0, 'etc/systemd/system/fleetform-tunnel-a100-1.service'), 'utf8'), unit);
  assert.is(fs.readFileSync(path.join(conf, 'known_hosts'), 'utf8'), `fleetform-a100-1 ${KEYS.proxyHost.split(' ').slice(0, 2).join(' ')}\n`);
  assert.is(fs.readFileSync(path.join(conf, 'proxy'), 'utf8'), '192.0.2.1\n');
  assert.is(fs.statSync(path.join(conf, 'id_key')).mode & 0o777, 0o600);
  // The folder stays root's; the unit's unprivileged user gets copies (LoadCredential=).
  assert.is(fs.statSync(conf).mode & 0o777, 0o700);
  assert.match(unit ?? '', /^LoadCredential=id_key:\/etc\/fleetform\/tunnel-a100-1\/id_key$/m);
  assert.match(unit ?? '', /^User=fleetform-tunnel$/m);
  assert.match(first.stdout, /not creating user fleetform-tunnel/);
  assert.is(fs.readFileSync(path.join(r0, 'usr/local/sbin/fleetform-tunnel-a100-1'), 'utf8'), fs.readFileSync(installer, 'utf8'));
  const again = install(['--proxy', '192.0.2.1', '--identity', key, '--root', r0, '--supervisor', 'systemd']);
  assert.is(again.status, 0, again.stderr);
  assert.not.match(again.stdout, /^wrote /m);
  assert.is(again.stdout.match(/^unchanged /gm)?.length, 6);
  const gone = install(['--uninstall', '--root', r0]);
  assert.is(gone.status, 0, gone.stderr);
  assert.equal(tree(r0).filter((p) => fs.statSync(path.join(r0, p)).isFile()), []);
});

test('--dry-run reports and changes nothing, on install and on uninstall', () => {
  const r0 = root('dry');
  const dry = install(['--dry-run', '--proxy', '192.0.2.1', '--identity', key, '--root', r0, '--supervisor', 'loop']);
  assert.is(dry.status, 0, dry.stderr);
  assert.match(dry.stdout, /\[dry-run\] would write .*id_key \(mode 0600\)/);
  assert.match(dry.stdout, /\[dry-run\] setsid .*fleetform-tunnel-a100-1 supervise --root/);
  assert.equal(tree(r0), []);
  assert.is(install(['--proxy', '192.0.2.1', '--identity', key, '--root', r0, '--supervisor', 'systemd']).status, 0);
  const before = tree(r0);
  const u = install(['--dry-run', '--uninstall', '--root', r0]);
  assert.is(u.status, 0, u.stderr);
  assert.match(u.stdout, /\[dry-run\] rm -rf/);
  assert.equal(tree(r0), before);
});

test('--help prints the usage from the header; an unknown flag exits 2', () => {
  const h = install(['--help']);
  assert.is(h.status, 0);
  assert.match(h.stdout, /^ {2}install-tunnel\.sh --proxy ADDRESS/m);
  assert.match(h.stdout, /--uninstall/);
  assert.is(install(['--frobnicate']).status, 2);
});

test.after(() => t.remove());
test.run();
