/**
 * The per-host health metric end to end, for both tunnel directions: the
 * proxy's generated timer runs the generated check through the real tunnel
 * (OpenSSH, in network namespaces) and publishes with `aws cloudwatch
 * put-metric-data`, stubbed here to record its arguments. With the model
 * server up the host is published as 1; stop the model server behind the
 * proxy and the next activation, within one timer period, publishes 0 for
 * that host; start it again and it is 1 again.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Fleet, Source } from '../../compiler/model/fleet';
import { Lab, until } from './lab';
import { forwardTunnel, reverseTunnel } from './scenarios';
import { oneshotArgv, parseTimer, TimerRunner } from './timer-runner';

/** Seconds between checks: short, so the test is quick; the mechanism is the one a 60 s timer uses. */
const EVERY = 2;
const at: Source = { path: 'monitoring', span: { start: { line: 1, col: 1 }, end: { line: 1, col: 2 } } };

function watchHosts(f: Fleet): void {
  f.monitoring = {
    namespace: 'Fleetform/legal-chat',
    notify: { kind: 'create', topicName: 'legal-chat-alerts', emails: ['oncall@example.com'], https: [] },
    alarms: [],
    dashboard: null,
    hostCheckEvery: EVERY,
    gpuSampleEvery: null,
    poolReadiness: false,
    source: at,
  };
}

interface Call {
  at: number;
  args: string[];
}

for (const direction of ['forward', 'reverse'] as const) {
  const host = direction === 'forward' ? 'v100-1' : 'a100-1';
  test(`${direction} tunnel: the proxy publishes ${host}'s health, and 0 within one timer period of the model server stopping`, async () => {
    const lab = Lab.create();
    let runner: TimerRunner | null = null;
    try {
      assert.ok(lab.netns, 'network namespaces are available here as root');
      const t = direction === 'forward' ? await forwardTunnel(lab, watchHosts) : await reverseTunnel(lab, watchHosts);
      const file = (p: string): string => {
        const a = t.files.find((x) => x.path === p);
        if (!a) throw new Error(`provisioning wrote no ${p}`);
        return a.content;
      };
      const timer = parseTimer(file('/etc/systemd/system/fleetform-host-health.timer'));
      assert.is(timer.onUnitActiveSec, EVERY);
      const argv = oneshotArgv(file('/etc/systemd/system/fleetform-host-health.service'));
      assert.equal(argv, ['/usr/local/libexec/fleetform/host-health.sh']);
      // The cloud-config enables the timer after the boot script.
      assert.match(file(`hosts/${host}/proxy.cloud-config.yaml`), /- \[systemctl, enable, --now, fleetform-host-health\.timer\]/);

      // The check, where the unit says, and a recording `aws` first on PATH.
      const script = path.join(lab.dir, 'host-health.sh');
      fs.writeFileSync(script, file(argv[0]), { mode: 0o755 });
      const bin = path.join(lab.dir, 'bin');
      const calls = path.join(lab.dir, 'aws-calls');
      fs.mkdirSync(bin);
      fs.writeFileSync(path.join(bin, 'aws'), `#!/bin/sh\n{ date +%s%3N; for a in "$@"; do printf '%s\\n' "$a"; done; printf '\\n'; } >> '${calls}'\n`, { mode: 0o755 });
      runner = new TimerRunner(lab, 'proxy', [script], timer, { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` });
      runner.start();

      const read = (): Call[] =>
        fs.existsSync(calls)
          ? fs
              .readFileSync(calls, 'utf8')
              .split('\n\n')
              .filter((b) => b.trim())
              .map((b) => {
                const [when, ...args] = b.trim().split('\n');
                return { at: Number(when), args };
              })
          : [];
      const expected = (value: 0 | 1): string[] => ['cloudwatch', 'put-metric-data', '--region', 'ap-northeast-2', '--namespace', 'Fleetform/legal-chat', '--metric-name', 'TunnelHealthy', '--dimensions', `Host=${host}`, '--value', String(value), '--unit', 'Count'];
      const ctx = (): string => `\n== calls\n${JSON.stringify(read())}\n== timer\n${runner?.log() ?? ''}\n${t.log()}`;

      const up = await until(() => read().length > 0, (timer.onBootSec + EVERY + 5) * 1000, 100);
      assert.ok(up !== null, `nothing published${ctx()}`);
      assert.equal(read()[0].args, expected(1), `the first check: healthy${ctx()}`);

      await t.stopModel();
      const stoppedAt = Date.now();
      const down = await until(() => read().some((c) => c.at > stoppedAt && c.args[11] === '0'), (EVERY + 10) * 1000, 50);
      assert.ok(down !== null, `no 0 published after the model server stopped${ctx()}`);
      const first = read().find((c) => c.at > stoppedAt)!;
      assert.equal(first.args, expected(0), `the first check after the stop reports the host down${ctx()}`);
      // It started within one timer period of the stop (plus scheduling slack).
      assert.ok(first.at - stoppedAt <= EVERY * 1000 + 500, `the first check came ${first.at - stoppedAt} ms after the stop${ctx()}`);

      await t.startModel();
      const restartedAt = Date.now();
      const again = await until(() => read().some((c) => c.at > restartedAt && c.args[11] === '1'), (EVERY * 3 + 10) * 1000, 100);
      assert.ok(again !== null, `the host was not published healthy again after the model server restarted${ctx()}`);
      // Every call named this host, with the same arguments but the value.
      for (const c of read()) assert.equal([...c.args.slice(0, 11), ...c.args.slice(12)], [...expected(1).slice(0, 11), ...expected(1).slice(12)]);
      assert.ok(runner.activations.length >= 3);
    } finally {
      runner?.stop();
      lab.close();
    }
  });
}

test.run();
