/**
 * End to end with real OpenSSH, for both tunnel directions: a request to the
 * proxy's service port, from the load balancer's namespace, is answered by the
 * model server on the box through the generated tunnel; then the faults.
 *
 * systemd is not PID 1 in the sandboxes this runs in: the forward unit's
 * ExecStart runs under UnitRunner (Restart=always/RestartSec semantics), and
 * the reverse installer takes its restart-loop path, the one real containers
 * take.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Lab, until } from './lab';
import { forwardTunnel, reverseTunnel, type Tunnel } from './scenarios';

async function faults(lab: Lab, t: Tunnel): Promise<void> {
  const ctx = () => `\n${t.log()}`;
  const first = await lab.get(t.url('/v1/chat'));
  assert.equal(first, { code: 200, body: 'model:/v1/chat' }, `a request through the proxy${ctx()}`);
  assert.is((await lab.get(t.url('/health'))).code, 200);

  // Kill ssh: the supervisor (unit or loop) brings the tunnel back within 5 s.
  const before = t.sshPid();
  assert.ok(before, `no ssh process${ctx()}`);
  process.kill(before, 'SIGKILL');
  const back = await until(async () => {
    const pid = t.sshPid();
    return pid !== null && pid !== before && (await lab.get(t.url('/again'))).body === 'model:/again';
  }, 5_000, 100);
  assert.ok(back !== null, `the tunnel was not back within 5 s of killing ssh${ctx()}`);

  // Stop the model server: the health path fails through the proxy; nothing answers for it.
  await t.stopModel();
  const down = await lab.get(t.url('/health'));
  assert.is.not(down.code, 200, `the health path answered ${down.code} with the model server down${ctx()}`);
  assert.not.match(down.body, /ok/);

  // Start it again: the health path passes, through the same tunnel.
  await t.startModel();
  const up = await until(async () => (await lab.get(t.url('/health'))).code === 200, 10_000, 200);
  assert.ok(up !== null, `the health path did not recover after the model server restarted${ctx()}`);
}

for (const direction of ['forward', 'reverse'] as const) {
  test(`${direction} tunnel in network namespaces: request, ssh killed, model server down and up`, async () => {
    const lab = Lab.create();
    try {
      assert.ok(lab.netns, 'network namespaces are available here as root; the loopback fallback is tested separately');
      await faults(lab, direction === 'forward' ? await forwardTunnel(lab) : await reverseTunnel(lab));
    } finally {
      lab.close();
    }
  });
}

test('forward tunnel on loopback (the fallback where namespaces are refused)', async () => {
  const lab = Lab.create({ forceLoopback: true });
  try {
    assert.not.ok(lab.netns);
    await faults(lab, await forwardTunnel(lab));
  } finally {
    lab.close();
  }
});

test.run();
