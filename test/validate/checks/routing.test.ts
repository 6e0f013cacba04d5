import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { edit, expectLines, expectValid, keyAt, lines, posOf, valueAt } from '../helpers';
import { hostProblem } from '../../../compiler/validate/checks/routing';

const more = (...services: string[]): string => edit(['load_balancer:', `${services.join('\n')}\nload_balancer:`]);
const svc = (name: string, routing?: string): string => `  - name: ${name}\n    port: 8585\n${routing ? `    routing: ${routing}\n` : ''}    backends: { hosts: [box-1] }`;

test('one default service and routed ones with derived and explicit priorities', () => {
  expectValid(more(svc('a', '{ paths: ["/a/*"] }'), svc('b', '{ hosts: [b.example.com], priority: 5 }'), svc('c', '{ paths: [/c], hosts: ["*.example.com"] }')));
});

test('two services without routing', () => {
  const t = more(svc('other'));
  expectLines(t, [`FF271 ${posOf(t, 'name: other')} services[1] ("other") has no routing, and neither has services[0] ("chat"); only one service can take the requests no rule matches`]);
});

test('routing without conditions', () => {
  const t = more(svc('a', '{ priority: 3 }'));
  expectLines(t, [`FF272 ${keyAt(t, 'routing: { priority: 3 }')} services[1].routing has neither paths nor hosts; a rule needs at least one condition`]);
});

test('priorities out of range and colliding with derived ones', () => {
  let t = more(svc('a', '{ paths: [/a], priority: 50001 }'));
  expectLines(t, [`FF273 ${valueAt(t, 'priority: 50001')} services[1].routing.priority is 50001; must be 1 to 50000`]);
  t = more(svc('a', '{ paths: [/a] }'), svc('b', '{ paths: [/b], priority: 10 }'));
  expectLines(t, [`FF274 ${valueAt(t, 'priority: 10')} services[2].routing.priority is 10, which services[1] gets by default (10, 20, ... in order of the routed services without a priority); rule priorities must be unique`]);
  t = more(svc('a', '{ paths: [/a], priority: 20 }'), svc('b', '{ paths: [/b] }'), svc('c', '{ paths: [/c] }'));
  expectLines(t, [`FF274 ${valueAt(t, 'priority: 20')} services[1].routing.priority is 20, which services[3] gets by default (10, 20, ... in order of the routed services without a priority); rule priorities must be unique`]);
  t = more(svc('a', '{ paths: [/a], priority: 7 }'), svc('b', '{ paths: [/b], priority: 7 }'));
  expectLines(t, [`FF274 ${valueAt(t, 'priority: 7 }\n    backends: { hosts: [box-1] }\nload')} services[2].routing.priority is 7, which services[1] has too; rule priorities must be unique`]);
});

test('path and host patterns AWS rejects', () => {
  const t = more(svc('a', `{ paths: ["/a b", "/${'x'.repeat(128)}"], hosts: [localhost] }`));
  expectLines(t, [
    `FF275 ${posOf(t, '"/a b"')} services[1].routing.paths[0] is "/a b"; it contains " "; allowed are letters, digits, _ - . $ / ~ " ' @ : + & and the wildcards * ?`,
    `FF275 ${posOf(t, '"/xxx')} services[1].routing.paths[1] is "/${'x'.repeat(56)}..."; it is 129 characters long; at most 128`,
    `FF276 ${posOf(t, 'localhost')} services[1].routing.hosts[0] is "localhost"; a host pattern must contain at least one "."`,
  ]);
  assert.is(hostProblem('api.example.com'), null);
  assert.is(hostProblem('*.example.co?'), null);
  assert.is(hostProblem('example.c0m'), 'only letters (or wildcards) may follow the final "."');
  assert.is(hostProblem('ex_ample.com'), 'it contains "_"; allowed are letters, digits, - . and the wildcards * ?');
});

test('more than five condition values or wildcards in one rule', () => {
  let t = more(svc('a', '{ paths: [/a, /b, /c, /d], hosts: [a.example.com, b.example.com] }'));
  expectLines(t, [`FF277 ${keyAt(t, 'routing: { paths: [/a')} services[1].routing has 6 paths and hosts; a listener rule takes at most 5 condition values`]);
  t = more(svc('a', '{ paths: ["/a/*/*/*", "/b/*/*/*"] }'));
  expectLines(t, [`FF277 ${keyAt(t, 'routing: { paths: ["/a')} services[1].routing uses 6 wildcards (* and ?); a listener rule takes at most 5`]);
});

test('more than 100 rules on the ALB', () => {
  const services = Array.from({ length: 51 }, (_, i) => svc(`s${i}`, `{ paths: [/s${i}] }`));
  const t = edit(['load_balancer:', `${services.join('\n')}\nload_balancer:`], ['    - { port: 80 }', '    - { port: 80 }\n    - { port: 8080 }']);
  assert.equal(lines(t).filter((l) => l.startsWith('FF278')), [`FF278 ${keyAt(t, 'services:')} 51 routed services on 2 forwarding listeners make 102 listener rules; the default quota is 100 rules per Application Load Balancer`]);
});

test.run();
