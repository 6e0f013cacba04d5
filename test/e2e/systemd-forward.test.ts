/**
 * A forward proxy under a real systemd (systemd-nspawn, test/e2e/nspawn.ts),
 * provisioned by cloud-init from the cloud-config `fleetform build` wrote,
 * unmodified; its key reaches it through the stubbed secret store.
 *
 *   alb namespace --- proxy machine (cloud-init, fleetform-tunnel.service) --- box namespace (sshd, model server)
 *
 * One machine for the whole file (the boots are the slow part): the tests
 * below run in order on it and each leaves the tunnel up for the next.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildFleet, capabilities, restartBound, restartTimes, CAP_NET_BIND_SERVICE, exposure, awsCalls, NET, seed, setSecret, stubCloud, testKeys, type TestKeys } from './cloud-stub';
import { HostNetns, link, Machine, poll, requireNspawn, mainPidOf, reportingSetUp } from './nspawn';

const UNIT = 'fleetform-tunnel.service';
const MODEL_SERVER = path.join(__dirname, 'model-server.js');

let dir = '';
let keys: TestKeys;
let files: Map<string, string>;
let proxy: Machine;
let alb: HostNetns;
let box: HostNetns;
let sshd: ReturnType<HostNetns['spawn']> | null = null;
let model: ReturnType<HostNetns['spawn']> | null = null;
/** What the report needs: measured numbers, printed at the end. */
const measured: string[] = [];

const url = (p: string, port = 8585) => `http://${NET.proxyFront}:${port}${p}`;
const answers = async (p: string, port = 8585) => (await alb.get(url(p, port))).body === `model:${p}`;

/** sshd on the box, presenting `hostKey`; restartable (the wrong-key test swaps it). */
async function startBoxSshd(hostKey: string): Promise<void> {
  if (sshd) {
    sshd.child.kill('SIGKILL');
    await sshd.exited;
  }
  const cfg = path.join(dir, 'sshd_config');
  fs.writeFileSync(cfg, [`Port 2222`, `ListenAddress ${NET.fwdBox}`, `HostKey ${hostKey}`, `PidFile ${dir}/sshd.pid`, 'UsePAM no', 'StrictModes no', 'LogLevel VERBOSE', 'PasswordAuthentication no', `AuthorizedKeysFile ${dir}/authorized_keys/%u`, ''].join('\n'), { mode: 0o600 });
  sshd = box.spawn(['/usr/sbin/sshd', '-D', '-e', '-f', cfg]);
  const up = await poll(() => /Server listening on/.test(sshd?.log() ?? ''), 30_000);
  if (up === null) throw new Error(`box sshd did not start:\n${sshd.log()}`);
}

async function startModel(): Promise<void> {
  model = box.spawn([process.execPath, MODEL_SERVER, '9000']);
  const up = await poll(() => /listening/.test(model?.log() ?? ''), 30_000);
  if (up === null) throw new Error(`model server did not start:\n${model.log()}`);
}

async function stopModel(): Promise<void> {
  model?.child.kill('SIGKILL');
  await model?.exited;
  model = null;
}

const mainPid = () => mainPidOf(proxy, UNIT);
const context = async () => `\n--- journal ${UNIT}\n${(await proxy.journal(UNIT)).slice(-4000)}\n--- box sshd\n${sshd?.log().slice(-2000)}`;

test.before(reportingSetUp(setUp));

async function setUp(): Promise<void> {
  requireNspawn();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), `ffsdf${process.pid}-`));
  fs.chmodSync(dir, 0o755);
  keys = testKeys(dir);
  files = buildFleet(dir, keys);
  fs.mkdirSync(path.join(dir, 'authorized_keys'));
  fs.writeFileSync(path.join(dir, 'authorized_keys', 'nobody'), `${keys.proxyClient.public}\n`);
  alb = new HostNetns('alb');
  box = new HostNetns('box');
  proxy = await Machine.boot({
    label: 'fwdproxy',
    // Stubs, seed and secret go to the machine's own upper layer before its first boot.
    prepare: (m) => {
      stubCloud(m, { instanceId: 'i-0ff00000000000f01', userData: files.get('hosts/fwd-1/proxy.cloud-config.yaml') ?? '' });
      setSecret(m, 'ssm', '/fftest/ssh/fwd', keys.proxyClient.private);
    },
  });
  await proxy.onBoot(async () => {
    await link(alb, `${NET.alb}/24`, proxy, `${NET.proxyFront}/24`, 'lb');
    await link(proxy, `${NET.fwdProxy}/24`, box, `${NET.fwdBox}/24`, 'bx');
  });
  // The box comes up once it has its address; the unit has been retrying meanwhile.
  await startBoxSshd(keys.boxHost.file);
  await startModel();
}

