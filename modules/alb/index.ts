/**
 * The Application Load Balancer over the fleet's zones: listeners (HTTP,
 * HTTPS with an ACM certificate, HTTP-to-HTTPS redirect), one target group
 * per service (instance targets, with its health check, routing algorithm,
 * stickiness, deregistration delay and slow start), and listener rules that
 * route by path and host to the services that are not the default.
 */
import { Construct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener, LbListenerDefaultAction } from '@cdktf/provider-aws/lib/lb-listener';
import { LbListenerRule, LbListenerRuleCondition } from '@cdktf/provider-aws/lib/lb-listener-rule';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';

export interface AlbHealthCheck {
  readonly path: string;
  /** `traffic-port` or a port number. */
  readonly port: 'traffic-port' | number;
  readonly protocol: 'HTTP' | 'HTTPS';
  /** Seconds between checks. */
  readonly interval: number;
  readonly timeout: number;
  readonly healthy: number;
  readonly unhealthy: number;
  /** HTTP codes that count as healthy, e.g. `200` or `200-299`. */
  readonly matcher: string;
}

export interface AlbTargetGroupProps {
  /** Key of the group (the service name); used in rules and `defaultTargetGroup`. */
  readonly key: string;
  /** Target group name, at most 32 characters. */
  readonly name: string;
  readonly port: number;
  /** @default 'HTTP' */
  readonly protocol?: 'HTTP' | 'HTTPS';
  readonly health: AlbHealthCheck;
  /** @default 'round_robin' */
  readonly algorithm?: 'round_robin' | 'least_outstanding_requests' | 'weighted_random';
  /** With `weighted_random`: automatic target weights (anomaly mitigation). @default false */
  readonly anomalyMitigation?: boolean;
  /** @default - no stickiness */
  readonly stickiness?: { type: 'lb_cookie' | 'app_cookie'; duration: number; cookie: string | null } | null;
  /** Seconds. @default 300 */
  readonly deregistrationDelay?: number;
  /** Seconds, 0 for off. @default 0 */
  readonly slowStart?: number;
}

export interface AlbListenerProps {
  readonly port: number;
  readonly protocol: 'HTTP' | 'HTTPS';
  /** HTTPS: the ACM certificate. @default - none */
  readonly certificateArn?: string | null;
  /** HTTPS: the TLS policy. @default 'ELBSecurityPolicy-TLS13-1-2-2021-06' */
  readonly sslPolicy?: string | null;
  /** Answer with a 301 to this HTTPS port instead of forwarding. @default - forward */
  readonly redirectTo?: number | null;
}

export interface AlbRuleProps {
  /** Key of the target group to forward to. */
  readonly targetGroup: string;
  /** Path patterns. @default [] */
  readonly paths?: string[];
  /** Host header patterns. @default [] */
  readonly hosts?: string[];
  /** 1 to 50000, unique per listener, lower first. */
  readonly priority: number;
}

export interface ApplicationLoadBalancerProps {
  /** Load balancer name, at most 32 characters. */
  readonly name: string;
  readonly vpcId: string;
  /** Subnets in at least two zones. */
  readonly subnetIds: string[];
  readonly securityGroupIds: string[];
  /** @default false */
  readonly internal?: boolean;
  /** Seconds. @default 60 */
  readonly idleTimeout?: number;
  /** @default false */
  readonly deletionProtection?: boolean;
  /** @default - no access logs */
  readonly accessLogs?: { bucket: string; prefix: string | null } | null;
  readonly targetGroups: AlbTargetGroupProps[];
  readonly listeners: AlbListenerProps[];
  /** Key of the group that answers requests no rule matches. @default - a fixed 404 answers them */
  readonly defaultTargetGroup?: string | null;
  /** Path and host rules, added to every forwarding listener. @default [] */
  readonly rules?: AlbRuleProps[];
  /**
   * What the load balancer waits for (`depends_on`), e.g. a created VPC's
   * internet gateway and public route. @default []
   */
  readonly dependsOn?: ITerraformDependable[];
}

export class ApplicationLoadBalancer extends Construct {
  readonly lb: Lb;
  /** Target groups by key. */
  readonly targetGroups: Record<string, LbTargetGroup> = {};
  /** Listeners by port. */
  readonly listeners: Record<number, LbListener> = {};

