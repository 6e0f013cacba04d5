/**
 * ALB listeners: HTTPS needs an ACM certificate from the fleet's region
 * (an ALB can use only certificates of its own region), HTTP takes neither
 * certificate nor TLS policy, the idle timeout is 1-4000 s, and an ALB has
 * 50 listeners by default (an adjustable quota: a warning).
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/create-https-listener.html
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html
 */
import type { Check } from './check';
import { at, int, list, listenersOf, obj, str } from './read';

const IDLE_TIMEOUT = [1, 4000] as const;
const LISTENERS_MAX = 50;

export const listeners: Check = {
  name: 'listeners',
  codes: {
    FF266: 'an HTTPS listener has no certificate',
    FF267: 'an HTTP listener sets certificate or ssl_policy',
    FF268: 'load_balancer.idle_timeout is not 1 to 4000 seconds',
    FF269: 'more listeners on the ALB than the default quota (50, adjustable; warning)',
    FF270: 'a listener certificate is from another region',
  },
  run(ctx) {
    const lb = obj(ctx.spec.load_balancer);
    if (!lb) return;
    const region = str(ctx.spec.region);
    for (const l of listenersOf(ctx.spec)) {
      const protocol = l.value.protocol ?? 'HTTP';
      if (protocol === 'HTTPS' && l.value.certificate === undefined) {
        ctx.report({ code: 'FF266', path: l.path, message: `${at(l.path)} is an HTTPS listener without a certificate`, hint: 'Add `certificate: arn:aws:acm:<region>:<account>:certificate/<id>`, an ACM certificate of the fleet\'s region.' });
      }
      if (protocol === 'HTTP') {
        for (const k of ['certificate', 'ssl_policy']) {
          if (l.value[k] === undefined) continue;
          ctx.report({ code: 'FF267', path: [...l.path, k], atKey: true, message: `${at([...l.path, k])} is set on an HTTP listener${l.value.protocol === undefined ? ' (HTTP is the default)' : ''}; only HTTPS listeners use it`, hint: 'Set `protocol: HTTPS`, or remove it.' });
        }
      }
      const cert = str(l.value.certificate);
      const certRegion = cert === undefined ? undefined : /^arn:aws[a-z-]*:acm:([a-z0-9-]+):/.exec(cert)?.[1];
      if (region !== undefined && certRegion !== undefined && certRegion !== region) {
        ctx.report({ code: 'FF270', path: [...l.path, 'certificate'], message: `${at([...l.path, 'certificate'])} is a certificate of ${certRegion}, but the fleet is in ${region}; an ALB uses certificates of its own region`, hint: `Request or import the certificate in ACM in ${region}.` });
      }
    }
    const idle = int(lb.idle_timeout);
    if (idle !== undefined && (idle < IDLE_TIMEOUT[0] || idle > IDLE_TIMEOUT[1])) {
      ctx.report({ code: 'FF268', path: ['load_balancer', 'idle_timeout'], message: `load_balancer.idle_timeout is ${idle}; must be ${IDLE_TIMEOUT[0]} to ${IDLE_TIMEOUT[1]} seconds`, hint: 'Long generations need a timeout above their longest silence; 300 to 600 is common for LLMs.' });
    }
    const count = list(lb.listeners).length;
    if (count > LISTENERS_MAX) {
      // An adjustable quota (Elastic Load Balancing, "Listeners per Application
      // Load Balancer"): a warning, like every adjustable quota (quotas.ts).
      ctx.report({
        code: 'FF269',
        severity: 'warning',
        path: ['load_balancer', 'listeners'],
        atKey: true,
        message: `load_balancer.listeners has ${count} listeners; the default quota is ${LISTENERS_MAX} listeners per Application Load Balancer`,
        hint: 'Request an increase in the Service Quotas console before applying (Elastic Load Balancing, "Listeners per Application Load Balancer"), or serve more services on fewer ports with path or host routing.',
      });
    }
  },
};
