/** What renderProvisioning produces, file by file, for the hand-built fleet. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ProvisionError, renderProvisioning } from '../../../compiler/emit/provision/index';
import { renderer, repoRoot } from '../../../compiler/emit/provision/engine';
import { artifacts } from './artifacts';
import { fleet, KEYS } from './fixture';
import { specFleet } from './renders';

const files = renderProvisioning(fleet()).files;
const byPath = (p: string) => {
  const f = files.find((x) => x.path === p);
  if (!f) throw new Error(`no ${p} among ${files.map((x) => x.path).join(', ')}`);
  return f;
};
const nested = (p: string, inner: string) => {
  const a = artifacts([byPath(p)]).find((x) => x.path === inner);
  if (!a) throw new Error(`${p} does not write ${inner}`);
  return a.content;
};

test('paths and modes follow the build layout', () => {
  assert.equal(
    files.map((f) => [f.path, f.mode.toString(8)]),
    [
      ['hosts/v100-1/proxy.cloud-config.yaml', '644'],
      ['hosts/a100-1/proxy.cloud-config.yaml', '644'],
      ['hosts/a100-1/install-tunnel.sh', '755'],
      ['hosts/idle-1/proxy.cloud-config.yaml', '644'],
      ['pools/burst/cloud-config.yaml', '644'],
    ],
  );
});

test('output is deterministic', () => {
  assert.equal(renderProvisioning(fleet()).files, files);
});

test('forward: the unit runs ssh -L with the pinned key, keep-alives and restart', () => {
  const unit = nested('hosts/v100-1/proxy.cloud-config.yaml', '/etc/systemd/system/fleetform-tunnel.service');
  const exec = /^ExecStart=([\s\S]*?[^\\])$/m.exec(unit)?.[1].replace(/\\\n\s*/g, '') ?? '';
  for (const opt of ['-N', '-o ExitOnForwardFailure=yes', '-o ServerAliveInterval=10', '-o ServerAliveCountMax=3', '-o StrictHostKeyChecking=yes', '-o UserKnownHostsFile=/etc/fleetform/tunnel/known_hosts', '-o HostKeyAlias=fleetform-v100-1', '-o IdentitiesOnly=yes', '-o BatchMode=yes', '-L 0.0.0.0:8585:127.0.0.1:8585', '-p 2201 ubuntu@203.0.113.10']) {
    assert.ok(exec.includes(opt), `ExecStart lacks ${opt}: ${exec}`);
  }
  assert.match(unit, /^Restart=always$/m);
  assert.match(unit, /^RestartSec=2$/m);
  assert.match(unit, /^StartLimitIntervalSec=0$/m);
  assert.match(unit, /^User=fleetform-tunnel$/m);
  // 8585 needs no privilege: no capability at all.
  assert.match(unit, /^CapabilityBoundingSet=$/m);
  assert.match(unit, /^AmbientCapabilities=$/m);
  assert.match(unit, /^PrivateUsers=yes$/m);
  const knownHosts = nested('hosts/v100-1/proxy.cloud-config.yaml', '/etc/fleetform/tunnel/known_hosts');
  assert.is(knownHosts, `fleetform-v100-1 ${KEYS.box.split(' ').slice(0, 2).join(' ')}\n`);
});

test('forward: a service port below 1024 gets CAP_NET_BIND_SERVICE and nothing else', () => {
  const f = renderProvisioning(fleet((x) => (x.hosts[0].servicePort = 80))).files;
  const unit = artifacts(f).find((a) => a.path === '/etc/systemd/system/fleetform-tunnel.service')?.content ?? '';
  assert.match(unit, /^AmbientCapabilities=CAP_NET_BIND_SERVICE$/m);
  assert.match(unit, /^CapabilityBoundingSet=CAP_NET_BIND_SERVICE$/m);
  assert.match(unit, /-L 0\.0\.0\.0:80:127\.0\.0\.1:8585/);
});

test('forward: the boot script reads the key by reference with the instance role', () => {
  const boot = nested('hosts/v100-1/proxy.cloud-config.yaml', '/usr/local/libexec/fleetform/proxy-boot.sh');
  assert.match(boot, /^readonly KEY_STORE='ssm'$/m);
  assert.match(boot, /^readonly KEY_NAME='\/legal-chat\/ssh\/v100-1'$/m);
  assert.match(boot, /aws ssm get-parameter --region "\$FLEETFORM_REGION" --with-decryption --name="\$name"/);
  assert.match(boot, /write_secret "\$DIR\/id_key" "\$LOCAL_USER"/);
  assert.match(boot, /^umask 077$/m);
});

