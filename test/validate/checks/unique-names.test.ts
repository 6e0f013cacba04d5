import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { edit, expectLines, expectValid, lines, onlyHint, posOf, valueAt } from '../helpers';

test('the base fleet is valid', () => {
  expectValid(edit());
});

test('a pool named like a host is reported at the pool name', () => {
  const t = edit(['  - name: burst', '  - name: box-1'], ['pools: [burst]', 'pools: [box-1]']);
  expectLines(t, [`FF202 ${valueAt(t, '  - name: box-1\n    instance_type')} pools[0].name is "box-1", already used by hosts[0]; host and pool names must be unique together`]);
});

test('two hosts with one name', () => {
  const t = edit(['  - name: box-2', '  - name: box-1'], ['ssh/box-1\n', 'ssh/box-1\n']);
  const d = lines(t).filter((l) => l.startsWith('FF202'));
  assert.equal(d, [`FF202 ${valueAt(t, '  - name: box-1\n    tunnel')} hosts[1].name is "box-1", already used by hosts[0]; host and pool names must be unique together`]);
});

test('two services with one name', () => {
  const t = edit(['load_balancer:', `  - name: chat
    port: 8585
    routing: { paths: [/v2/*] }
    backends: { hosts: [box-1] }
load_balancer:`]);
  expectLines(t, [`FF203 ${valueAt(t, '  - name: chat\n    port: 8585\n    routing')} services[1].name is "chat", the same as services[0].name; service names must be unique`]);
});

test('two scheduled actions of one pool with one name', () => {
  const t = edit(['{ cron: "0 17 * * FRI", timezone: Asia/Seoul, min: 2 }', `{ name: friday, cron: "0 17 * * FRI", timezone: Asia/Seoul, min: 2 }
      - schedule: { name: friday, cron: "0 9 * * MON", min: 0 }`]);
  expectLines(t, [`FF204 ${valueAt(t, 'name: friday, cron: "0 9')} pools[0].scaling[3].schedule.name is "friday", the same as pools[0].scaling[2].schedule.name; scheduled action names must be unique within a pool`]);
});

test('schedules of different pools may share a name', () => {
  const t = edit(['{ cron: "0 17 * * FRI", timezone: Asia/Seoul, min: 2 }', '{ name: friday, cron: "0 17 * * FRI", min: 2 }'], ['services:', `  - name: spare
    instance_type: g5.xlarge
    capacity: { min: 0, max: 1 }
    container: { image: ghcr.io/acme/chat:1.4, port: 8080 }
    scaling:
      - schedule: { name: friday, cron: "0 17 * * FRI", min: 1 }
services:`], ['pools: [burst]', 'pools: [burst, spare]']);
  expectValid(t);
});

test('two listeners on one port', () => {
  const t = edit(['    - { port: 80 }', '    - { port: 80 }\n    - { port: 80, protocol: HTTP }']);
  expectLines(t, [`FF205 ${valueAt(t, 'port: 80, protocol')} load_balancer.listeners[1].port is 80, the same as load_balancer.listeners[0].port; an ALB has one listener per port`]);
});

test('a static-IP port listed twice, an allocation listed twice', () => {
  const t = edit(['static_ips: { zones: all }', 'static_ips: { zones: all, ports: [80, 80], allocations: [eipalloc-0123456789abcdef0, eipalloc-0123456789abcdef0] }']);
  expectLines(t, [
    `FF206 ${posOf(t, ', 80]', 2)} load_balancer.static_ips.ports[1] is 80, the same as load_balancer.static_ips.ports[0]; the NLB has one listener per port`,
    `FF207 ${posOf(t, ', eipalloc-0123456789abcdef0]', 2)} load_balancer.static_ips.allocations[1] is "eipalloc-0123456789abcdef0", the same as load_balancer.static_ips.allocations[0]; an Elastic IP can give one zone its address, not two`,
  ]);
});

test('a backend or static-IP zone named twice', () => {
  const t = edit(['pools: [burst]', 'pools: [burst, burst]'], ['{ zones: all }', '{ zones: [ap-northeast-2a, ap-northeast-2a] }']);
  expectLines(t, [
    `FF208 ${posOf(t, ', burst]', 2)} services[0].backends.pools[1] is "burst", the same as services[0].backends.pools[0]`,
    `FF208 ${posOf(t, ', ap-northeast-2a] }', 2)} load_balancer.static_ips.zones[1] is "ap-northeast-2a", the same as load_balancer.static_ips.zones[0]`,
  ]);
  assert.match(onlyHint(edit(['pools: [burst]', 'pools: [burst, burst]'])), /registered with the target group once/);
});

test.run();
