/**
 * The real-systemd harness itself (test/e2e/nspawn.ts): a machine boots with
 * systemd as PID 1, is reachable only over the links a test makes, keeps its
 * disk across a reboot, and leaves nothing behind.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import { HostNetns, link, Machine } from './nspawn';

test('nspawn machine: systemd is PID 1, a link carries traffic, the disk survives a reboot, stop leaves nothing', async () => {
  const lb = new HostNetns('lb');
  let m: Machine | null = null;
  try {
    m = await Machine.boot({ label: 'harness', prepare: (x) => x.write('/etc/ff-prepared', 'yes\n') });
    assert.is((await m.must(['cat', '/proc/1/comm'])).trim(), 'systemd');
    assert.match(await m.must(['systemctl', 'is-system-running']), /^(running|degraded)/);
    assert.is((await m.must(['cat', '/etc/ff-prepared'])).trim(), 'yes');
    // Only lo until a test links it: nothing can reach out.
    assert.equal((await m.must(['ls', '/sys/class/net'])).split(/\s+/).filter(Boolean), ['lo']);
    await m.onBoot(() => link(lb, '10.231.9.1/24', m as Machine, '10.231.9.2/24', 'hx'));
    await m.must(['systemd-run', '--unit=ff-web', '--property=Restart=always', 'python3', '-m', 'http.server', '--bind', '10.231.9.2', '--directory', '/etc', '8000']);
    const served = async () => (await lb.get('http://10.231.9.2:8000/ff-prepared')).body === 'yes\n';
    assert.ok(await pollTrue(served), 'the machine did not answer over the link');
    await m.must(['bash', '-c', 'echo kept > /var/lib/ff-kept']);
    const firstBoot = (await m.must(['cat', '/proc/sys/kernel/random/boot_id'])).trim();
    await m.reboot();
    assert.is(m.boots, 2);
    assert.is((await m.must(['cat', '/var/lib/ff-kept'])).trim(), 'kept');
    // The transient unit died with the first boot; the link came back with onBoot.
    assert.is((await m.exec(['systemctl', 'is-active', 'ff-web.service'])).stdout.trim(), 'inactive');
    assert.match(await m.must(['ip', '-br', 'addr', 'show', 'hx1']), /10\.231\.9\.2/);
    assert.ok(firstBoot.length > 0);
  } finally {
    const root = m?.root;
    await m?.stop();
    lb.destroy();
    if (root) assert.not.ok(fs.existsSync(root), `${root} left behind`);
  }
});

async function pollTrue(f: () => Promise<boolean>, ms = 10_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await f()) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

test.run();