test.after(async () => {
  await proxy?.stop();
  sshd?.child.kill('SIGKILL');
  model?.child.kill('SIGKILL');
  alb?.destroy();
  box?.destroy();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  if (measured.length) console.log(`\n${measured.join('\n')}`);
});

test('cloud-init runs the generated forward cloud-config (NoCloud seed): boot script done, unit enabled and active', async () => {
  const status = await proxy.exec(['cloud-init', 'status', '--wait', '--long'], { timeoutMs: 120_000 });
  assert.match(status.stdout, /status: done/, `${status.stdout}${status.stderr}`);
  assert.not.match(status.stdout, /errors:\s*\n\s*-|Failed to run module/, status.stdout);
  const output = proxy.read('/var/log/cloud-init-output.log') ?? '';
  assert.match(output, /fleetform: boot step: tunnel start/);
  assert.is((await proxy.exec(['systemctl', 'is-enabled', UNIT])).stdout.trim(), 'enabled');
  // The key came from the stubbed store, by reference, and nothing else was asked.
  assert.equal(awsCalls(proxy), ['aws ssm get-parameter --region ap-northeast-2 --with-decryption --name=/fftest/ssh/fwd --query Parameter.Value --output text']);
  const up = await poll(() => answers('/first'), 30_000, 200);
  assert.ok(up !== null, `the tunnel did not answer from ${NET.proxyFront}:8585${await context()}`);
});

test('the unit runs ssh as fleetform-tunnel with no capability, no new privileges, exposure <= 2.0', async () => {
  const pid = await mainPid();
  assert.ok(pid !== '0', 'no main pid');
  assert.is((await proxy.must(['ps', '-o', 'user:32=,comm=', '-p', pid])).trim().replace(/\s+/g, ' '), 'fleetform-tunnel ssh');
  const caps = await capabilities(proxy, pid);
  for (const set of ['CapInh', 'CapPrm', 'CapEff', 'CapBnd', 'CapAmb']) assert.is(caps[set], 0n, `${set} is ${caps[set]?.toString(16)}`);
  assert.is(caps.NoNewPrivs, 1n);
  const e = await exposure(proxy, UNIT);
  measured.push(`exposure ${UNIT} (port 8585): ${e.score}`);
  assert.ok(e.score <= 2.0, `exposure ${e.score} > 2.0\n${e.table}`);
  // From a non-loopback address, through the sandbox.
  assert.ok(await answers('/sandboxed'));
});

test('ssh killed: systemd restarts it and the tunnel answers again within RestartSec + 2 s', async () => {
  const restartSec = Number((await proxy.must(['systemctl', 'show', '-p', 'RestartUSec', '--value', UNIT])).trim().replace(/s$/, ''));
  assert.ok(restartSec > 0, 'RestartSec unreadable');
  const restartsBefore = Number((await proxy.must(['systemctl', 'show', '-p', 'NRestarts', '--value', UNIT])).trim());
  const r = await restartTimes(proxy, UNIT, (p) => answers(p));
  const bound = restartBound(restartSec);
  measured.push(`forward restart after kill: ${r.times.join(', ')} ms, median ${r.median} (RestartSec=${restartSec}s, bound ${bound.ms} ms at load ${bound.loadPerCpu}/CPU)`);
  assert.ok(r.median !== null && r.median <= bound.ms, `back after ${r.times.join(', ')} ms, bound ${bound.ms} ms${await context()}`);
  assert.is(Number((await proxy.must(['systemctl', 'show', '-p', 'NRestarts', '--value', UNIT])).trim()), restartsBefore + 3);
});

