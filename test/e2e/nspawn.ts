/**
 * Real systemd for the end-to-end tests: throw-away machines booted with
 * systemd-nspawn, systemd as PID 1, from this machine's own root file system
 * made read-only under an overlay whose upper layer is a tmpfs.
 *
 *   const m = await Machine.boot({ label: 'proxy', prepare: (m) => m.write('/etc/x', '...') });
 *   await m.exec(['systemctl', 'is-active', 'ssh.service']);
 *   m.write('/etc/x', 'content');          // into the upper layer, before or after boot
 *   await m.reboot();                       // same disk (upper layer kept), fresh boot
 *   await m.stop();                         // always, in a finally block
 *
 * How (systemd-nspawn(1)): `--boot --keep-unit --register=no --private-network`.
 * --keep-unit: the host's PID 1 is not systemd (a sandbox, a CI container), so
 * nspawn must not ask it for a scope; --register=no: no machined either. The
 * container is entered with `nsenter -a` on its PID 1 (`machinectl shell` and
 * `systemd-run --machine` need registration). Readiness: /run/systemd/private
 * exists inside, then `systemctl is-system-running --wait`.
 *
 * Isolation: each machine has its own network namespace with only `lo`
 * (--private-network); tests add veth links to namespaces they create
 * (HostNetns, link()), so traffic never leaves them. Names carry the pid and
 * a counter, so two test processes never collide. Everything is torn down by
 * stop() / close(), and also on process exit and SIGINT/SIGTERM.
 *
 * Writes inside the machine land in the tmpfs upper layer: the host's files
 * are never changed. /run and /tmp inside are the container's own tmpfs, not
 * visible through `root`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The repository root (this file runs from dist/test/e2e/). */
const CHECKOUT = path.resolve(__dirname, '..', '..', '..');

export interface ExecResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The environment commands get inside a machine: plain, uncoloured, unpaged. */
const MACHINE_ENV: NodeJS.ProcessEnv = {
  PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  LANG: 'C.UTF-8',
  TERM: 'dumb',
  SYSTEMD_PAGER: '',
  SYSTEMD_COLORS: '0',
  SYSTEMD_LOG_COLOR: '0',
};

/**
 * Units of this machine's image that a test machine does not need: they only
 * slow the boot (a database server, periodic jobs). Masked in the upper layer.
 */
const MASKED = [
  'postgresql.service',
  'postgresql@.service',
  'e2scrub_reap.service',
  'systemd-pstore.service',
  'apt-daily.timer',
  'apt-daily-upgrade.timer',
  'dpkg-db-backup.timer',
  'e2scrub_all.timer',
  'fstrim.timer',
  'man-db.timer',
  'console-getty.service',
];

// --- cleanup on every way out --------------------------------------------------
const live = new Set<{ destroy(): void }>();
let handlersInstalled = false;
function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', () => live.forEach((m) => m.destroy()));
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      live.forEach((m) => m.destroy());
      process.exit(128 + (os.constants.signals[sig] ?? 1));
    });
  }
}

let serial = 0;
/** A name unique to this process and call: `ff<pid>n<k>`, short enough for interface names. */
export function uniqueId(): string {
  return `ff${process.pid % 100000}n${serial++}`;
}

/** Fail (never skip) when nspawn is missing or we are not root: CI installs and runs as root. */
export function requireNspawn(): void {
  if (process.getuid?.() !== 0) throw new Error('the real-systemd tests boot containers with systemd-nspawn: run them as root (CI does)');
  for (const [cmd, pkg] of [['systemd-nspawn', 'systemd-container'], ['nsenter', 'util-linux'], ['ip', 'iproute2']]) {
    if (spawnSync('sh', ['-c', 'command -v "$1"', 'sh', cmd]).status !== 0) throw new Error(`${cmd} is not installed; install the Debian package ${pkg} (.ci/run does)`);
  }
  if (!fs.existsSync('/lib/systemd/systemd') && !fs.existsSync('/usr/lib/systemd/systemd')) throw new Error('systemd is not installed in this image; install the Debian package systemd (.ci/run does)');
}

/**
 * A `test.before` hook that says why set-up failed before failing: uvu does
 * not report a failing hook, so every test would fail with no reason given.
 */
