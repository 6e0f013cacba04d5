/**
 * The first-boot scripts, run for real: cloud-init's write_files applied and
 * the runcmd script executed inside a private mount namespace whose /etc is a
 * copy-on-write overlay of this machine's (and /usr/local a tmpfs), so
 * useradd, chown, sshd -t and the key files are real while nothing outside
 * the namespace changes. AWS (aws, IMDS through curl) and systemctl are
 * stand-ins that record what they were asked.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { renderProvisioning } from '../../../compiler/emit/provision/index';
import type { Fleet } from '../../../compiler/model/fleet';
import { readiness } from '../../../compiler/lower/readiness';
import { requireRoot, requireTool, run, tempDir } from './artifacts';
import { fleet } from './fixture';

requireTool('unshare', 'util-linux');
requireTool('ssh-keygen', 'openssh-client');
const t = tempDir('ff-boot-');
fs.chmodSync(t.dir, 0o755);
const bin = path.join(t.dir, 'bin');
fs.mkdirSync(bin);
const stub = (name: string, body: string) => fs.writeFileSync(path.join(bin, name), `#!/bin/bash\n${body}\n`, { mode: 0o755 });
// Every stand-in appends its argv, one call per line, to $CALLS.
stub('aws', `printf '%s ' aws "$@" >>"$CALLS"; echo >>"$CALLS"
case "$1 $2" in
  'ssm get-parameter'|'secretsmanager get-secret-value') cat "$SECRET" ;;
  'ec2 describe-addresses') echo eipalloc-0123456789abcdef0 ;;
esac`);
stub('curl', `case "$*" in
  *169.254.169.254/latest/api/token*) printf token-1 ;;
  *169.254.169.254/latest/meta-data/instance-id*) printf i-0123456789abcdef0 ;;
  *) printf '%s ' curl "$@" >>"$CALLS"; echo >>"$CALLS"; printf '%s' "$HEALTH" ;;
esac`);
stub('systemctl', `printf '%s ' systemctl "$@" >>"$CALLS"; echo >>"$CALLS"
[[ $1 == is-active ]] && exit 0; exit 0`);
// The pool's "image pull" step: docker answers with $DOCKER_STATUS (default 0).
stub('docker', `printf '%s ' docker "$@" >>"$CALLS"; echo >>"$CALLS"; exit "\${DOCKER_STATUS:-0}"`);

const key = (name: string) => {
  const f = path.join(t.dir, name);
  if (!fs.existsSync(f)) run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', f]);
  return { file: f, pub: fs.readFileSync(`${f}.pub`, 'utf8').trim() };
};

interface Boot {
  status: number | null;
  stdout: string;
  stderr: string;
  calls: string[];
  /** `stat` and file reads taken inside the namespace after the script ran. */
  after: string;
}

/**
 * Apply a cloud-config the way cloud-init would (write_files, then the one
 * runcmd), inside the namespace, then run `inspect` there.
 */
function boot(cloudConfig: string, secret: string, inspect: string, env: Record<string, string> = {}): Boot {
  requireRoot('the boot scripts create users and write /etc, inside a private mount namespace');
  const doc = parse(cloudConfig, { version: '1.1' }) as { write_files: { path: string; content: string; permissions: string }[]; runcmd: string[][] };
  const dir = fs.mkdtempSync(path.join(t.dir, 'run-'));
  const lines = ['set -e', `mount -t tmpfs fleetform-boot ${dir}/ovl`, `mkdir ${dir}/ovl/u ${dir}/ovl/w`, `mount -t overlay overlay -o lowerdir=/etc,upperdir=${dir}/ovl/u,workdir=${dir}/ovl/w /etc`, 'mount -t tmpfs fleetform-boot /usr/local', 'mkdir -p /run/sshd'];
  fs.mkdirSync(path.join(dir, 'ovl'));
  doc.write_files.forEach((w, i) => {
    fs.writeFileSync(path.join(dir, `f${i}`), w.content);
    lines.push(`install -D -m ${w.permissions} ${dir}/f${i} '${w.path}'`);
  });
  const [cmd] = doc.runcmd;
  lines.push('set +e', `PATH=${bin}:$PATH '${cmd[0]}' >${dir}/stdout 2>${dir}/stderr`, `echo $? >${dir}/status`, inspect);
  const secretFile = path.join(dir, 'secret');
  fs.writeFileSync(secretFile, secret, { mode: 0o600 });
  const calls = path.join(dir, 'calls');
  fs.writeFileSync(calls, '');
  const r = run('unshare', ['--mount', '--propagation', 'private', 'bash', '-c', lines.join('\n')], { env: { ...process.env, SECRET: secretFile, CALLS: calls, HEALTH: '200', ...env }, timeoutMs: 120_000 });
  if (r.status !== 0) throw new Error(`namespace setup failed (${r.status}): ${r.stderr}`);
  return {
    status: Number(fs.readFileSync(path.join(dir, 'status'), 'utf8')),
    stdout: fs.readFileSync(path.join(dir, 'stdout'), 'utf8'),
    stderr: fs.readFileSync(path.join(dir, 'stderr'), 'utf8'),
    calls: fs.readFileSync(calls, 'utf8').split('\n').filter(Boolean).map((l) => l.trim()),
    after: r.stdout,
  };
}

