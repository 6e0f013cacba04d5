/**
 * Hostile values in every free-text field the spec lets through (health
 * paths, matchers, environment values, key comments, secret names) never
 * change what a script means: every script still parses and passes
 * shellcheck, every quoted value reads back byte for byte, the pool's docker
 * command and the installer's health request receive exactly the value, and
 * nothing embedded in a value ever runs.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderProvisioning } from '../../../compiler/emit/provision/index';
import type { Fleet } from '../../../compiler/model/fleet';
import { artifacts, requireTool, run, tempDir, type Artifact } from './artifacts';
import { fleet } from './fixture';
import { hostileStrings } from './hostile-values';

const t = tempDir('ff-hostile-');
const canary = path.join(t.dir, 'canary');
// NUL is the one character refused outright (a ProvisionError, tested in render.test.ts).
const hostile = hostileStrings(canary);
const pick = (i: number) => hostile[i % hostile.length];

// A real key pair, so the installer's key check passes and its preflight runs.
requireTool('ssh-keygen', 'openssh-client');
const keyFile = path.join(t.dir, 'id_box');
run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', keyFile]);
const boxPub = fs.readFileSync(`${keyFile}.pub`, 'utf8').split(' ').slice(0, 2).join(' ');

interface Case {
  fleet: Fleet;
  healthPath: string;
  matcher: string;
  envValue: string;
}

const cases: Case[] = hostile.map((_, i) => {
  const c = { healthPath: `/${pick(i)}`, matcher: pick(i + 1), envValue: pick(i + 2) };
  const f = fleet((x) => {
    x.services[0].health.path = c.healthPath;
    x.services[0].health.matcher = c.matcher;
    x.pools[0].container.env[1].value = { kind: 'literal', value: c.envValue };
    x.pools[0].container.env.push({ name: 'ZZ_OTHER', value: { kind: 'literal', value: pick(i + 3) } });
    x.pools[0].container.env[0].value = { kind: 'secret', ref: { store: 'secretsmanager', name: 'a+b=c@d.e-f/g_h', source: x.pools[0].source } };
    const comment = pick(i + 4).replace(/[\r\n]/g, ' ');
    const fwd = x.hosts[0].tunnel;
    if (fwd.direction === 'forward') fwd.hostKey = `${fwd.hostKey.split(' ').slice(0, 2).join(' ')} ${comment}`;
    const rev = x.hosts[1].tunnel;
    if (rev.direction === 'reverse') {
      rev.authorizedKey = `${boxPub} ${comment}`;
      rev.proxyHostPublicKey = `${rev.proxyHostPublicKey.split(' ').slice(0, 2).join(' ')} ${comment}`;
    }
  });
  return { ...c, fleet: f };
});
const rendered = cases.map((c) => ({ c, all: artifacts(renderProvisioning(c.fleet).files) }));
const scriptOf = (all: Artifact[], p: string) => {
  const a = all.find((x) => x.path === p || x.path.endsWith(p));
  if (!a) throw new Error(`no ${p}`);
  return a.content;
};

test('every script of every hostile render passes bash -n and shellcheck', () => {
  requireTool('shellcheck', 'shellcheck');
  const files: string[] = [];
  for (const [i, r] of rendered.entries()) {
    for (const [j, s] of r.all.filter((a) => a.kind === 'script').entries()) {
      const file = path.join(t.dir, `case${i}-${j}.sh`);
      fs.writeFileSync(file, s.content);
      const syntax = run('bash', ['-n', file]);
      assert.is(syntax.status, 0, `bash -n case ${i} ${s.origin}: ${syntax.stderr}`);
      files.push(file);
    }
  }
  const sc = run('shellcheck', ['--shell=bash', '--severity=style', '--format=gcc', ...files], { timeoutMs: 300_000 });
  assert.is(sc.stdout + sc.stderr, '', 'shellcheck findings');
  assert.is(sc.status, 0);
});

test('the quoted values read back exactly: health URLs, matchers, env values', () => {
  for (const [i, { c, all }] of rendered.entries()) {
    for (const [name, p] of [['installer', 'install-tunnel.sh'], ['pool boot', '/pool-boot.sh']] as const) {
      const script = scriptOf(all, p);
      const assignments = script.split('\n').filter((l) => /^readonly HEALTH_(URLS|MATCHERS)=/.test(l));
      assert.is(assignments.length, 2, `${name}: assignments found`);
      const r = run('bash', ['-c', `${assignments.join('\n')}\nprintf '%s\\0' "\${HEALTH_URLS[@]}" "\${HEALTH_MATCHERS[@]}"`]);
      assert.is(r.status, 0, r.stderr);
      const port = name === 'installer' ? 9000 : 8585;
      assert.equal(r.stdout.split('\0').slice(0, -1), [`http://127.0.0.1:${port}${c.healthPath}`, c.matcher], `case ${i} ${name}`);
    }
  }
  assert.not.ok(fs.existsSync(canary), 'a value was executed');
});

test('run-model.sh hands docker exactly the literal env values', () => {
  const bin = path.join(t.dir, 'bin');
  fs.mkdirSync(bin, { recursive: true });
  const argsFile = path.join(t.dir, 'docker-args');
  // A stand-in docker: records the run command's argv, NUL-separated.
  fs.writeFileSync(path.join(bin, 'docker'), `#!/bin/bash\nif [[ $1 == run ]]; then printf '%s\\0' "$@" >${JSON.stringify(argsFile)}; fi\n`, { mode: 0o755 });
  for (const [i, { c, all }] of rendered.entries()) {
    const file = path.join(t.dir, `run-model-${i}.sh`);
    fs.writeFileSync(file, scriptOf(all, '/run-model.sh'), { mode: 0o755 });
    fs.rmSync(argsFile, { force: true });
    const r = run('bash', [file], { env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
    assert.is(r.status, 0, r.stderr);
    const argv = fs.readFileSync(argsFile, 'utf8').split('\0').slice(0, -1);
    const envs = argv.flatMap((a, k) => (argv[k - 1] === '--env' ? [a] : []));
    assert.equal(envs, [`MODEL=${c.envValue}`, `ZZ_OTHER=${pick(i + 3)}`], `case ${i}`);
    assert.ok(argv.includes('--gpus') && argv[argv.indexOf('--gpus') + 1] === 'all');
    assert.is(argv[argv.length - 1], 'ghcr.io/acme/legal-chat:1.4');
  }
  assert.not.ok(fs.existsSync(canary), 'a value was executed');
});

test('the installer asks curl for exactly the health URL, and decides by the matcher', () => {
  const bin = path.join(t.dir, 'curlbin');
  fs.mkdirSync(bin, { recursive: true });
  const urlFile = path.join(t.dir, 'curl-url');
  // A stand-in curl: answers 200 and records its last argument (the URL).
  fs.writeFileSync(path.join(bin, 'curl'), `#!/bin/bash\nprintf '%s' "\${@: -1}" >${JSON.stringify(urlFile)}\nprintf 200\n`, { mode: 0o755 });
  for (const [i, { c, all }] of rendered.entries()) {
    const file = path.join(t.dir, `install-${i}.sh`);
    fs.writeFileSync(file, scriptOf(all, 'install-tunnel.sh'), { mode: 0o755 });
    fs.rmSync(urlFile, { force: true });
    const root = path.join(t.dir, `root${i}`);
    const r = run('bash', [file, '--dry-run', '--proxy', '192.0.2.1', '--identity', keyFile, '--root', root, '--supervisor', 'loop'], { env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
    assert.is(fs.readFileSync(urlFile, 'utf8'), `http://127.0.0.1:9000${c.healthPath}`, `case ${i}`);
    // 200 passes exactly when the matcher, read as the ALB reads it, admits it.
    const admits200 = /^\s*$/.test(c.matcher) ? false : c.matcher.split(',').some((p) => { const [lo, hi = lo] = p.split('-'); return /^\d+$/.test(lo) && /^\d+$/.test(hi) && +lo <= 200 && 200 <= +hi; });
    assert.is(r.status, admits200 ? 0 : 1, `case ${i} (matcher ${JSON.stringify(c.matcher)}):\n${r.stdout}${r.stderr}`);
    // --dry-run changed nothing.
    assert.not.ok(fs.existsSync(root), `case ${i}: --dry-run wrote under its root`);
  }
  assert.not.ok(fs.existsSync(canary), 'a value was executed');
});

test.after(() => t.remove());
test.run();