export function reportingSetUp(setUp: () => Promise<void>): () => Promise<void> {
  return async () => {
    try {
      await setUp();
    } catch (err) {
      console.error(`set-up failed: ${err instanceof Error ? err.stack : err}`);
      throw err;
    }
  };
}

/** A unit's main pid in `machine`; throws when it has none ("0": `kill 0` would signal the test's own process group). */
export async function mainPidOf(machine: Machine, unit: string): Promise<string> {
  const pid = (await machine.must(['systemctl', 'show', '-p', 'MainPID', '--value', unit])).trim();
  if (!/^[1-9][0-9]*$/.test(pid)) throw new Error(`${unit} has no main process (MainPID=${pid})`);
  return pid;
}

function must(argv: string[], what = argv.join(' ')): string {
  const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', timeout: 30_000 });
  if (r.status !== 0) throw new Error(`${what} failed (${r.status ?? r.signal}): ${r.stderr}${r.error?.message ?? ''}`);
  return r.stdout;
}

/** Run a command to completion, asynchronously (timers keep running), killed after timeoutMs. */
export function runAsync(argv: string[], opts: { input?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<ExecResult> {
  return new Promise((resolve) => {
    // stdin is /dev/null unless there is input: node's pipes are sockets, and bash
    // reads ~/.bashrc when its stdin is a socket (it takes it for rshd).
    // detached: a process group of its own, so a stray `kill 0` inside cannot reach the test.
    const child = spawn(argv[0], argv.slice(1), { stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'], env: opts.env ?? process.env, detached: true });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d) => (stdout += d));
    child.stderr?.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      stderr += `\n[killed after ${opts.timeoutMs ?? 60_000} ms]`;
      child.kill('SIGKILL');
    }, opts.timeoutMs ?? 60_000);
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ status: null, stdout, stderr: stderr + String(err) });
    });
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
    child.stdin?.end(opts.input);
  });
}