const cloudConfig = (f: Fleet, p: string) => renderProvisioning(f).files.find((x) => x.path === p)?.content ?? '';

test('forward proxy boot: key fetched by reference into a 0600 file only the tunnel user can read, unit enabled', () => {
  const k = key('proxy-client');
  const secret = fs.readFileSync(k.file, 'utf8');
  const b = boot(cloudConfig(fleet(), 'hosts/v100-1/proxy.cloud-config.yaml'), secret, [
    'stat -c "%a %U %G %n" /etc/fleetform/tunnel /etc/fleetform/tunnel/id_key /etc/fleetform/tunnel/known_hosts',
    'getent passwd fleetform-tunnel | cut -d: -f6,7',
    // The unit's user reads both files; nobody else reads the key.
    'setpriv --reuid=fleetform-tunnel --regid=fleetform-tunnel --init-groups cat /etc/fleetform/tunnel/id_key | sha256sum',
    'setpriv --reuid=nobody --regid=nogroup --clear-groups cat /etc/fleetform/tunnel/id_key 2>/dev/null || echo nobody-denied',
  ].join('\n'));
  assert.is(b.status, 0, b.stderr);
  const [dirLine, keyLine, khLine, home, sum, denied] = b.after.trim().split('\n');
  assert.is(dirLine, '750 root fleetform-tunnel /etc/fleetform/tunnel');
  assert.is(keyLine, '600 fleetform-tunnel fleetform-tunnel /etc/fleetform/tunnel/id_key');
  assert.is(khLine, '644 root root /etc/fleetform/tunnel/known_hosts');
  assert.is(home, '/nonexistent:/sbin/nologin');
  assert.is(sum.split(' ')[0], require('node:crypto').createHash('sha256').update(secret).digest('hex'));
  assert.is(denied, 'nobody-denied');
  assert.equal(b.calls, [
    'aws ssm get-parameter --region ap-northeast-2 --with-decryption --name=/legal-chat/ssh/v100-1 --query Parameter.Value --output text',
    'systemctl daemon-reload',
    'systemctl enable --now fleetform-tunnel.service',
  ]);
  assert.not.match(b.stdout + b.stderr, /PRIVATE KEY/, 'the key was echoed');
});

test('reverse proxy boot: host key installed and checked against the pin, sshd -t, restart, Elastic IP taken over', () => {
  const k = key('proxy-host');
  const f = fleet((x) => {
    const tn = x.hosts[1].tunnel;
    if (tn.direction === 'reverse') tn.proxyHostPublicKey = k.pub;
  });
  const b = boot(cloudConfig(f, 'hosts/a100-1/proxy.cloud-config.yaml'), fs.readFileSync(k.file, 'utf8'), [
    'stat -c "%a %U %n" /etc/ssh/ssh_host_ed25519_key /etc/ssh/ssh_host_ed25519_key.pub',
    'cat /etc/ssh/ssh_host_ed25519_key.pub',
    'getent passwd fleetform-tunnel | cut -d: -f7',
    'getent shadow fleetform-tunnel | cut -d: -f2',
    // The effective sshd configuration (Debian's sshd_config plus the drop-in) for the tunnel user.
    '/usr/sbin/sshd -T -C user=fleetform-tunnel,addr=198.51.100.7,host=box,laddr=10.0.0.10,lport=22 | grep -E "^(gatewayports|permitlisten|allowtcpforwarding|authorizedkeysfile) "',
  ].join('\n'));
  assert.is(b.status, 0, b.stderr);
  const out = b.after.trim().split('\n');
  assert.equal(out.slice(0, 5), [
    '600 root /etc/ssh/ssh_host_ed25519_key',
    '644 root /etc/ssh/ssh_host_ed25519_key.pub',
    k.pub.split(' ').slice(0, 2).join(' '),
    '/sbin/nologin',
    '*',
  ]);
  assert.equal(out.slice(5).sort(), ['allowtcpforwarding remote', 'authorizedkeysfile /etc/ssh/fleetform/authorized_keys/%u', 'gatewayports clientspecified', 'permitlisten 0.0.0.0:8585']);
  assert.equal(b.calls, [
    'aws secretsmanager get-secret-value --region ap-northeast-2 --secret-id=legal-chat/proxy/a100-1 --query SecretString --output text',
    'systemctl restart sshd.service',
    'aws ec2 describe-addresses --region ap-northeast-2 --filters Name=tag:fleetform:proxy,Values=legal-chat-proxy-a100-1 --query Addresses[0].AllocationId --output text',
    'aws ec2 associate-address --region ap-northeast-2 --allocation-id eipalloc-0123456789abcdef0 --instance-id i-0123456789abcdef0 --allow-reassociation',
  ]);
});

