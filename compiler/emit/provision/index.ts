/**
 * Provisioning emitter: everything that runs on the machines, rendered from
 * the handlebars templates in modules/proxy-fleet and modules/gpu-pool.
 *
 *   hosts/<host>/proxy.cloud-config.yaml   every host: its proxy's user data
 *   hosts/<host>/install-tunnel.sh         reverse hosts backing a service: the box's installer
 *   pools/<pool>/cloud-config.yaml         every pool: its instances' user data
 *
 * Scripts and units are rendered first and embedded into the cloud-configs as
 * YAML literal blocks, so a reviewer reads them as they will run. Output is
 * deterministic: spec order, no timestamps.
 */
import type { Fleet, Host, Pool } from '../../model/fleet';
import type { OutputFile } from '../output-file';
import { QuoteError } from './quote';
import { renderer } from './engine';
import { forwardView, hostAlarmPeriods, hostHealthView, inertView, poolView, reverseView } from './views';

export { QuoteError } from './quote';

/**
 * A value the spec lets through but no machine can be given (a NUL character
 * in a health path or environment value). Carries the YAML path so the CLI can
 * report it as a diagnostic.
 */
export class ProvisionError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}

export function renderProvisioning(fleet: Fleet): { files: OutputFile[] } {
  const files: OutputFile[] = [];
  const alarmPeriods = hostAlarmPeriods(fleet.monitoring);
  for (const host of fleet.hosts) files.push(...withPath(host.source.path, () => hostFiles(fleet, host, alarmPeriods)));
  for (const pool of fleet.pools) files.push(...withPath(pool.source.path, () => poolFiles(fleet, pool)));
  return { files };
}

function withPath<T>(path: string, f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof QuoteError) throw new ProvisionError(path, err.message);
    throw err;
  }
}

function hostFiles(fleet: Fleet, host: Host, alarmPeriods: Map<string, number>): OutputFile[] {
  const render = renderer();
  const dir = `hosts/${host.name}`;
  if (host.servicePort === null) {
    // Nothing routes to this proxy: render an inert config rather than a
    // tunnel that exposes a port nobody uses (and reads a key nobody needs).
    return [{ path: `${dir}/proxy.cloud-config.yaml`, content: render('proxy-inert.cloud-config.yaml', inertView(fleet, host)), mode: 0o644 }];
  }
  // Per-host monitoring: a timer that checks the host through the tunnel and publishes the result.
  const hv = hostHealthView(fleet, host, alarmPeriods);
  const hostHealth = hv ? { script: render('host-health.sh', hv), service: render('host-health.service', hv), timer: render('host-health.timer', hv) } : null;
  if (host.tunnel.direction === 'forward') {
    const view = forwardView(fleet, host, host.servicePort);
    const unit = render('tunnel-forward.service', view);
    const boot = render('proxy-forward-boot.sh', view);
    return [{ path: `${dir}/proxy.cloud-config.yaml`, content: render('proxy-forward.cloud-config.yaml', { ...view, unit, boot, hostHealth }), mode: 0o644 }];
  }
  const view = reverseView(fleet, host, host.servicePort);
  const sshdConfig = render('sshd-tunnel.conf', view);
  const boot = render('proxy-reverse-boot.sh', view);
  const unit = render('tunnel-reverse.service', view);
  // The unit travels inside the installer as a quoted here-document.
  if (/^UNIT$/m.test(unit)) throw new Error('the reverse tunnel unit must not contain a line UNIT');
  return [
    { path: `${dir}/proxy.cloud-config.yaml`, content: render('proxy-reverse.cloud-config.yaml', { ...view, sshdConfig, boot, hostHealth }), mode: 0o644 },
    { path: `${dir}/install-tunnel.sh`, content: render('install-tunnel.sh', { ...view, unit }), mode: 0o755 },
  ];
}

function poolFiles(fleet: Fleet, pool: Pool): OutputFile[] {
  const render = renderer();
  const view = poolView(fleet, pool);
  const unit = render('model.service', view);
  const run = render('run-model.sh', view);
  const boot = render('pool-boot.sh', view);
  return [{ path: `pools/${pool.name}/cloud-config.yaml`, content: render('pool.cloud-config.yaml', { ...view, unit, run, boot }), mode: 0o644 }];
}