/** Poll until `probe` is true or `ms` pass; the time taken, or null. */
export async function poll(probe: () => Promise<boolean> | boolean, ms: number, everyMs = 100): Promise<number | null> {
  const start = Date.now();
  for (;;) {
    if (await probe()) return Date.now() - start;
    if (Date.now() - start > ms) return null;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Pids of the direct children of `pid` (from /proc). */
function childrenOf(pid: number): { pid: number; comm: string }[] {
  const out: { pid: number; comm: string }[] = [];
  for (const e of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const m = /^\d+ \((.*)\) \S+ (\d+)/.exec(fs.readFileSync(`/proc/${e}/stat`, 'utf8'));
      if (m && Number(m[2]) === pid) out.push({ pid: Number(e), comm: m[1] });
    } catch {
      /* exited meanwhile */
    }
  }
  return out;
}

/** The descendant of `pid` that is PID 1 of a PID namespace of its own, or null. */
function containerInit(pid: number, depth = 0): number | null {
  for (const c of childrenOf(pid)) {
    try {
      const nspid = /^NSpid:\s+(.*)$/m.exec(fs.readFileSync(`/proc/${c.pid}/status`, 'utf8'))?.[1].trim().split(/\s+/);
      if (nspid && nspid.length > 1 && nspid[nspid.length - 1] === '1') return c.pid;
    } catch {
      continue;
    }
    const deeper = depth < 3 ? containerInit(c.pid, depth + 1) : null;
    if (deeper !== null) return deeper;
  }
  return null;
}

function isMounted(dir: string): boolean {
  return fs.readFileSync('/proc/self/mountinfo', 'utf8').split('\n').some((l) => l.split(' ')[4] === dir);
}

export interface BootOptions {
  /** Short word for names and messages ("proxy", "box"). */
  label: string;
  /**
   * Called before the first boot with the machine (not yet running): write
   * seeds, stubs and configuration with m.write / m.symlink, or under m.root.
   */
  prepare?: (m: Machine) => void;
  /** How long the boot may take until `is-system-running` answers. Default 90 s. */
  timeoutMs?: number;
}

export class Machine {
  /** Host path of the machine's disk (the merged overlay). */
  readonly root: string;
  /** The container name nspawn uses (hostname inside). */
  readonly name: string;
  private readonly dir: string;
  private nspawn: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  private consoleLog = '';
  /** PID (in this machine's namespace) of the container's systemd. */
  leader = 0;
  /** Boots so far. */
  boots = 0;
  /** Steps run after every boot (re-creating links the reboot destroyed). */
  private afterBoot: (() => Promise<void> | void)[] = [];
  private destroyed = false;

  private constructor(readonly label: string) {
    installHandlers();
    this.name = `${uniqueId()}${label.replace(/[^a-z0-9]/g, '').slice(0, 8)}`;
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), `${this.name}-`));
    this.root = path.join(this.dir, 'root');
    live.add(this);
  }

  /** Make the overlay, let the test prepare it, boot, wait until systemd is up. */
  static async boot(opts: BootOptions): Promise<Machine> {
    requireNspawn();
    const m = new Machine(opts.label);
    try {
      const upper = path.join(m.dir, 'upper');
      fs.mkdirSync(upper);
      fs.mkdirSync(m.root);
      // The upper layer is a tmpfs: nothing a test machine writes reaches the disk.
      must(['mount', '-t', 'tmpfs', '-o', 'mode=0755,size=2g', 'tmpfs', upper]);
      fs.mkdirSync(path.join(upper, 'data'));
      fs.mkdirSync(path.join(upper, 'work'));
      must(['mount', '-t', 'overlay', 'overlay', '-o', `lowerdir=/,upperdir=${upper}/data,workdir=${upper}/work`, m.root]);
      for (const unit of MASKED) m.symlink('/dev/null', `/etc/systemd/system/${unit}`);
      // A machine id of its own: nspawn refuses to link journals of equal ids, and
      // cloud-init and the journal tell machines apart by it.
      m.write('/etc/machine-id', `${crypto.randomBytes(16).toString('hex')}\n`, 0o444);
      opts.prepare?.(m);
      await m.start(opts.timeoutMs ?? 90_000);
      return m;
    } catch (err) {
      await m.stop();
      throw err;
    }
  }

  /** Run once now and after every later boot (e.g. network links, which die with the machine's namespace). */
  async onBoot(step: () => Promise<void> | void): Promise<void> {
    this.afterBoot.push(step);
    await step();
  }

  private async start(timeoutMs: number): Promise<void> {
    // The checkout is bound read-only at its own path: the machine's /tmp is
    // its own tmpfs, so a checkout under /tmp (CI clones anywhere) would
    // otherwise vanish inside it, and tests run scripts from dist/ there.
    const argv = ['systemd-nspawn', '--boot', '--keep-unit', '--register=no', '--private-network', `--machine=${this.name}`, `--directory=${this.root}`, `--bind-ro=${CHECKOUT}`];
    const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SYSTEMD_COLORS: '0' } });
    this.nspawn = child;
    this.boots++;
    const keep = (d: Buffer) => {
      this.consoleLog = (this.consoleLog + d.toString()).slice(-64 * 1024);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => child.on('exit', () => resolve()));
    let gone = false;
    void this.exited.then(() => (gone = true));
    // PID 1 of the container: a descendant of nspawn whose pid in its own
    // namespace is 1 (NSpid in /proc/<pid>/status), once its manager socket exists.
    const found = await poll(() => {
      if (gone || !child.pid) return true;
      const init = containerInit(child.pid);
      if (init !== null && fs.existsSync(`/proc/${init}/root/run/systemd/private`)) {
        this.leader = init;
        return true;
      }
      return false;
    }, timeoutMs, 100);
    if (gone || found === null || !this.leader) throw new Error(`machine ${this.name} did not boot (nspawn ${gone ? 'exited' : 'timed out'})\n${this.consoleLog}`);
    const ready = await this.exec(['systemctl', 'is-system-running', '--wait'], { timeoutMs });
    const state = ready.stdout.trim();
    // "degraded": some unit of this image failed; the tests check their own units.
    if (state !== 'running' && state !== 'degraded') throw new Error(`machine ${this.name}: systemctl is-system-running said '${state}'\n${ready.stderr}\n${this.consoleLog}`);
    for (const step of this.afterBoot) await step();
  }

  /** Run argv inside the machine (all its namespaces, its root), as root. */
  exec(argv: string[], opts: { input?: string; timeoutMs?: number } = {}): Promise<ExecResult> {
    if (!this.leader) return Promise.resolve({ status: null, stdout: '', stderr: `machine ${this.name} is not running` });
    return runAsync(['nsenter', '-t', String(this.leader), '-a', '--', ...argv], { ...opts, env: MACHINE_ENV });
  }

  /** A bash script inside the machine. */
  sh(script: string, opts: { input?: string; timeoutMs?: number } = {}): Promise<ExecResult> {
    return this.exec(['bash', '-c', script], opts);
  }

  /** Like exec, but throws with the output when the exit status is not 0. */
  async must(argv: string[], opts: { input?: string; timeoutMs?: number } = {}): Promise<string> {
    const r = await this.exec(argv, opts);
    if (r.status !== 0) throw new Error(`in ${this.label} (${this.name}): ${argv.join(' ')} exited ${r.status}\n${r.stdout}${r.stderr}`);
    return r.stdout;
  }

  /** The journal (of one unit, or all), plain text. */
  async journal(unit?: string, extra: string[] = []): Promise<string> {
    const r = await this.exec(['journalctl', '--no-pager', '-o', 'short-monotonic', ...(unit ? ['-u', unit] : []), ...extra]);
    return r.stdout + r.stderr;
  }

  /** Host path of a file on the machine's disk (not for /run or /tmp, which are the machine's own tmpfs). */
  path(p: string): string {
    if (!p.startsWith('/')) throw new Error(`absolute path expected: ${p}`);
    return path.join(this.root, p);
  }

  /** Write a file on the machine's disk (the upper layer), making its folders. */
  write(p: string, content: string, mode = 0o644): void {
    const file = this.path(p);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content, { mode });
    fs.chmodSync(file, mode);
  }

  read(p: string): string | null {
    try {
      return fs.readFileSync(this.path(p), 'utf8');
    } catch {
      return null;
    }
  }

  symlink(target: string, p: string): void {
    const file = this.path(p);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.rmSync(file, { force: true });
    fs.symlinkSync(target, file);
  }

  /** The console output so far (the last 64 KiB), for failure messages. */
  console(): string {
    return this.consoleLog;
  }

  /** /proc path of the machine's network namespace (for `ip link ... netns`). */
  netns(): string {
    return `/proc/${this.leader}/ns/net`;
  }

  /** Shut down cleanly (systemd-nspawn turns SIGTERM into a poweroff), then boot again on the same disk. */
  async reboot(timeoutMs = 90_000): Promise<void> {
    const t0 = Date.now();
    await this.halt();
    this.lastReboot = { haltMs: Date.now() - t0, bootMs: 0 };
    const t1 = Date.now();
    await this.start(timeoutMs);
    this.lastReboot.bootMs = Date.now() - t1;
  }

  /** How long the last reboot's poweroff and boot took (ms). */
  lastReboot: { haltMs: number; bootMs: number } | null = null;

  /** Power off; force after 20 s. */
  private async halt(): Promise<void> {
    const child = this.nspawn;
    if (!child || child.exitCode !== null || child.signalCode !== null) {
      this.leader = 0;
      return;
    }
    child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const done = await Promise.race([this.exited.then(() => true), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), 20_000)))]);
    clearTimeout(timer);
    if (!done) {
      this.killNow();
      await this.exited;
    }
    this.leader = 0;
    this.nspawn = null;
  }

  private killNow(): void {
    // Killing PID 1 of the container ends every process in its PID namespace.
    if (this.leader) {
      try {
        process.kill(this.leader, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    try {
      this.nspawn?.kill('SIGKILL');
    } catch {
      /* gone */
    }
  }

  /** Power off and remove the overlay. Always call it (finally). */
  async stop(): Promise<void> {
    await this.halt();
    this.destroy();
  }

  /** Synchronous teardown, for exit handlers: kill, unmount, remove the (empty) folders. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    live.delete(this);
    this.killNow();
    const upper = path.join(this.dir, 'upper');
    for (const dir of [this.root, upper]) {
      if (isMounted(dir)) spawnSync('umount', [dir]);
      if (isMounted(dir)) spawnSync('umount', ['-l', dir]);
    }
    // Never a recursive delete: were an unmount to fail, it would reach into the host's files.
    // nspawn leaves its lock file (.#root.lck) beside the root.
    fs.rmSync(path.join(this.dir, '.#root.lck'), { force: true });
    for (const dir of [this.root, upper, this.dir]) {
      try {
        fs.rmdirSync(dir);
      } catch {
        /* still mounted or not empty: leave it rather than risk the host's files */
      }
    }
  }
}

