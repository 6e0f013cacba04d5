/**
 * A throw-away network for the tunnel end-to-end tests and the tunnel bench:
 * three network namespaces joined by veth pairs,
 *
 *   alb (10.231.1.1) --- (10.231.1.2) proxy (10.231.2.1) --- (10.231.2.2) box
 *
 * so a request from the "load balancer" reaches the proxy on a real interface
 * and the tunnel crosses a real link. Where namespaces cannot be created, every
 * role shares the loopback interface instead (`netns: false`). Traffic never
 * leaves loopback or these namespaces.
 *
 * Everything a lab starts or creates is torn down by close(): on success, on
 * a failed assertion, and on SIGINT/SIGTERM or process exit (handlers below).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export type Role = 'alb' | 'proxy' | 'box';

const open = new Set<Lab>();
let handlersInstalled = false;
function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', () => open.forEach((l) => l.close()));
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      open.forEach((l) => l.close());
      process.exit(128 + (os.constants.signals[sig] ?? 1));
    });
  }
}

let serial = 0;

export interface Proc {
  child: ChildProcess;
  /** stdout and stderr so far, for failure messages. */
  log: () => string;
  exited: Promise<number | null>;
}

export class Lab {
  readonly dir: string;
  readonly netns: boolean;
  /** Namespace per role; null on loopback. */
  readonly ns: Record<Role, string | null>;
  /** Addresses: the proxy as the ALB sees it, the proxy as the box sees it, the box. */
  readonly addr: { proxyFront: string; proxyBack: string; box: string };
  private procs = new Set<ChildProcess>();
  private cleanups: (() => void)[] = [];
  private closed = false;

