/**
 * The two tunnel set-ups, built from generated files only, with their paths
 * pointed into the lab's folder:
 *
 * forward: sshd on the box (its host key pinned in the proxy's generated
 *   known_hosts), the proxy's generated unit run by UnitRunner.
 * reverse: sshd on the proxy with the generated drop-in and authorized_keys
 *   line (its host key pinned by the installer), the generated
 *   install-tunnel.sh run on the box with --root, supervising by loop.
 *
 * Both expose the same handles, so the fault tests and the bench treat them
 * alike.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { renderProvisioning } from '../../compiler/emit/provision/index';
import { type Artifact, artifacts } from '../emit/provision/artifacts';
import type { Fleet } from '../../compiler/model/fleet';
import { fleet } from '../emit/provision/fixture';
import { childrenOf, keygen, type Lab, type Proc, until, waitForOutput } from './lab';
import { parseUnit, UnitRunner } from './unit-runner';

const MODEL_SERVER = path.join(__dirname, 'model-server.js');

export interface Tunnel {
  direction: 'forward' | 'reverse';
  /** URL of the proxy's service port, as the load balancer calls it. */
  url: (p: string) => string;
  /** The model server directly, from inside the box (loopback there). */
  directUrl: (p: string) => string;
  /** Pid of the ssh process carrying the tunnel right now, or null. */
  sshPid: () => number | null;
  startModel: () => Promise<void>;
  stopModel: () => Promise<void>;
  /** Everything logged so far, for failure messages. */
  log: () => string;
  /** What provisioning wrote for this host (cloud-config and the files in it). */
  files: Artifact[];
  /** Reverse only: the installer on the box, to re-run or uninstall. */
  installer?: {
    root: string;
    rerun: () => Promise<{ status: number | null; stdout: string; stderr: string }>;
    uninstall: () => Promise<{ status: number | null; stdout: string; stderr: string }>;
    /** Pid of the running restart loop, or null. */
    loopPid: () => number | null;
    /** Dial the proxy with the box's key from `role`, asking for `-R spec`; resolves when ssh exits. */
    dial: (role: 'alb' | 'box', spec: string) => Promise<{ status: number | null; stdout: string; stderr: string }>;
  };
}

/** Ports: fixed inside namespaces; on shared loopback, free ones of this machine. */
async function ports(lab: Lab): Promise<{ model: number; ssh: number; service: number }> {
  if (lab.netns) return { model: 9000, ssh: 2222, service: 8585 };
  const free = (): Promise<number> =>
    new Promise((resolve, reject) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const port = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(port));
      });
      s.on('error', reject);
    });
  return { model: await free(), ssh: await free(), service: await free() };
}

function write(file: string, content: string, mode = 0o644): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content, { mode });
  fs.chmodSync(file, mode);
}

/** The model server, restartable (the fault tests stop and start it). */
function modelControl(lab: Lab, port: number) {
  let proc: Proc | null = null;
  let history = '';
  return {
    async start(): Promise<void> {
      proc = lab.spawn('box', [process.execPath, MODEL_SERVER, String(port)]);
      await waitForOutput(proc, /listening/, 10_000, 'the model server');
    },
    async stop(): Promise<void> {
      if (!proc) return;
      const p = proc;
      proc = null;
      p.child.kill('SIGKILL');
      await p.exited;
      history += p.log();
    },
    log: () => history + (proc?.log() ?? ''),
  };
}

async function startSshd(lab: Lab, role: 'box' | 'proxy', config: string, file: string): Promise<Proc> {
  write(file, config, 0o600);
  const sshd = lab.spawn(role, ['/usr/sbin/sshd', '-D', '-e', '-f', file]);
  await waitForOutput(sshd, /Server listening on/, 10_000, `sshd on the ${role}`);
  return sshd;
}

/** sshd settings the test needs that a real machine has elsewhere. */
function sshdBase(dir: string, listen: string, port: number, hostKey: string): string {
  return [
    `Port ${port}`,
    `ListenAddress ${listen}`,
    `HostKey ${hostKey}`,
    `PidFile ${dir}/sshd.pid`,
    // No PAM stack for a throw-away sshd; accounts are checked by sshd itself.
    'UsePAM no',
    // The lab's folder lives under /tmp (mode 1777), which StrictModes rejects as a parent.
    'StrictModes no',
    'LogLevel VERBOSE',
    '',
  ].join('\n');
}

