/**
 * ALB access logs: the key prefix may not contain `AWSLogs` (ELB appends
 * `AWSLogs/<account>/...` itself) and must not start or end with a slash,
 * which would produce empty path segments in the bucket.
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html
 */
import type { Check } from './check';
import { obj, show, str } from './read';

export const accessLogs: Check = {
  name: 'access-logs',
  codes: {
    FF299: 'load_balancer.access_logs.prefix contains AWSLogs or starts or ends with /',
  },
  run(ctx) {
    const prefix = str(obj(obj(ctx.spec.load_balancer)?.access_logs)?.prefix);
    if (prefix === undefined) return;
    const problem = prefix.includes('AWSLogs') ? 'it may not contain AWSLogs, which the load balancer adds itself' : prefix.startsWith('/') || prefix.endsWith('/') ? 'it may not start or end with /' : null;
    if (problem) {
      ctx.report({ code: 'FF299', path: ['load_balancer', 'access_logs', 'prefix'], message: `load_balancer.access_logs.prefix is ${show(prefix)}; ${problem}`, hint: 'Use a plain prefix such as `alb` or `fleets/legal-chat`; logs land under <prefix>/AWSLogs/<account>/.' });
    }
  },
};