  constructor(scope: Construct, id: string, props: ApplicationLoadBalancerProps) {
    super(scope, id);
    // Problems are collected and reported at synthesis (construct
    // validation), never thrown: the emitter turns them into diagnostics.
    const problems = validateAlbProps(props);
    this.node.addValidation({ validate: () => problems });
    this.lb = new Lb(this, 'default', {
      name: props.name,
      loadBalancerType: 'application',
      internal: props.internal ?? false,
      subnets: props.subnetIds,
      securityGroups: props.securityGroupIds,
      idleTimeout: props.idleTimeout ?? 60,
      enableDeletionProtection: props.deletionProtection ?? false,
      // Requests with malformed headers are dropped rather than passed on
      // to model servers (request smuggling).
      dropInvalidHeaderFields: true,
      accessLogs: props.accessLogs ? { bucket: props.accessLogs.bucket, prefix: props.accessLogs.prefix ?? undefined, enabled: true } : undefined,
      // fleetform:* tags let `fleetform plan-comment` group resources in fleet terms.
      tags: { Name: props.name, 'fleetform:component': 'load-balancer' },
      dependsOn: props.dependsOn?.length ? props.dependsOn : undefined,
    });

    for (const tg of props.targetGroups) {
      const algorithm = tg.algorithm ?? 'round_robin';
      this.targetGroups[tg.key] = new LbTargetGroup(this, `tg-${tg.key}`, {
        name: tg.name,
        vpcId: props.vpcId,
        targetType: 'instance',
        port: tg.port,
        protocol: tg.protocol ?? 'HTTP',
        loadBalancingAlgorithmType: algorithm,
        // Anomaly mitigation exists only with weighted random routing.
        // https://docs.aws.amazon.com/elasticloadbalancing/latest/application/edit-target-group-attributes.html#modify-routing-algorithm
        loadBalancingAnomalyMitigation: algorithm === 'weighted_random' ? (tg.anomalyMitigation ? 'on' : 'off') : undefined,
        deregistrationDelay: String(tg.deregistrationDelay ?? 300),
        slowStart: tg.slowStart ?? 0,
        healthCheck: {
          enabled: true,
          path: tg.health.path,
          port: String(tg.health.port),
          protocol: tg.health.protocol,
          interval: tg.health.interval,
          timeout: tg.health.timeout,
          healthyThreshold: tg.health.healthy,
          unhealthyThreshold: tg.health.unhealthy,
          matcher: tg.health.matcher,
        },
        stickiness: tg.stickiness
          ? { enabled: true, type: tg.stickiness.type, cookieDuration: tg.stickiness.duration, cookieName: tg.stickiness.cookie ?? undefined }
          : undefined,
        tags: { Name: tg.name, 'fleetform:service': tg.key },
      });
    }

    const defaultAction = (): LbListenerDefaultAction =>
      props.defaultTargetGroup
        ? { type: 'forward', targetGroupArn: this.targetGroups[props.defaultTargetGroup]?.arn ?? '' }
        : { type: 'fixed-response', fixedResponse: { contentType: 'text/plain', statusCode: '404', messageBody: 'no service matches this request\n' } };
    for (const l of props.listeners) {
      const listener = new LbListener(this, `listener-${l.port}`, {
        loadBalancerArn: this.lb.arn,
        port: l.port,
        protocol: l.protocol,
        certificateArn: l.protocol === 'HTTPS' ? (l.certificateArn ?? undefined) : undefined,
        sslPolicy: l.protocol === 'HTTPS' ? (l.sslPolicy ?? 'ELBSecurityPolicy-TLS13-1-2-2021-06') : undefined,
        defaultAction: [
          l.redirectTo
            ? { type: 'redirect', redirect: { port: String(l.redirectTo), protocol: 'HTTPS', statusCode: 'HTTP_301' } }
            : defaultAction(),
        ],
      });
      this.listeners[l.port] = listener;
      if (l.redirectTo) continue;
      for (const r of props.rules ?? []) {
        if (!this.targetGroups[r.targetGroup]) continue;
        const condition: LbListenerRuleCondition[] = [];
        if (r.paths?.length) condition.push({ pathPattern: { values: r.paths } });
        if (r.hosts?.length) condition.push({ hostHeader: { values: r.hosts } });
        new LbListenerRule(this, `rule-${l.port}-${r.targetGroup}`, {
          listenerArn: listener.arn,
          priority: r.priority,
          action: [{ type: 'forward', targetGroupArn: this.targetGroups[r.targetGroup].arn }],
          condition,
        });
      }
    }
  }
}

/** What AWS would reject at apply time, as messages naming the prop. */
export function validateAlbProps(props: ApplicationLoadBalancerProps): string[] {
  const problems: string[] = [];
  const keys = new Set(props.targetGroups.map((t) => t.key));
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#availability-zones
  if (new Set(props.subnetIds).size < 2) problems.push(`subnetIds has ${props.subnetIds.length} subnet(s); an Application Load Balancer needs subnets in at least two zones`);
  if (props.defaultTargetGroup && !keys.has(props.defaultTargetGroup)) problems.push(`defaultTargetGroup '${props.defaultTargetGroup}' is not one of the target groups (${[...keys].join(', ')})`);
  for (const tg of props.targetGroups) {
    if (tg.name.length > 32) problems.push(`target group '${tg.key}': name '${tg.name}' is ${tg.name.length} characters; at most 32`);
    if (tg.health.timeout >= tg.health.interval) problems.push(`target group '${tg.key}': health check timeout ${tg.health.timeout} must be less than the interval ${tg.health.interval}`);
  }
  const ports = new Set(props.listeners.map((l) => l.port));
  for (const l of props.listeners) {
    if (l.protocol === 'HTTPS' && !l.certificateArn) problems.push(`listener ${l.port}: HTTPS needs certificateArn`);
    if (l.redirectTo && l.protocol !== 'HTTP') problems.push(`listener ${l.port}: only HTTP listeners redirect`);
    if (l.redirectTo && !props.listeners.some((o) => o.port === l.redirectTo && o.protocol === 'HTTPS')) problems.push(`listener ${l.port}: redirectTo ${l.redirectTo} is not an HTTPS listener`);
  }
  if (ports.size !== props.listeners.length) problems.push('listeners: two listeners share a port');
  const priorities = new Set<number>();
  for (const r of props.rules ?? []) {
    if (!keys.has(r.targetGroup)) problems.push(`rule ${r.priority}: target group '${r.targetGroup}' does not exist`);
    if (!r.paths?.length && !r.hosts?.length) problems.push(`rule ${r.priority}: needs paths or hosts`);
    if (r.priority < 1 || r.priority > 50000) problems.push(`rule priority ${r.priority}: must be 1 to 50000`);
    if (priorities.has(r.priority)) problems.push(`rule priority ${r.priority}: used twice`);
    priorities.add(r.priority);
  }
  return problems;
}