test('reverse: authorized key restricted to one listen address from one network', () => {
  const line = nested('hosts/a100-1/proxy.cloud-config.yaml', '/etc/ssh/fleetform/authorized_keys/fleetform-tunnel');
  assert.is(line, `from="198.51.100.7/32",restrict,port-forwarding,permitlisten="0.0.0.0:8585" ${KEYS.boxAuthorized.split(' ').slice(0, 2).join(' ')}\n`);
  const boot = nested('hosts/a100-1/proxy.cloud-config.yaml', '/usr/local/libexec/fleetform/proxy-boot.sh');
  assert.match(boot, /^readonly HOST_KEY_FILE='\/etc\/ssh\/ssh_host_ed25519_key'$/m);
  assert.match(boot, /--secret-id="\$name"/);
  assert.match(boot, /Name=tag:fleetform:proxy,Values=\$PROXY_NAME/);
  assert.match(boot, /^readonly PROXY_NAME='legal-chat-proxy-a100-1'$/m);
  assert.match(boot, /--allow-reassociation/);
  assert.match(boot, /X-aws-ec2-metadata-token/);
});

test('reverse: the installer pins the proxy key and preflights the health path on the model port', () => {
  const sh = byPath('hosts/a100-1/install-tunnel.sh').content;
  assert.ok(sh.startsWith('#!/bin/bash\n'));
  assert.match(sh, /^set -euo pipefail$/m);
  assert.match(sh, new RegExp(`^readonly PINNED_PROXY_HOST_KEY='${KEYS.proxyHost.split(' ').slice(0, 2).join(' ').replace(/[+/]/g, '\\$&')}'$`, 'm'));
  assert.match(sh, /^readonly HEALTH_URLS=\('http:\/\/127\.0\.0\.1:9000\/health'\)$/m);
  assert.match(sh, /^readonly HEALTH_MATCHERS=\('200'\)$/m);
  assert.match(sh, /-R "0\.0\.0\.0:\$SERVICE_PORT:127\.0\.0\.1:\$MODEL_PORT"/);
  assert.match(sh, /^ExecStart=\/usr\/local\/sbin\/fleetform-tunnel-a100-1 run$/m);
});

test('a host that backs no service gets an inert proxy: no tunnel, no secret, no installer', () => {
  const inert = byPath('hosts/idle-1/proxy.cloud-config.yaml').content;
  assert.not.match(inert, /runcmd|ssh|\/legal-chat\/ssh/);
  assert.match(inert, /backs no service/);
  const rev = renderProvisioning(fleet((f) => { f.hosts[1].servicePort = null; f.hosts[1].services = []; })).files;
  assert.not.ok(rev.some((x) => x.path === 'hosts/a100-1/install-tunnel.sh'));
});

test('pool: container with all GPUs, literal env on the command line, secret env fetched at boot, hook completed on health', () => {
  const runSh = nested('pools/burst/cloud-config.yaml', '/usr/local/libexec/fleetform/run-model.sh');
  assert.match(runSh, /docker run --rm --name "\$NAME" --gpus all/);
  assert.match(runSh, /--publish 8585:8080/);
  assert.match(runSh, /^ {2}--env 'MODEL=legal-7b' \\$/m);
  assert.not.match(runSh, /HF_TOKEN/);
  const boot = nested('pools/burst/cloud-config.yaml', '/usr/local/libexec/fleetform/pool-boot.sh');
  assert.match(boot, /^add_secret_env "\$env_tmp" 'HF_TOKEN' 'ssm' '\/legal-chat\/hf-token'/m);
  assert.match(boot, /^readonly HOOK_NAME='fleetform-ready'$/m);
  assert.match(boot, /^readonly ASG_NAME='legal-chat-pool-burst'$/m);
  assert.match(boot, /^readonly READY_TIMEOUT=600$/m);
  assert.match(boot, /^readonly HEALTH_URLS=\('http:\/\/127\.0\.0\.1:8585\/health'\)$/m);
  assert.match(boot, /complete CONTINUE/);
  assert.match(boot, /complete ABANDON/);
});

test('no output carries secret material', () => {
  for (const f of files) assert.not.match(f.content, /PRIVATE KEY|BEGIN OPENSSH|SecretString": *"/, f.path);
});

