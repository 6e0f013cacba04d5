import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { edit, expectLines, expectValid, onlyHint, valueAt } from '../helpers';

const predictive = (entry: string, ...more: [string, string][]): string => edit(['      - schedule:', `      - predictive: { ${entry} }\n      - schedule:`], ...more);

test('predictive scaling on the request count of a service the hosts share', () => {
  const t = predictive('metric: requests_per_target, service: chat, target: 50');
  expectLines(t, [
    `FF602 ${valueAt(t, 'service: chat, target: 50')} pools[0].scaling[2].predictive.service is "chat", whose target group also holds host "box-1" and host "box-2"; predictive scaling forecasts the group's whole request count and divides it by the target per instance, so pool "burst" would be sized to carry their share too`,
  ]);
  assert.is(onlyHint(t), "Predict on cpu or network_in (this pool's own instances), or count a service that this pool alone backs. Target tracking on requests_per_target may stay: it tracks the average per target.");
});

test("a service this pool alone backs, or the pool's own metrics: fine", () => {
  expectValid(predictive('metric: cpu, target: 50'));
  // The hosts back `chat`; the pool alone backs `batch`, routed by path.
  const own = predictive(
    'metric: requests_per_target, service: batch, target: 50',
    ['    backends: { hosts: all, pools: [burst] }\n', '    backends: { hosts: all, pools: [burst] }\n  - name: batch\n    port: 8585\n    health: { path: /health }\n    routing: { paths: [/batch/*] }\n    backends: { pools: [burst] }\n'],
  );
  expectValid(own);
});

test('target tracking on requests per target of a shared service stays allowed (the average per target)', () => {
  expectValid(edit(['      - schedule:', '      - target_tracking: { metric: requests_per_target, service: chat, target: 20 }\n      - schedule:']));
});

test.run();
