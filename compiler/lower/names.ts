/**
 * Every AWS-facing name Fleetform derives, in one place: lowering uses these
 * to name things, and the aws-names check uses the same functions to prove
 * the names fit AWS's rules before anything reaches AWS.
 */

/** Load balancer: `<fleet>-alb`. */
export const albName = (fleet: string): string => `${fleet}-alb`;
/** Static-IP network load balancer: `<fleet>-nlb`. */
export const nlbName = (fleet: string): string => `${fleet}-nlb`;
/** A service's target group: `<fleet>-<service>`. */
export const serviceTargetGroupName = (fleet: string, service: string): string => `${fleet}-${service}`;
/** The NLB's `alb`-type target group for one forwarded port: `<fleet>-nlb-<port>`. */
export const nlbTargetGroupName = (fleet: string, port: number): string => `${fleet}-nlb-${port}`;
/** A host's proxy (Auto Scaling group, instance and role names): `<fleet>-proxy-<host>`. */
export const proxyName = (fleet: string, host: string): string => `${fleet}-proxy-${host}`;
/** A pool's Auto Scaling group: `<fleet>-pool-<pool>`. */
export const poolAsgName = (fleet: string, pool: string): string => `${fleet}-pool-${pool}`;
/** A scaling policy, unique within its group: `<kind>-<n>`, n counting from 1 in spec order. */
export const policyName = (kind: string, index: number): string => `${kind.replace(/_/g, '-')}-${index + 1}`;
/** A CloudWatch alarm (unique per account and region): `<fleet>-<pool>-<kind>-<n>`. */
export const alarmName = (fleet: string, pool: string, kind: string, index: number): string => `${fleet}-${pool}-${policyName(kind, index)}`;
/** The SNS topic alerts go to: `<fleet>-alerts`. */
export const alertTopicName = (fleet: string): string => `${fleet}-alerts`;
/** A monitoring alarm (unique per account and region): `<fleet>-<what>-<condition>`, e.g. `legal-chat-chat-no-healthy-target`. */
export const watchAlarmName = (fleet: string, ...parts: (string | number)[]): string => [fleet, ...parts].join('-');
/** A scheduled action without an explicit name: `<pool>-schedule-<n>`. */
export const scheduleName = (pool: string, index: number): string => `${pool}-schedule-${index + 1}`;

/**
 * Elastic Load Balancing names: at most 32 characters, alphanumerics and
 * hyphens, neither starting nor ending with a hyphen, and load balancer names
 * may not start with `internal-`.
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html
 */
export const ELB_NAME_MAX = 32;

/** Why `name` is not a valid ELB name, or null when it is. */
export function elbNameProblem(name: string, kind: 'load balancer' | 'target group'): string | null {
  if (name.length > ELB_NAME_MAX) return `is ${name.length} characters long; AWS allows at most ${ELB_NAME_MAX} for a ${kind} name`;
  if (!/^[A-Za-z0-9-]+$/.test(name)) return `may contain only letters, digits and hyphens`;
  if (name.startsWith('-') || name.endsWith('-')) return 'may not start or end with a hyphen';
  if (kind === 'load balancer' && name.startsWith('internal-')) return 'may not start with `internal-`';
  return null;
}
