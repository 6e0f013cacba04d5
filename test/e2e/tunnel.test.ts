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
import * as fs from 'node:fs';
import * as path from 'node:path';
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

test('reverse installer on a live box: a re-run replaces the loop and keeps the tunnel; --uninstall takes it down', async () => {
  const lab = Lab.create();
  try {
    const t = await reverseTunnel(lab);
    const inst = t.installer;
    assert.ok(inst);
    const firstLoop = inst.loopPid();
    assert.ok(firstLoop);
    const again = await inst.rerun();
    assert.is(again.status, 0, `${again.stdout}${again.stderr}`);
    const secondLoop = inst.loopPid();
    assert.ok(secondLoop && secondLoop !== firstLoop, 'the re-run did not replace the loop');
    assert.not.ok(alive(firstLoop), 'the first loop is still running next to the second');
    const back = await until(async () => (await lab.get(t.url('/after-rerun'))).body === 'model:/after-rerun', 10_000, 200);
    assert.ok(back !== null, `no tunnel after the re-run\n${t.log()}`);

    const ssh = t.sshPid();
    const gone = await inst.uninstall();
    assert.is(gone.status, 0, `${gone.stdout}${gone.stderr}`);
    assert.is(inst.loopPid(), null);
    const down = await until(() => (ssh === null || !alive(ssh)) && !alive(secondLoop), 5_000);
    assert.ok(down !== null, 'the loop or its ssh outlived --uninstall');
    assert.is((await lab.get(t.url('/health'))).code, 0, 'the proxy still answers after --uninstall');
    const left = (fs.readdirSync(inst.root, { recursive: true }) as string[]).filter((p) => fs.statSync(path.join(inst.root, p)).isFile());
    assert.equal(left, [], 'files left behind by --uninstall');
  } finally {
    lab.close();
  }
});

test('reverse proxy sshd: the box key is refused from elsewhere, and may listen nowhere but its service port', async () => {
  const lab = Lab.create();
  try {
    assert.ok(lab.netns, 'needs namespaces: on loopback every address is the box');
    const t = await reverseTunnel(lab);
    const inst = t.installer;
    assert.ok(inst);
    // from="<dials_from>": the right key from the wrong network does not log in.
    const elsewhere = await inst.dial('alb', '0.0.0.0:7000:127.0.0.1:9000');
    assert.is(elsewhere.status, 255);
    assert.match(elsewhere.stderr, /Permission denied/);
    // permitlisten / PermitListen: another port, or another address, is refused.
    for (const spec of ['0.0.0.0:7000:127.0.0.1:9000', '127.0.0.1:8585:127.0.0.1:9000']) {
      const r = await inst.dial('box', spec);
      assert.is(r.status, 255, `-R ${spec} was accepted`);
      assert.match(r.stderr, /remote port forwarding failed/, r.stderr);
    }
    // The tunnel itself is still fine.
    assert.is((await lab.get(t.url('/still'))).body, 'model:/still');
  } finally {
    lab.close();
  }
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
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
