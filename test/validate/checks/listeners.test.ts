import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { diagnostics, edit, expectLines, expectValid, keyAt, posOf, valueAt } from '../helpers';

const CERT = 'arn:aws:acm:ap-northeast-2:123456789012:certificate/0123abcd-0123-4567-89ab-0123456789ab';

test('HTTPS with a certificate of the region, HTTP without', () => {
  expectValid(edit(['    - { port: 80 }', `    - { port: 443, protocol: HTTPS, certificate: ${CERT}, ssl_policy: ELBSecurityPolicy-TLS13-1-2-2021-06 }`]));
  expectValid(edit(['  static_ips: { zones: all }', '  static_ips: { zones: all }\n  idle_timeout: 4000']));
});

test('HTTPS without a certificate', () => {
  const t = edit(['    - { port: 80 }', '    - { port: 443, protocol: HTTPS }']);
  expectLines(t, [`FF266 ${posOf(t, '{ port: 443')} load_balancer.listeners[0] is an HTTPS listener without a certificate`]);
});

test('HTTP with certificate and TLS policy', () => {
  const t = edit(['    - { port: 80 }', `    - { port: 80, certificate: ${CERT}, ssl_policy: ELBSecurityPolicy-TLS13-1-2-2021-06 }`]);
  expectLines(t, [
    `FF267 ${keyAt(t, 'certificate:')} load_balancer.listeners[0].certificate is set on an HTTP listener (HTTP is the default); only HTTPS listeners use it`,
    `FF267 ${keyAt(t, 'ssl_policy:')} load_balancer.listeners[0].ssl_policy is set on an HTTP listener (HTTP is the default); only HTTPS listeners use it`,
  ]);
});

test('a certificate from another region', () => {
  const cert = CERT.replace('ap-northeast-2', 'us-east-1');
  const t = edit(['    - { port: 80 }', `    - { port: 443, protocol: HTTPS, certificate: ${cert} }`]);
  expectLines(t, [`FF270 ${valueAt(t, `certificate: ${cert}`)} load_balancer.listeners[0].certificate is a certificate of us-east-1, but the fleet is in ap-northeast-2; an ALB uses certificates of its own region`]);
});

test('idle timeout out of range', () => {
  const t = edit(['  static_ips: { zones: all }', '  static_ips: { zones: all }\n  idle_timeout: 4001']);
  expectLines(t, [`FF268 ${valueAt(t, 'idle_timeout: 4001')} load_balancer.idle_timeout is 4001; must be 1 to 4000 seconds`]);
});

test('more than 50 listeners: over the default quota, a warning', () => {
  const t = edit(['    - { port: 80 }', Array.from({ length: 51 }, (_, i) => `    - { port: ${1000 + i} }`).join('\n')], ['  static_ips: { zones: all }\n', '']);
  expectLines(t, [`FF269 ${keyAt(t, 'listeners:')} load_balancer.listeners has 51 listeners; the default quota is 50 listeners per Application Load Balancer`]);
  assert.equal(diagnostics(t).map((d) => d.severity), ['warning'], 'an adjustable quota');
});

test.run();
