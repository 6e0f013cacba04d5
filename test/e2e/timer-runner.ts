/**
 * Runs a generated systemd timer and its oneshot service the way systemd
 * would, for sandboxes where systemd is not PID 1: the service's ExecStart
 * runs OnBootSec after start(), then OnUnitActiveSec after each activation
 * (systemd counts from when the unit was last activated). Only what the
 * generated units use is supported (plain seconds, Type=oneshot, an
 * ExecStart without quoting); anything else is refused.
 */
import type { Lab, Role } from './lab';

export interface ParsedTimer {
  onBootSec: number;
  onUnitActiveSec: number;
}

function seconds(v: string | undefined, key: string): number {
  const m = v === undefined ? null : /^(\d+)s?$/.exec(v.trim());
  if (!m) throw new Error(`${key}=${v ?? ''} is not plain seconds`);
  return Number(m[1]);
}

function get(text: string, key: string): string | undefined {
  return text.split('\n').find((l) => l.startsWith(`${key}=`))?.slice(key.length + 1).trim();
}

export function parseTimer(text: string): ParsedTimer {
  return { onBootSec: seconds(get(text, 'OnBootSec'), 'OnBootSec'), onUnitActiveSec: seconds(get(text, 'OnUnitActiveSec'), 'OnUnitActiveSec') };
}

/** The oneshot service's command line. */
export function oneshotArgv(service: string): string[] {
  if ((get(service, 'Type') ?? 'simple') !== 'oneshot') throw new Error('the timer\'s service must be Type=oneshot');
  const exec = get(service, 'ExecStart');
  if (!exec || /["'%$]/.test(exec)) throw new Error(`ExecStart needs quoting this runner does not implement: ${exec}`);
  return exec.split(/\s+/).filter(Boolean);
}

export class TimerRunner {
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  /** Activations so far, with their start times (ms since the epoch). */
  readonly activations: number[] = [];
  private history = '';

  constructor(
    private readonly lab: Lab,
    private readonly role: Role,
    private readonly argv: string[],
    private readonly timer_: ParsedTimer,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  start(): void {
    this.schedule(this.timer_.onBootSec);
  }

  private schedule(after: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => this.activate(), after * 1000);
  }

  private activate(): void {
    if (this.stopped) return;
    const started = Date.now();
    this.activations.push(started);
    const p = this.lab.spawn(this.role, this.argv, { env: this.env });
    // The next activation is OnUnitActiveSec after this one started, but a
    // oneshot still running is not started twice (systemd waits for it).
    let due = false;
    this.timer = setTimeout(() => (due = true), this.timer_.onUnitActiveSec * 1000);
    void p.exited.then((code) => {
      this.history += `--- activation ${this.activations.length} exited ${code}\n${p.log()}`;
      if (this.stopped) return;
      if (due) this.activate();
      else {
        if (this.timer) clearTimeout(this.timer);
        this.schedule(Math.max(0, (started + this.timer_.onUnitActiveSec * 1000 - Date.now()) / 1000));
      }
    });
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  log(): string {
    return this.history;
  }
}