/** Extra changes to the fixture fleet a scenario renders (e.g. monitoring). */
export type FleetTweak = (f: Fleet) => void;

export async function forwardTunnel(lab: Lab, tweak: FleetTweak = () => {}): Promise<Tunnel> {
  const p = await ports(lab);
  const box = path.join(lab.dir, 'box');
  const proxyRoot = path.join(lab.dir, 'proxy');
  const boxHostPub = keygen(path.join(box, 'hostkey'), 'box');
  const proxyKeyFile = path.join(lab.dir, 'proxy-client-key');
  const proxyPub = keygen(proxyKeyFile, 'proxy');

  const f = fleet((x) => {
    const h = x.hosts[0];
    if (h.tunnel.direction !== 'forward') throw new Error('fixture host 0 is forward');
    Object.assign(h.tunnel, { address: lab.addr.box, sshPort: p.ssh, user: 'nobody', hostKey: boxHostPub });
    h.modelPort = p.model;
    h.servicePort = p.service;
    tweak(x);
  });
  const all = artifacts(renderProvisioning(f).files.filter((o) => o.path.startsWith('hosts/v100-1/')));
  const find = (q: string) => all.find((a) => a.path === q)?.content ?? '';
  const pointed = (s: string) => s.split('/etc/fleetform/tunnel/').join(`${proxyRoot}/etc/fleetform/tunnel/`);
  // What cloud-init writes, and the key the boot script would fetch.
  write(`${proxyRoot}/etc/fleetform/tunnel/known_hosts`, find('/etc/fleetform/tunnel/known_hosts'));
  write(`${proxyRoot}/etc/fleetform/tunnel/id_key`, fs.readFileSync(proxyKeyFile, 'utf8'), 0o600);

  const model = modelControl(lab, p.model);
  await model.start();
  write(`${box}/authorized_keys/nobody`, `${proxyPub}\n`);
  const cfg = sshdBase(box, lab.addr.box, p.ssh, `${box}/hostkey`) + ['PasswordAuthentication no', `AuthorizedKeysFile ${box}/authorized_keys/%u`, ''].join('\n');
  const sshd = await startSshd(lab, 'box', cfg, `${box}/sshd_config`);

  const unit = parseUnit(pointed(find('/etc/systemd/system/fleetform-tunnel.service')));
  const runner = new UnitRunner(lab, 'proxy', unit);
  lab.onClose(() => runner.stop());
  runner.start();
  const t: Tunnel = {
    direction: 'forward',
    url: (q) => `http://${lab.addr.proxyFront}:${p.service}${q}`,
    directUrl: (q) => `http://127.0.0.1:${p.model}${q}`,
    sshPid: () => runner.pid(),
    startModel: () => model.start(),
    stopModel: () => model.stop(),
    log: () => `== tunnel unit\n${runner.log()}\n== sshd (box)\n${sshd.log()}\n== model\n${model.log()}`,
    files: all,
  };
  await tunnelUp(lab, t);
  return t;
}

