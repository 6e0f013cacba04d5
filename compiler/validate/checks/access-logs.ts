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
    FF540: 'load_balancer.access_logs.retention_days without create: true',
  },
  run(ctx) {
    const logs = obj(obj(ctx.spec.load_balancer)?.access_logs);
    if (logs?.retention_days !== undefined && logs.create !== true) {
      const path = ['load_balancer', 'access_logs', 'retention_days'];
      ctx.report({ code: 'FF540', path, atKey: true, message: `${path.join('.')} is set, but Fleetform does not create the bucket (create is not true); the retention of an existing bucket is its own lifecycle rule`, hint: 'Add `create: true` to let Fleetform create and expire the bucket, or set the expiration on the existing bucket.' });
    }
    const prefix = str(logs?.prefix);
    if (prefix === undefined) return;
    const problem = prefix.includes('AWSLogs') ? 'it may not contain AWSLogs, which the load balancer adds itself' : prefix.startsWith('/') || prefix.endsWith('/') ? 'it may not start or end with /' : null;
    if (problem) {
      ctx.report({ code: 'FF299', path: ['load_balancer', 'access_logs', 'prefix'], message: `load_balancer.access_logs.prefix is ${show(prefix)}; ${problem}`, hint: 'Use a plain prefix such as `alb` or `fleets/legal-chat`; logs land under <prefix>/AWSLogs/<account>/.' });
    }
  },
};