/**
 * A network namespace on the host (a "load balancer" or a "box" next to a
 * machine), with processes started in it and killed by close().
 */
export class HostNetns {
  readonly name: string;
  private procs = new Set<ChildProcess>();
  private closed = false;

  constructor(label: string) {
    installHandlers();
    this.name = `${uniqueId()}${label.slice(0, 4)}`;
    must(['ip', 'netns', 'add', this.name]);
    live.add(this);
    must(['ip', '-n', this.name, 'link', 'set', 'lo', 'up']);
  }

  argv(argv: string[]): string[] {
    return ['ip', 'netns', 'exec', this.name, ...argv];
  }

  run(argv: string[], opts: { timeoutMs?: number } = {}): Promise<ExecResult> {
    return runAsync(this.argv(argv), opts);
  }

  /** A long-running process in the namespace; output collected; killed by close(). */
  spawn(argv: string[]): { child: ChildProcess; log: () => string; exited: Promise<number | null> } {
    const full = this.argv(argv);
    const child = spawn(full[0], full.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    this.procs.add(child);
    let log = '';
    child.stdout?.on('data', (d) => (log = (log + d).slice(-64 * 1024)));
    child.stderr?.on('data', (d) => (log = (log + d).slice(-64 * 1024)));
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => {
        this.procs.delete(child);
        resolve(code);
      }),
    );
    return { child, log: () => log, exited };
  }

  /** An HTTP GET from here: status (0 when nothing answers) and body. */
  async get(url: string, maxTimeS = 3): Promise<{ code: number; body: string }> {
    const r = await this.run(['curl', '--silent', '--max-time', String(maxTimeS), '--output', '-', '--write-out', '\n%{http_code}', url], { timeoutMs: (maxTimeS + 5) * 1000 });
    const i = r.stdout.lastIndexOf('\n');
    return { code: Number(r.stdout.slice(i + 1)) || 0, body: r.stdout.slice(0, i) };
  }

  destroy(): void {
    if (this.closed) return;
    this.closed = true;
    live.delete(this);
    for (const c of this.procs) {
      try {
        c.kill('SIGKILL');
      } catch {
        /* gone */
      }
    }
    spawnSync('ip', ['netns', 'del', this.name]);
  }
}

