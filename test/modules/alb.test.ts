import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ApplicationLoadBalancer, ApplicationLoadBalancerProps } from '../../modules/alb';
import { Json, only, resources, synth } from './synth';

const HEALTH = { path: '/health', port: 'traffic-port' as const, protocol: 'HTTP' as const, interval: 15, timeout: 5, healthy: 2, unhealthy: 3, matcher: '200-299' };

function props(over: Partial<ApplicationLoadBalancerProps> = {}): ApplicationLoadBalancerProps {
  return {
    name: 'f-alb',
    vpcId: 'vpc-1',
    subnetIds: ['subnet-a', 'subnet-b'],
    securityGroupIds: ['sg-alb'],
    idleTimeout: 300,
    targetGroups: [
      { key: 'chat', name: 'f-chat', port: 8585, health: HEALTH, algorithm: 'least_outstanding_requests', deregistrationDelay: 60, slowStart: 30, stickiness: { type: 'lb_cookie', duration: 3600, cookie: null } },
      { key: 'embed', name: 'f-embed', port: 9000, health: { ...HEALTH, path: '/ready', port: 9000 }, algorithm: 'weighted_random', anomalyMitigation: true },
    ],
    listeners: [
      { port: 80, protocol: 'HTTP', redirectTo: 443 },
      { port: 443, protocol: 'HTTPS', certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-0000-0000-000000000000' },
    ],
    defaultTargetGroup: 'chat',
    rules: [{ targetGroup: 'embed', paths: ['/v1/embed/*'], hosts: ['embed.example.com'], priority: 10 }],
    ...over,
  };
}

function alb(over: Partial<ApplicationLoadBalancerProps> = {}) {
  return synth((s) => {
    new ApplicationLoadBalancer(s, 'alb', props(over));
  });
}

const tg = (tf: Json, name: string) => Object.values(resources(tf, 'aws_lb_target_group')).find((t) => t.name === name)!;

test('the ALB spans the zones with its security group and idle timeout', () => {
  const lb = only(alb().tf, 'aws_lb');
  assert.equal([lb.load_balancer_type, lb.internal, lb.subnets, lb.security_groups, lb.idle_timeout], ['application', false, ['subnet-a', 'subnet-b'], ['sg-alb'], 300]);
});

test('each target group carries the health check, algorithm, stickiness, deregistration delay and slow start of its service', () => {
  const { tf } = alb();
  const chat = tg(tf, 'f-chat');
  assert.equal(chat.health_check, { enabled: true, healthy_threshold: 2, interval: 15, matcher: '200-299', path: '/health', port: 'traffic-port', protocol: 'HTTP', timeout: 5, unhealthy_threshold: 3 });
  assert.equal([chat.target_type, chat.port, chat.protocol, chat.load_balancing_algorithm_type], ['instance', 8585, 'HTTP', 'least_outstanding_requests']);
  assert.equal([chat.deregistration_delay, chat.slow_start], ['60', 30]);
  assert.equal(chat.stickiness, { cookie_duration: 3600, enabled: true, type: 'lb_cookie' });
  assert.not.ok(chat.load_balancing_anomaly_mitigation, 'anomaly mitigation exists only with weighted_random');
  const embed = tg(tf, 'f-embed');
  assert.is(embed.health_check.port, '9000');
  assert.equal([embed.load_balancing_algorithm_type, embed.load_balancing_anomaly_mitigation], ['weighted_random', 'on']);
});

test('listeners: HTTP redirects to HTTPS, HTTPS forwards to the default service with the certificate', () => {
  const listeners = Object.values(resources(alb().tf, 'aws_lb_listener'));
  const http = listeners.find((l) => l.port === 80)!;
  assert.equal(http.default_action, [{ redirect: { port: '443', protocol: 'HTTPS', status_code: 'HTTP_301' }, type: 'redirect' }]);
  const https = listeners.find((l) => l.port === 443)!;
  assert.is(https.protocol, 'HTTPS');
  assert.match(https.certificate_arn, /^arn:aws:acm:/);
  assert.is(https.ssl_policy, 'ELBSecurityPolicy-TLS13-1-2-2021-06');
  assert.equal(https.default_action, [{ target_group_arn: '${aws_lb_target_group.alb_tg-chat.arn}', type: 'forward' }]);
});

test('rules route by path and host on forwarding listeners only', () => {
  const rules = Object.values(resources(alb().tf, 'aws_lb_listener_rule'));
  assert.is(rules.length, 1, 'the redirecting listener gets no rules');
  assert.is(rules[0].listener_arn, '${aws_lb_listener.alb_listener-443.arn}');
  assert.is(rules[0].priority, 10);
  assert.equal(rules[0].condition, [{ path_pattern: { values: ['/v1/embed/*'] } }, { host_header: { values: ['embed.example.com'] } }]);
  assert.equal(rules[0].action, [{ target_group_arn: '${aws_lb_target_group.alb_tg-embed.arn}', type: 'forward' }]);
});

test('without a default service, unmatched requests get a fixed 404', () => {
  const https = Object.values(resources(alb({ defaultTargetGroup: null }).tf, 'aws_lb_listener')).find((l) => l.port === 443)!;
  assert.is(https.default_action[0].type, 'fixed-response');
  assert.is(https.default_action[0].fixed_response.status_code, '404');
});

test('invalid props are reported by construct validation, not thrown', () => {
  const { problems } = alb({
    subnetIds: ['subnet-a'],
    listeners: [{ port: 443, protocol: 'HTTPS' }],
    rules: [{ targetGroup: 'nope', paths: ['/x'], priority: 10 }],
  });
  assert.ok(problems.some((p) => /needs subnets in at least two zones/.test(p)), problems.join('\n'));
  assert.ok(problems.some((p) => p === 'listener 443: HTTPS needs certificateArn'));
  assert.ok(problems.some((p) => p === "rule 10: target group 'nope' does not exist"));
  assert.equal(alb().problems, []);
});

test.run();