export async function reverseTunnel(lab: Lab, tweak: FleetTweak = () => {}): Promise<Tunnel> {
  const p = await ports(lab);
  const proxy = path.join(lab.dir, 'proxy');
  const boxRoot = path.join(lab.dir, 'boxroot');
  // The proxy's host key: what the boot script installs from the secret store.
  const proxyHostPub = keygen(path.join(proxy, 'ssh_host_ed25519_key'), 'proxy');
  const boxKeyFile = path.join(lab.dir, 'box-key');
  const boxPub = keygen(boxKeyFile, 'box');

  const f = fleet((x) => {
    const h = x.hosts[1];
    if (h.tunnel.direction !== 'reverse') throw new Error('fixture host 1 is reverse');
    Object.assign(h.tunnel, { user: 'nobody', authorizedKey: boxPub, proxyHostPublicKey: proxyHostPub, dialsFrom: `${lab.addr.box}/32` });
    h.modelPort = p.model;
    h.servicePort = p.service;
    tweak(x);
  });
  const files = renderProvisioning(f).files.filter((o) => o.path.startsWith('hosts/a100-1/'));
  const all = artifacts(files);
  const find = (q: string) => all.find((a) => a.path === q)?.content ?? '';
  const pointed = (s: string) => s.split('/etc/ssh/fleetform/').join(`${proxy}/etc/ssh/fleetform/`);
  write(`${proxy}/etc/ssh/fleetform/authorized_keys/nobody`, find('/etc/ssh/fleetform/authorized_keys/nobody'));
  write(`${proxy}/40-fleetform-tunnel.conf`, pointed(find('/etc/ssh/sshd_config.d/40-fleetform-tunnel.conf')), 0o600);
  // The generated drop-in is included last, after what a real sshd_config provides.
  // In namespaces sshd listens on every interface of the proxy, so the ALB side can try it too (and be refused by from=).
  const cfg = sshdBase(proxy, lab.netns ? '0.0.0.0' : '127.0.0.1', p.ssh, `${proxy}/ssh_host_ed25519_key`) + `Include ${proxy}/40-fleetform-tunnel.conf\n`;
  const sshd = await startSshd(lab, 'proxy', cfg, `${proxy}/sshd_config`);

  const model = modelControl(lab, p.model);
  await model.start();

  const installer = path.join(lab.dir, 'install-tunnel.sh');
  write(installer, files.find((o) => o.path.endsWith('install-tunnel.sh'))?.content ?? '', 0o755);
  const pidFile = path.join(boxRoot, 'run', 'fleetform-tunnel-a100-1.pid');
  // Whatever happens, the loop (its own session, so its own process group) dies with the lab.
  lab.onClose(() => {
    try {
      process.kill(-Number(fs.readFileSync(pidFile, 'utf8')), 'SIGKILL');
    } catch {
      /* not started, or gone */
    }
  });
  const args = ['--proxy', lab.addr.proxyBack, '--proxy-port', String(p.ssh), '--identity', boxKeyFile, '--root', boxRoot, '--supervisor', 'loop'];
  const install = await lab.run('box', ['bash', installer, ...args]);
  if (install.status !== 0) throw new Error(`install-tunnel.sh exited ${install.status}:\n${install.stdout}${install.stderr}`);
  const loopPid = (): number | null => {
    try {
      const pid = Number(fs.readFileSync(pidFile, 'utf8'));
      process.kill(pid, 0);
      return pid;
    } catch {
      return null;
    }
  };
  const logFile = path.join(boxRoot, 'var', 'log', 'fleetform-tunnel-a100-1.log');
  const t: Tunnel = {
    direction: 'reverse',
    url: (q) => `http://${lab.addr.proxyFront}:${p.service}${q}`,
    directUrl: (q) => `http://127.0.0.1:${p.model}${q}`,
    sshPid: () => {
      const loop = loopPid();
      return loop === null ? null : (childrenOf(loop, 'ssh')[0] ?? null);
    },
    startModel: () => model.start(),
    stopModel: () => model.stop(),
    installer: {
      root: boxRoot,
      rerun: () => lab.run('box', ['bash', installer, ...args]),
      uninstall: () => lab.run('box', ['bash', installer, '--uninstall', '--root', boxRoot]),
      loopPid,
      dial: (role, spec) => {
        const to = role === 'alb' ? lab.addr.proxyFront : lab.addr.proxyBack;
        const known = path.join(boxRoot, 'etc', 'fleetform', 'tunnel-a100-1', 'known_hosts');
        return lab.run(role, ['ssh', '-N', '-o', 'BatchMode=yes', '-o', 'ExitOnForwardFailure=yes', '-o', 'ConnectTimeout=5', '-o', `UserKnownHostsFile=${known}`, '-o', 'HostKeyAlias=fleetform-a100-1', '-o', 'StrictHostKeyChecking=yes', '-o', 'IdentitiesOnly=yes', '-i', boxKeyFile, '-p', String(p.ssh), '-R', spec, `nobody@${to}`], 20_000);
      },
    },
    log: () => `== installer\n${install.stdout}${install.stderr}\n== loop log\n${fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : ''}\n== sshd (proxy)\n${sshd.log()}\n== model\n${model.log()}`,
    files: all,
  };
  await tunnelUp(lab, t);
  return t;
}

async function tunnelUp(lab: Lab, t: Tunnel): Promise<void> {
  const ms = await until(async () => (await lab.get(t.url('/up'))).body === 'model:/up', 15_000, 200);
  if (ms === null) throw new Error(`the ${t.direction} tunnel did not come up within 15 s\n${t.log()}`);
}
