import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { diagnostics, edit, expectLines, expectValid, onlyHint, valueAt } from '../helpers';

test('short names fit', () => {
  expectValid(edit());
});

test('a target group name over 32 characters points at the service name', () => {
  const t = edit(['name: demo', 'name: legal-chat-production'], ['  - name: chat', '  - name: chat-completions'], ['service: chat,', 'service: chat-completions,']);
  expectLines(t, [`FF244 ${valueAt(t, '  - name: chat-completions')} the target group name "legal-chat-production-chat-completions" (<fleet>-<service>) is 38 characters long; AWS allows at most 32 for a target group name`]);
  assert.is(onlyHint(t), 'Shorten the service name or the fleet name (together) by 6 characters.');
});

test('a static-IP target group name over 32 characters points at the fleet name', () => {
  const t = edit(['name: demo', 'name: legal-chat-prod-seoul-01'], ['    - { port: 80 }', '    - { port: 18080 }']);
  expectLines(t, [`FF245 ${valueAt(t, 'name: legal-chat-prod-seoul-01')} the static-IP target group name "legal-chat-prod-seoul-01-nlb-18080" (<fleet>-nlb-<port>) for port 18080 is 34 characters long; AWS allows at most 32 for a target group name`]);
});

test('a fleet name starting with internal-', () => {
  const t = edit(['name: demo', 'name: internal-demo']);
  assert.equal(diagnostics(t).map((d) => `${d.code} ${d.message}`), [
    'FF243 the load balancer name "internal-demo-alb", derived from name "internal-demo", may not start with `internal-`',
    'FF243 the load balancer name "internal-demo-nlb", derived from name "internal-demo", may not start with `internal-`',
  ]);
});

test('a service named like a static-IP target group', () => {
  const t = edit(['load_balancer:', `  - name: nlb-80
    port: 8585
    routing: { paths: [/x/*] }
    backends: { hosts: [box-1] }
load_balancer:`]);
  expectLines(t, [`FF246 ${valueAt(t, '- name: nlb-80')} services[1].name derives the target group name "demo-nlb-80", which load_balancer.listeners[0].port derives too; target group names are unique per account and region`]);
});

test.run();