test('templates run in strict mode: a missing variable is an error, in helpers and blocks too', () => {
  const view = renderer;
  const base = { fleet: 'f', region: 'r', pool: 'p', source: 's', asgName: 'a', hook: 'h', image: 'i', ecr: null, containerPort: 1, publishPort: 1, backsService: true, readyTimeout: 1, literalEnv: [], secretEnv: [], health: [], paths: { boot: '/b', run: '/r', unit: '/u', envFile: '/e', agentConfig: '/c' }, modelUser: 'm', agent: null, notReady: null };
  assert.ok(view()('pool-boot.sh', base).startsWith('#!/bin/bash'));
  for (const drop of ['health', 'secretEnv', 'readyTimeout', 'region', 'agent', 'notReady']) {
    const partial: Record<string, unknown> = { ...base };
    delete partial[drop];
    assert.throws(() => view()('pool-boot.sh', partial), new RegExp(`'?${drop}'?`), drop);
  }
});

test('HTML escaping is off: & < > " reach the script as themselves, inside quotes', () => {
  const f = renderProvisioning(fleet((x) => (x.services[0].health.path = '/h?a=1&b=<2>"'))).files;
  assert.match(f.find((x) => x.path === 'hosts/a100-1/install-tunnel.sh')?.content ?? '', /'http:\/\/127\.0\.0\.1:9000\/h\?a=1&b=<2>"'/);
});

test('a NUL in a free-text value is a ProvisionError naming the spec path', () => {
  assert.throws(
    () => renderProvisioning(fleet((x) => (x.pools[0].container.env[1].value = { kind: 'literal', value: 'a\0b' }))),
    (e: unknown) => e instanceof ProvisionError && e.path === 'pools[0]' && /NUL/.test(e.message),
  );
});

test('a proxy host key sshd cannot hold (a security-key type) is a ProvisionError, not a crash', () => {
  assert.throws(
    () => renderProvisioning(fleet((x) => {
      const t = x.hosts[1].tunnel;
      if (t.direction === 'reverse') t.proxyHostPublicKey = 'sk-ssh-ed25519@openssh.com AAAAGnNrLXNzaC1lZDI1NTE5QG9wZW5zc2guY29t';
    })),
    (e: unknown) => e instanceof ProvisionError && e.path === 'hosts[1]' && /cannot be an sshd host key/.test(e.message),
  );
});

test('requiring the emitter does not load handlebars; rendering does', () => {
  const mod = path.join(repoRoot(), 'dist', 'compiler', 'emit', 'provision', 'index.js');
  const fixture = path.join(repoRoot(), 'dist', 'test', 'emit', 'provision', 'fixture.js');
  const probe = `const m=require(${JSON.stringify(mod)});const hb=()=>Object.keys(require.cache).some(k=>k.includes('node_modules/handlebars/'));const before=hb();m.renderProvisioning(require(${JSON.stringify(fixture)}).fleet());console.log(before+' '+hb())`;
  const r = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
  assert.is(r.stdout.trim(), 'false true', r.stderr);
});

test('the seed fleet through the real front end: four forward proxies on 8585', () => {
  const out = renderProvisioning(specFleet('test/fixtures/seed/fleet.yaml')).files;
  assert.equal(out.map((f) => f.path), ['v100-1', 'v100-2', 'v100-3', 'v100-4'].map((h) => `hosts/${h}/proxy.cloud-config.yaml`));
  for (const [i, f] of out.entries()) {
    assert.match(f.content, new RegExp(`-p 220${i + 1} \\\\\\n\\s+ubuntu@203\\.0\\.113\\.10`));
    assert.match(f.content, /-L 0\.0\.0\.0:8585:127\.0\.0\.1:8585/);
  }
});

test('a pool whose image is in private ECR logs in to exactly that registry before each start', () => {
  const { checkSource } = require('../../../compiler/index') as typeof import('../../../compiler/index');
  const text = fs.readFileSync(path.join(__dirname, '..', '..', '..', '..', 'examples', 'hybrid-autoscaling', 'fleet.yaml'), 'utf8');
  const out = renderProvisioning(checkSource(text, 'fleet.yaml').fleet!).files.find((f) => f.path === 'pools/burst/cloud-config.yaml')!.content;
  assert.match(out, "aws ecr get-login-password --region 'eu-west-1' |\n        docker login --username AWS --password-stdin '123456789012.dkr.ecr.eu-west-1.amazonaws.com'");
  const plain = renderProvisioning(fleet()).files.find((f) => f.path.startsWith('pools/'))!.content;
  assert.not.match(plain, 'docker login', 'no login for a public registry');
});

test.run();
