import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BASE, diagnostics, edit, expectLines, expectValid, onlyHint, posOf, valueAt } from '../helpers';

test('hosts: all with a pool resolves', () => {
  expectValid(edit());
});

test('an unknown host gets a did-you-mean', () => {
  const t = edit(['{ hosts: all, pools: [burst] }', '{ hosts: [box-1, box-3], pools: [burst] }']);
  expectLines(t, [
    `FF217 ${valueAt(t, '- name: box-2')} host "box-2" backs no service; it will run a proxy that receives no traffic`,
    `FF210 ${posOf(t, 'box-3]')} services[0].backends.hosts[1] is "box-3", which is not a host of this fleet; hosts: box-1, box-2`,
  ]);
  assert.is(diagnostics(t)[1].hint, 'Did you mean `box-1` or `box-2`?');
});

test('a pool listed among hosts is pointed to backends.pools', () => {
  const t = edit(['{ hosts: all, pools: [burst] }', '{ hosts: [box-1, box-2, burst], pools: [burst] }']);
  expectLines(t, [`FF210 ${posOf(t, 'burst], pools')} services[0].backends.hosts[2] is "burst", which is not a host of this fleet; hosts: box-1, box-2`]);
  assert.is(onlyHint(t), '`burst` is a pool: list it under backends.pools.');
});

test('an unknown pool', () => {
  const t = edit(['pools: [burst]', 'pools: [brust]']);
  const found = diagnostics(t).filter((d) => d.code === 'FF211');
  assert.equal(found.map((d) => `${d.span.start.line}:${d.span.start.col} ${d.message} | ${d.hint}`), [`${posOf(t, 'brust]')} services[0].backends.pools[0] is "brust", which is not a pool of this fleet; pools: burst | Did you mean \`burst\`?`]);
});

test('a service without backends', () => {
  const t = edit(['backends: { hosts: all, pools: [burst] }', 'backends: {}'], ['      - target_tracking: { metric: requests_per_target, service: chat, target: 40 }\n', '']);
  expectLines(t, [
    `FF217 ${valueAt(t, '- name: box-1')} host "box-1" backs no service; it will run a proxy that receives no traffic`,
    `FF217 ${valueAt(t, '- name: box-2')} host "box-2" backs no service; it will run a proxy that receives no traffic`,
    `FF217 ${valueAt(t, '- name: burst')} pool "burst" backs no service; it will run instances that receive no traffic`,
    `FF212 ${posOf(t, 'backends: {}')} services[0].backends resolves to no hosts and no pools; a service needs at least one backend`,
  ]);
});

test('hosts: all in a fleet without hosts and no pools', () => {
  const hostsBlock = BASE.slice(BASE.indexOf('hosts:\n'), BASE.indexOf('pools:\n'));
  const t = edit([hostsBlock, ''], ['{ hosts: all, pools: [burst] }', '{ hosts: all }'], ['      - target_tracking: { metric: requests_per_target, service: chat, target: 40 }\n', '']);
  expectLines(t, [
    `FF217 ${valueAt(t, '- name: burst')} pool "burst" backs no service; it will run instances that receive no traffic`,
    `FF212 ${posOf(t, 'backends: {')} services[0].backends resolves to no hosts and no pools; a service needs at least one backend`,
  ]);
  assert.match(diagnostics(t)[1].hint, /`hosts: all` means every host, and this fleet has none/);
});

test('requests_per_target names an unknown service, or one that does not use this pool', () => {
  const t = edit(['service: chat, target: 40', 'service: caht, target: 40']);
  expectLines(t, [`FF213 ${valueAt(t, 'service: caht')} pools[0].scaling[0].target_tracking.service is "caht", which is not a service of this fleet; services: chat`]);
  assert.is(onlyHint(t), 'Did you mean `chat`?');
  const u = edit(['{ hosts: all, pools: [burst] }', '{ hosts: all }']);
  expectLines(u, [
    `FF217 ${valueAt(u, '- name: burst')} pool "burst" backs no service; it will run instances that receive no traffic`,
    `FF214 ${valueAt(u, 'service: chat')} pools[0].scaling[0].target_tracking.service is "chat", but that service's backends do not include pool "burst"; its request count per target says nothing about this pool`,
  ]);
});

test('an alarm and a predictive policy on requests resolve their service too', () => {
  const t = edit(['alarm: { metric: cpu, above: true, threshold: 70 }', 'alarm: { metric: requests_per_target, service: chats, above: true, threshold: 70 }'], ['      - schedule:', '      - predictive: { metric: requests_per_target, service: chat, target: 50 }\n      - schedule:']);
  expectLines(t, [
    `FF213 ${valueAt(t, 'service: chats')} pools[0].scaling[1].step.alarm.service is "chats", which is not a service of this fleet; services: chat`,
    // The predictive policy resolves `chat`, which the hosts share (predictive-load.test.ts).
    `FF602 ${valueAt(t, 'service: chat, target: 50')} pools[0].scaling[2].predictive.service is "chat", whose target group also holds host "box-1" and host "box-2"; predictive scaling forecasts the group's whole request count and divides it by the target per instance, so pool "burst" would be sized to carry their share too`,
  ]);
});

test('static-IP zones and host zones must be fleet zones', () => {
  const t = edit(['{ zones: all }', '{ zones: [ap-northeast-2b] }'], ['    port: 8585\n  - name: box-2', '    port: 8585\n    zone: ap-northeast-2d\n  - name: box-2']);
  expectLines(t, [
    `FF216 ${valueAt(t, 'zone: ap-northeast-2d')} hosts[0].zone is "ap-northeast-2d", which is not one of the fleet zones (ap-northeast-2a, ap-northeast-2c)`,
    `FF215 ${posOf(t, 'ap-northeast-2b]')} load_balancer.static_ips.zones[0] is "ap-northeast-2b", which is not one of the fleet zones (ap-northeast-2a, ap-northeast-2c)`,
  ]);
});

test('an explicit host zone of the fleet is fine', () => {
  expectValid(edit(['    port: 8585\n  - name: box-2', '    port: 8585\n    zone: ap-northeast-2c\n  - name: box-2']));
});

test('an unused host is only a warning: the fleet still lowers', () => {
  const t = edit(['{ hosts: all, pools: [burst] }', '{ hosts: [box-1], pools: [burst] }']);
  const d = diagnostics(t);
  assert.equal(d.map((x) => `${x.code} ${x.severity}`), ['FF217 warning']);
});

test.run();