/** One end of a link: a machine (its namespace) or a host namespace. */
export type End = Machine | HostNetns;

async function inEnd(end: End, argv: string[]): Promise<void> {
  const r = end instanceof Machine ? await runAsync(['nsenter', '-t', String(end.leader), '-n', '--', ...argv]) : await runAsync(['ip', 'netns', 'exec', end.name, ...argv]);
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed: ${r.stderr}`);
}

/**
 * Join two namespaces with a veth pair, created straight inside them (no
 * interface ever exists in the host's namespace), and address both ends:
 * link(a, '10.231.1.1/24', b, '10.231.1.2/24', 'lb').
 */
export async function link(a: End, aCidr: string, b: End, bCidr: string, ifname: string): Promise<void> {
  const where = (e: End) => (e instanceof Machine ? String(e.leader) : e.name);
  must(['ip', 'link', 'add', `${ifname}0`, 'netns', where(a), 'type', 'veth', 'peer', 'name', `${ifname}1`, 'netns', where(b)]);
  await inEnd(a, ['ip', 'addr', 'add', aCidr, 'dev', `${ifname}0`]);
  await inEnd(a, ['ip', 'link', 'set', `${ifname}0`, 'up']);
  await inEnd(b, ['ip', 'addr', 'add', bCidr, 'dev', `${ifname}1`]);
  await inEnd(b, ['ip', 'link', 'set', `${ifname}1`, 'up']);
}