  private constructor(netns: boolean, id: string) {
    installHandlers();
    open.add(this);
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), `${id}-`));
    // sshd reads authorized_keys as the login user (nobody): it must traverse the folder.
    fs.chmodSync(this.dir, 0o755);
    this.netns = netns;
    this.ns = netns ? { alb: `${id}a`, proxy: `${id}p`, box: `${id}b` } : { alb: null, proxy: null, box: null };
    this.addr = netns ? { proxyFront: '10.231.1.2', proxyBack: '10.231.2.1', box: '10.231.2.2' } : { proxyFront: '127.0.0.1', proxyBack: '127.0.0.1', box: '127.0.0.1' };
  }

  /** A lab in fresh namespaces, or on loopback if `ip netns add` is refused. */
  static create(opts: { forceLoopback?: boolean } = {}): Lab {
    if (process.getuid?.() !== 0) throw new Error('the tunnel end-to-end tests run sshd for another user and create network namespaces: run them as root (CI does)');
    for (const [cmd, pkg] of [['sshd', 'openssh-server'], ['ssh', 'openssh-client'], ['ssh-keygen', 'openssh-client'], ['curl', 'curl'], ['ip', 'iproute2']]) {
      if (spawnSync('sh', ['-c', 'command -v "$1" || test -x "/usr/sbin/$1"', 'sh', cmd]).status !== 0) throw new Error(`${cmd} is not installed; install the Debian package ${pkg} (.ci/run does)`);
    }
    const id = `ff${process.pid % 100000}x${serial++}`;
    let netns = !opts.forceLoopback;
    if (netns) {
      const probe = spawnSync('ip', ['netns', 'add', `${id}a`], { encoding: 'utf8' });
      if (probe.status !== 0) netns = false;
      else spawnSync('ip', ['netns', 'del', `${id}a`]);
    }
    const lab = new Lab(netns, id);
    try {
      if (netns) lab.wire();
      // sshd refuses to start without its privilege separation directory.
      fs.mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
    } catch (err) {
      lab.close();
      throw err;
    }
    return lab;
  }

  private wire(): void {
    const { alb, proxy, box } = this.ns as Record<Role, string>;
    for (const ns of [alb, proxy, box]) {
      this.must(['ip', 'netns', 'add', ns]);
      this.cleanups.push(() => spawnSync('ip', ['netns', 'del', ns]));
      this.must(['ip', '-n', ns, 'link', 'set', 'lo', 'up']);
    }
    // veth ends are created straight inside their namespaces: no names in the host's.
    this.must(['ip', 'link', 'add', 'a0', 'netns', alb, 'type', 'veth', 'peer', 'name', 'p0', 'netns', proxy]);
    this.must(['ip', 'link', 'add', 'p1', 'netns', proxy, 'type', 'veth', 'peer', 'name', 'b0', 'netns', box]);
    for (const [ns, dev, cidr] of [[alb, 'a0', '10.231.1.1/24'], [proxy, 'p0', '10.231.1.2/24'], [proxy, 'p1', '10.231.2.1/24'], [box, 'b0', '10.231.2.2/24']]) {
      this.must(['ip', '-n', ns, 'addr', 'add', cidr, 'dev', dev]);
      this.must(['ip', '-n', ns, 'link', 'set', dev, 'up']);
    }
  }

  private must(argv: string[]): void {
    const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${argv.join(' ')} failed: ${r.stderr}`);
  }

  /** argv run inside a role's namespace. */
  argv(role: Role, argv: string[]): string[] {
    const ns = this.ns[role];
    return ns ? ['ip', 'netns', 'exec', ns, ...argv] : argv;
  }

  /** Start a long-running process in a role's namespace; killed by close(). */
  spawn(role: Role, argv: string[], opts: { env?: NodeJS.ProcessEnv } = {}): Proc {
    const full = this.argv(role, argv);
    const child = spawn(full[0], full.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], env: opts.env ?? process.env });
    this.procs.add(child);
    let log = '';
    child.stdout?.on('data', (d) => (log += d));
    child.stderr?.on('data', (d) => (log += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => { this.procs.delete(child); resolve(code); }));
    return { child, log: () => log, exited };
  }

  /** Run to completion in a role's namespace (async, so timers keep running). */
  run(role: Role, argv: string[], timeoutMs = 30_000): Promise<{ status: number | null; stdout: string; stderr: string }> {
    const p = this.spawn(role, argv);
    let stdout = '';
    let stderr = '';
    p.child.stdout?.on('data', (d) => (stdout += d));
    p.child.stderr?.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => p.child.kill('SIGKILL'), timeoutMs);
    return p.exited.then((status) => {
      clearTimeout(timer);
      return { status, stdout, stderr };
    });
  }

  /** An HTTP GET from the load balancer's side: status code (0 when no answer) and body. */
  async get(url: string): Promise<{ code: number; body: string }> {
    const r = await this.run('alb', ['curl', '--silent', '--max-time', '3', '--output', '-', '--write-out', '\n%{http_code}', url], 10_000);
    const i = r.stdout.lastIndexOf('\n');
    return { code: Number(r.stdout.slice(i + 1)) || 0, body: r.stdout.slice(0, i) };
  }

  /** Register a synchronous cleanup step, run by close() in reverse order. */
  onClose(f: () => void): void {
    this.cleanups.push(f);
  }

  /** Kill everything, delete the namespaces and the folder. Idempotent and synchronous. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    open.delete(this);
    for (const c of this.procs) {
      try {
        c.kill('SIGKILL');
      } catch {
        /* already gone */
      }
    }
    for (const f of this.cleanups.reverse()) {
      try {
        f();
      } catch {
        /* best effort: the next step must still run */
      }
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Poll `probe` every `everyMs` until it returns true or `ms` pass; returns the time taken, or null. */
export async function until(probe: () => Promise<boolean> | boolean, ms: number, everyMs = 100): Promise<number | null> {
  const start = Date.now();
  for (;;) {
    if (await probe()) return Date.now() - start;
    if (Date.now() - start > ms) return null;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Resolve once `p`'s output matches, or reject after `ms`. */
export async function waitForOutput(p: Proc, re: RegExp, ms: number, what: string): Promise<void> {
  const t = await until(() => re.test(p.log()), ms, 50);
  if (t === null) throw new Error(`${what} did not report ${re} within ${ms} ms:\n${p.log()}`);
}

/** ssh-keygen an ed25519 pair; returns the public line. */
export function keygen(file: string, comment: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const r = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ssh-keygen: ${r.stderr}`);
  return fs.readFileSync(`${file}.pub`, 'utf8').trim();
}

/** Children of a process, from /proc (pgrep is not needed). */
export function childrenOf(pid: number, comm?: string): number[] {
  const out: number[] = [];
  for (const e of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${e}/stat`, 'utf8');
      const m = /^\d+ \((.*)\) \S+ (\d+)/.exec(stat);
      if (m && Number(m[2]) === pid && (comm === undefined || m[1] === comm)) out.push(Number(e));
    } catch {
      /* exited meanwhile */
    }
  }
  return out;
}
