import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { edit, expectLines, expectValid, keyAt, onlyHint, posOf, valueAt } from '../helpers';

const SECOND = `  - name: embed
    port: 9000
    routing: { paths: [/embed/*] }
    backends: { hosts: [box-1] }
load_balancer:`;

test('services on the same port may share backends; listener ports may differ', () => {
  expectValid(edit(['load_balancer:', SECOND.replace('9000', '8585')], ['    - { port: 80 }', '    - { port: 80 }\n    - { port: 8080 }']));
});

test('a host backing services on two ports', () => {
  const t = edit(['load_balancer:', SECOND]);
  expectLines(t, [`FF236 ${valueAt(t, 'port: 9000')} services[1].port is 9000, but host "box-1" also backs service "chat" on port 8585; its proxy forwards one port through the tunnel`]);
});

test('a pool backing services on two ports', () => {
  const t = edit(['load_balancer:', SECOND.replace('hosts: [box-1]', 'pools: [burst]')]);
  expectLines(t, [`FF237 ${valueAt(t, 'port: 9000')} services[1].port is 9000, but pool "burst" also backs service "chat" on port 8585; its instances publish the container on one port`]);
});

test('redirects go from HTTP to an HTTPS listener of this ALB', () => {
  const cert = 'arn:aws:acm:ap-northeast-2:123456789012:certificate/0123abcd-0123-4567-89ab-0123456789ab';
  expectValid(edit(['    - { port: 80 }', `    - { port: 80, redirect_to: 443 }\n    - { port: 443, protocol: HTTPS, certificate: ${cert} }`]));
  const t = edit(['    - { port: 80 }', `    - { port: 80, redirect_to: 8443 }\n    - { port: 443, protocol: HTTPS, certificate: ${cert} }`]);
  expectLines(t, [`FF238 ${valueAt(t, 'redirect_to: 8443')} load_balancer.listeners[0].redirect_to is 8443, which is not the port of an HTTPS listener of this ALB (HTTPS listeners: 443)`]);
  assert.is(onlyHint(t), 'Redirect to 443.');
  const u = edit(['    - { port: 80 }', `    - { port: 80 }\n    - { port: 443, protocol: HTTPS, certificate: ${cert}, redirect_to: 443 }`]);
  expectLines(u, [`FF238 ${keyAt(u, 'redirect_to: 443')} load_balancer.listeners[1].redirect_to is set on an HTTPS listener; only an HTTP listener redirects (to HTTPS)`]);
});

test('a health check port other than the service port', () => {
  expectValid(edit(['health: { path: /health }', 'health: { path: /health, port: 8585 }']));
  expectValid(edit(['health: { path: /health }', 'health: { path: /health, port: traffic-port }']));
  const t = edit(['health: { path: /health }', 'health: { path: /health, port: 9090 }']);
  expectLines(t, [`FF239 ${valueAt(t, 'port: 9090')} services[0].health.port is 9090, but the service port is 8585; the proxy forwards only the service port, so a health check on 9090 would never reach the model server`]);
});

test('static-IP ports must be ALB listener ports', () => {
  expectValid(edit(['static_ips: { zones: all }', 'static_ips: { zones: all, ports: [80] }']));
  const t = edit(['static_ips: { zones: all }', 'static_ips: { zones: all, ports: [443] }']);
  expectLines(t, [`FF240 ${posOf(t, '443]')} load_balancer.static_ips.ports[0] is 443, but the ALB has no listener on 443 (listeners: 80); the NLB forwards TCP to an ALB listener port`]);
});

test('service port 22 collides with sshd', () => {
  const t = edit(['    port: 8585\n    health', '    port: 22\n    health']);
  expectLines(t, [`FF241 ${valueAt(t, 'port: 22\n')} services[0].port is 22, the SSH port; sshd holds it on every proxy (reverse tunnels dial it) and pool instance`]);
});

test.run();
