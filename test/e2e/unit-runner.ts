/**
 * Runs a generated systemd unit's ExecStart the way systemd would keep it up,
 * for sandboxes where systemd is not PID 1 (this one, most CI containers):
 * Restart=always restarts the command RestartSec after every exit, until
 * stop(). Only what the generated units use is supported (Type=simple,
 * ExecStart without quoting, Restart=always, RestartSec in seconds); anything
 * else is refused rather than approximated. User= is not applied: the
 * process runs as the test's user (root).
 */
import type { Lab, Proc, Role } from './lab';

export interface ParsedUnit {
  argv: string[];
  restart: string;
  restartSec: number;
}

export function parseUnit(text: string): ParsedUnit {
  // Join continuation lines, drop comments.
  const lines = text.replace(/\\\n/g, ' ').split('\n').filter((l) => !/^\s*[#;]/.test(l));
  const get = (key: string): string | undefined => lines.find((l) => l.startsWith(`${key}=`))?.slice(key.length + 1).trim();
  const exec = get('ExecStart');
  if (!exec) throw new Error('unit has no ExecStart');
  if (/["'%$]/.test(exec)) throw new Error(`ExecStart needs systemd quoting or specifiers this runner does not implement: ${exec}`);
  const type = get('Type') ?? 'simple';
  if (type !== 'simple') throw new Error(`Type=${type} is not supported`);
  const restart = get('Restart') ?? 'no';
  const restartSec = Number(get('RestartSec') ?? '0.1');
  if (!Number.isFinite(restartSec)) throw new Error('RestartSec must be plain seconds');
  return { argv: exec.split(/\s+/).filter(Boolean), restart, restartSec };
}

export class UnitRunner {
  private current: Proc | null = null;
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;
  /** Starts so far (1 + restarts). */
  starts = 0;
  private history = '';

  constructor(
    private readonly lab: Lab,
    private readonly role: Role,
    readonly unit: ParsedUnit,
  ) {
    if (unit.restart !== 'always') throw new Error(`the tunnel unit must say Restart=always, not ${unit.restart}`);
  }

  start(): void {
    if (this.stopped) return;
    this.starts++;
    const p = this.lab.spawn(this.role, this.unit.argv);
    this.current = p;
    void p.exited.then((code) => {
      this.history += `--- start ${this.starts} exited ${code}\n${p.log()}`;
      if (this.current === p) this.current = null;
      if (!this.stopped) this.timer = setTimeout(() => this.start(), this.unit.restartSec * 1000);
    });
  }

  /** Pid of the running command (ssh itself: `ip netns exec` execs it). */
  pid(): number | null {
    return this.current?.child.pid ?? null;
  }

  log(): string {
    return this.history + (this.current?.log() ?? '');
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.current?.child.kill('SIGKILL');
  }
}