test('model server stopped: the health path fails through the proxy; started: it passes again', async () => {
  await stopModel();
  const down = await alb.get(url('/health'));
  assert.is.not(down.code, 200, `health answered ${down.code} with the model server down`);
  await startModel();
  const up = await poll(async () => (await alb.get(url('/health'))).code === 200, 15_000, 200);
  assert.ok(up !== null, `health did not recover${await context()}`);
});

test('a box presenting another host key is refused, the journal says why; the unit recovers by itself when the key is back', async () => {
  await startBoxSshd(keys.wrongBoxHost.file);
  await proxy.must(['kill', '-KILL', await mainPid()]);
  const refused = await poll(async () => /Host key verification failed/.test(await proxy.journal(UNIT)), 20_000, 300);
  assert.ok(refused !== null, `no "Host key verification failed" in the journal${await context()}`);
  assert.match(await proxy.journal(UNIT), /REMOTE HOST IDENTIFICATION HAS CHANGED|Host key for fleetform-fwd-1 has changed/);
  assert.is((await alb.get(url('/wrong-key'))).code, 0, 'something answered through a refused tunnel');
  // Retried for ever (StartLimitIntervalSec=0): the right key back, no one touches the unit.
  await startBoxSshd(keys.boxHost.file);
  const back = await poll(() => answers('/key-back'), 30_000, 200);
  measured.push(`forward recovery after the right host key is back: ${back} ms`);
  assert.ok(back !== null, `the unit did not recover${await context()}`);
});

test('reboot: the tunnel returns, the boot script does not run again', async () => {
  const bootLines = () => ((proxy.read('/var/log/cloud-init-output.log') ?? '').match(/fleetform: boot step: tunnel user/g) ?? []).length;
  assert.is(bootLines(), 1);
  const t0 = Date.now();
  await proxy.reboot();
  await proxy.exec(['cloud-init', 'status', '--wait'], { timeoutMs: 120_000 });
  const back = await poll(() => answers('/after-reboot'), 60_000, 200);
  measured.push(`forward tunnel back after reboot: ${back === null ? null : Date.now() - t0} ms from poweroff (poweroff ${proxy.lastReboot?.haltMs} ms, boot ${proxy.lastReboot?.bootMs} ms)`);
  assert.ok(back !== null, `no tunnel after the reboot${await context()}`);
  assert.is(bootLines(), 1, 'the boot script ran again');
  assert.is(awsCalls(proxy).length, 1, 'the key was fetched again');
});

test('a service port below 1024 (fwd-80, as a new instance): CAP_NET_BIND_SERVICE only, exposure <= 2.0, tunnel on port 80', async () => {
  // A new instance-id: cloud-init treats the next boot as a new instance and runs fwd-80's cloud-config.
  seed(proxy, 'i-0ff00000000000f80', files.get('hosts/fwd-80/proxy.cloud-config.yaml') ?? '');
  await proxy.reboot();
  const status = await proxy.exec(['cloud-init', 'status', '--wait'], { timeoutMs: 120_000 });
  assert.match(status.stdout, /status: done/, status.stdout + status.stderr);
  const up = await poll(() => answers('/web/low', 80), 30_000, 200);
  assert.ok(up !== null, `no tunnel on port 80${await context()}`);
  const pid = await mainPid();
  assert.is((await proxy.must(['ps', '-o', 'user:32=', '-p', pid])).trim(), 'fleetform-tunnel');
  const caps = await capabilities(proxy, pid);
  assert.is(caps.CapBnd, CAP_NET_BIND_SERVICE, `CapBnd ${caps.CapBnd.toString(16)}`);
  assert.is(caps.CapEff, CAP_NET_BIND_SERVICE, `CapEff ${caps.CapEff.toString(16)}`);
  assert.is(caps.CapAmb, CAP_NET_BIND_SERVICE);
  const e = await exposure(proxy, UNIT);
  measured.push(`exposure ${UNIT} (port 80): ${e.score}`);
  assert.ok(e.score <= 2.0, `exposure ${e.score} > 2.0\n${e.table}`);
});

test.run();