test('reverse proxy boot: a stored key that is not the pinned one changes nothing (key files untouched), stops before sshd restarts or the address moves, and says which step failed', () => {
  const wrong = key('not-the-proxy-host');
  const sums = 'sha256sum /etc/ssh/ssh_host_ed25519_key /etc/ssh/ssh_host_ed25519_key.pub; ls /etc/ssh | grep -c XXXXXX || true; ls /etc/ssh | grep -E "ssh_host_ed25519_key\\.[A-Za-z0-9]{6}" || true';
  const before = run('bash', ['-c', sums]).stdout;
  const b = boot(cloudConfig(fleet(), 'hosts/a100-1/proxy.cloud-config.yaml'), fs.readFileSync(wrong.file, 'utf8'), sums);
  assert.is(b.status, 1);
  assert.match(b.stderr, /is not the private half of the spec's proxy_host_public_key .*; nothing changed, sshd keeps its current key/);
  assert.match(b.stderr, /boot step 'proxy host key' failed \(exit 1\); check that secretsmanager:legal-chat\/proxy\/a100-1 exists/);
  // Defect: the key used to be written before the check, leaving sshd the wrong key.
  assert.is(b.after, before, 'the host key files changed, or a temporary file was left behind');
  assert.not.ok(b.calls.some((c) => c.startsWith('systemctl restart') || c.includes('associate-address')), b.calls.join('\n'));
});

test('pool boot: secret env into a 0600 file, container unit started, hook completed with CONTINUE once healthy', () => {
  const b = boot(cloudConfig(fleet(), 'pools/burst/cloud-config.yaml'), 'hf_secret_value\n', 'stat -c "%a %U" /etc/fleetform/model.env; cat /etc/fleetform/model.env');
  assert.is(b.status, 0, b.stderr);
  assert.is(b.after, '600 root\nHF_TOKEN=hf_secret_value\n');
  assert.equal(b.calls, [
    'aws ssm get-parameter --region ap-northeast-2 --with-decryption --name=/legal-chat/hf-token --query Parameter.Value --output text',
    'docker pull ghcr.io/acme/legal-chat:1.4',
    'systemctl daemon-reload',
    'systemctl enable --now fleetform-model.service',
    'systemctl is-active --quiet fleetform-model.service',
    'curl --silent --globoff --insecure --output /dev/null --max-time 5 --write-out %{http_code} http://127.0.0.1:8585/health',
    'aws autoscaling complete-lifecycle-action --region ap-northeast-2 --auto-scaling-group-name legal-chat-pool-burst --lifecycle-hook-name fleetform-ready --instance-id i-0123456789abcdef0 --lifecycle-action-result CONTINUE',
  ]);
});

test('pool boot: never healthy within health_grace -> ABANDON; a secret with a newline -> ABANDON before starting', () => {
  const slow = fleet((x) => (x.pools[0].readiness = readiness(1)));
  const b = boot(cloudConfig(slow, 'pools/burst/cloud-config.yaml'), 'v\n', 'true', { HEALTH: '503' });
  assert.is(b.status, 1);
  assert.match(b.stderr, /model not ready after 1s/);
  assert.match(b.stderr, /boot step 'health wait' failed \(exit 1\); check the model's health paths within 1s/);
  assert.match(b.calls[b.calls.length - 1], /--lifecycle-action-result ABANDON$/);
  const nl = boot(cloudConfig(fleet(), 'pools/burst/cloud-config.yaml'), 'two\nlines\n', 'test -e /etc/fleetform/model.env && echo env-written || echo no-env');
  assert.is(nl.status, 1);
  assert.match(nl.stderr, /holds a newline, which a docker env file cannot carry/);
  assert.match(nl.stderr, /boot step 'secret' failed \(exit 1\); check ssm:\/legal-chat\/hf-token \(for HF_TOKEN\)/);
  assert.is(nl.after.trim(), 'no-env');
  assert.not.ok(nl.calls.some((c) => c.includes('enable --now')));
  assert.match(nl.calls[nl.calls.length - 1], /--lifecycle-action-result ABANDON$/);
});

test('pool boot: an image that cannot be pulled abandons the hook at once, before the unit starts, naming the step', () => {
  const b = boot(cloudConfig(fleet(), 'pools/burst/cloud-config.yaml'), 'v\n', 'true', { DOCKER_STATUS: '1' });
  assert.is(b.status, 1);
  assert.match(b.stderr, /boot step 'image pull' failed \(exit 1\); check the image name/);
  assert.not.ok(b.calls.some((c) => c.includes('enable --now')), b.calls.join('\n'));
  assert.match(b.calls[b.calls.length - 1], /--lifecycle-action-result ABANDON$/);
  // One ABANDON, no CONTINUE.
  assert.is(b.calls.filter((c) => c.includes('complete-lifecycle-action')).length, 1);
});

test.after(() => t.remove());
test.run();
