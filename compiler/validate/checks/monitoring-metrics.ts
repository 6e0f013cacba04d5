/**
 * Every alarm watches a metric that exists, with dimensions it is published
 * with, under a statistic CloudWatch knows, on something of this fleet.
 *
 * - Namespaces: the AWS ones a fleet has (AWS/ApplicationELB for the ALB,
 *   AWS/NetworkELB for the static-IP NLB, AWS/AutoScaling, AWS/EC2), the
 *   fleet's own (Fleetform/<fleet>), or another custom one, which may not
 *   start with `AWS/` (reserved by AWS).
 *   https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html#Namespace
 * - Metric names and dimension sets per namespace: modules/monitoring/metrics.ts,
 *   with its sources. An ALB metric asked of the NLB (or the reverse) names
 *   the namespace where it does exist.
 * - Statistics: the simple five or an extended statistic; a percentile is
 *   `p` and 0 to 100 with at most two decimals.
 *   https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Statistics-definitions.html
 */
import type { PathSegment } from '../../diagnostics/diagnostic';
import type { Check, CheckContext } from './check';
import { didYouMean } from '../suggest';
import { at, capitalize, entries, hostsOf, namesOf, obj, type Obj, poolsOf, servicesOf, show, str } from './read';
import { type AlarmSubject, AWS_NAMESPACES, dimensionSetsOf, fleetNamespace, fleetNamespaceMetrics, namespacesWith, statisticProblem, subjectDimensionNames } from '../../../modules/monitoring/metrics';

const SUBJECT_KEYS = ['service', 'pool', 'host', 'load_balancer'] as const;

export const monitoringMetrics: Check = {
  name: 'monitoring-metrics',
  codes: {
    FF520: 'an alarm namespace that is unknown, or a custom namespace starting with AWS/',
    FF521: 'an alarm metric that does not exist in its namespace',
    FF522: 'an alarm on a metric that is not published for what it names (service, pool, host or load balancer)',
    FF523: 'a statistic or percentile CloudWatch does not know',
    FF524: 'an alarm names a service, pool or host that does not exist, or more than one of them',
  },
  run(ctx) {
    const m = obj(ctx.spec.monitoring);
    if (!m) return;
    // Latency percentiles of the built-in service alarms.
    const latencies: [unknown, PathSegment[]][] = [[obj(obj(m.services)?.latency)?.percentile, ['monitoring', 'services', 'latency', 'percentile']]];
    for (const [name, o] of Object.entries(obj(m.service_overrides) ?? {})) latencies.push([obj(obj(o)?.latency)?.percentile, ['monitoring', 'service_overrides', name, 'latency', 'percentile']]);
    for (const [v, path] of latencies) {
      if (typeof v !== 'string') continue;
      const problem = /^p/.test(v) ? statisticProblem(v) : 'a latency alarm takes a percentile such as p90 or p99';
      if (problem) ctx.report({ code: 'FF523', path, message: `${at(path)} is ${show(v)}; ${problem}`, hint: 'Use p90, p95, p99 or p99.9.' });
    }
    for (const a of entries(m, ['alarms'])) customAlarm(ctx, a.value, ['monitoring', ...a.path]);
  },
};

function customAlarm(ctx: CheckContext, alarm: Obj, path: PathSegment[]): void {
  const fleet = str(ctx.spec.name) ?? '';
  const own = fleetNamespace(fleet);
  const statistic = str(alarm.statistic);
  if (statistic !== undefined) {
    const problem = statisticProblem(statistic);
    if (problem) ctx.report({ code: 'FF523', path: [...path, 'statistic'], message: `${at([...path, 'statistic'])} is ${show(statistic)}; ${problem}`, hint: 'Sum for counts, Average or a percentile (p90, p99) for times, Minimum for healthy-host counts.' });
  }
  const subject = subjectOf(ctx, alarm, path);
  const namespace = str(alarm.namespace);
  const metric = str(alarm.metric);
  if (namespace === undefined || metric === undefined) return;
  const nsPath = [...path, 'namespace'];
  const known = namespace === own || namespace in AWS_NAMESPACES;
  if (!known) {
    if (/^AWS\//i.test(namespace)) {
      const dym = didYouMean(namespace, [...Object.keys(AWS_NAMESPACES), own]);
      ctx.report({ code: 'FF520', path: nsPath, message: `${at(nsPath)} is ${show(namespace)}, which is not a namespace this fleet publishes to; the AWS/ prefix is reserved for AWS services`, hint: dym ? capitalize(dym) : `A fleet has ${Object.keys(AWS_NAMESPACES).join(', ')} and its own ${own}.` });
    } else if (/^Fleetform\//.test(namespace)) {
      ctx.report({ code: 'FF520', path: nsPath, message: `${at(nsPath)} is ${show(namespace)}, but this fleet's own namespace is ${own}`, hint: `Use ${own}.` });
    } else if (!/^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/.test(namespace) || namespace.includes(':')) {
      ctx.report({ code: 'FF520', path: nsPath, message: `${at(nsPath)} is ${show(namespace)}; a namespace is printable ASCII without colons`, hint: 'Use letters, digits and . - _ / # as in MyTeam/Model.' });
    }
    // Another custom namespace: its metrics are whatever someone publishes there.
    return;
  }
  const sets = dimensionSetsOf(namespace, metric, fleet);
  const mPath = [...path, 'metric'];
  if (!sets) {
    const elsewhere = namespacesWith(metric).filter((ns) => ns !== namespace);
    const table = namespace === own ? fleetNamespaceMetrics() : AWS_NAMESPACES[namespace];
    const dym = didYouMean(metric, Object.keys(table));
    ctx.report({
      code: 'FF521',
      path: mPath,
      message: `${at(mPath)} is ${show(metric)}, which ${namespace} does not publish${elsewhere.length ? `; it is a metric of ${elsewhere.join(' and ')}` : ''}`,
      hint: elsewhere.length ? `Use namespace: ${elsewhere[0]}${elsewhere[0] === 'AWS/ApplicationELB' ? ' (the ALB)' : elsewhere[0] === 'AWS/NetworkELB' ? ' (the static-IP NLB)' : ''}.` : dym ? capitalize(dym) : `Metrics of ${namespace}: ${Object.keys(table).slice(0, 8).join(', ')}${Object.keys(table).length > 8 ? ', ...' : ''}.`,
    });
    return;
  }
  if (subject === null) return;
  if (subject === 'load-balancer' && namespace !== 'AWS/ApplicationELB' && namespace !== 'AWS/NetworkELB') {
    ctx.report({ code: 'FF522', path: [...path, 'load_balancer'], atKey: true, message: `${at([...path, 'load_balancer'])} names a load balancer, but ${namespace} metrics are not per load balancer`, hint: 'Use AWS/ApplicationELB (alb) or AWS/NetworkELB (nlb), or name a pool or host instead.' });
    return;
  }
  const lb = str(alarm.load_balancer);
  if ((lb === 'alb' && namespace === 'AWS/NetworkELB') || (lb === 'nlb' && namespace === 'AWS/ApplicationELB') || (subject === 'service' && namespace === 'AWS/NetworkELB')) {
    const key = subject === 'service' ? 'service' : 'load_balancer';
    ctx.report({ code: 'FF522', path: [...path, key], atKey: true, message: `${at([...path, key])} is ${subject === 'service' ? 'a service (a target group of the ALB)' : show(lb)}, but ${namespace} is the namespace of the ${namespace === 'AWS/NetworkELB' ? 'NLB' : 'ALB'}`, hint: namespace === 'AWS/NetworkELB' ? 'Use namespace: AWS/ApplicationELB for the ALB and its services; monitoring.front_door watches the NLB.' : 'Use namespace: AWS/NetworkELB for the NLB.' });
    return;
  }
  if (lb === 'nlb' && !obj(obj(ctx.spec.load_balancer)?.static_ips)) {
    ctx.report({ code: 'FF522', path: [...path, 'load_balancer'], message: `${at([...path, 'load_balancer'])} is nlb, but the fleet has no static-IP NLB (load_balancer.static_ips)`, hint: 'Watch the ALB (alb), or add load_balancer.static_ips.' });
    return;
  }
  const want = subjectDimensionNames(namespace, metric, subject, fleet).join(',');
  if (!sets.some((s) => s.join(',') === want)) {
    const keyPath = subject === 'none' ? path : [...path, SUBJECT_KEYS[['service', 'pool', 'host', 'load-balancer'].indexOf(subject)]];
    const publishedFor = sets.map((s) => (s.length ? s.join(' + ') : 'the whole region')).join('; ');
    ctx.report({
      code: 'FF522',
      path: keyPath,
      atKey: subject !== 'none',
      message: `${at(path)} watches ${namespace} ${metric} ${subject === 'none' ? 'for nothing in particular' : `for a ${subject.replace('-', ' ')}`} (dimensions ${want || 'none'}), but ${metric} is published only with ${publishedFor}; the alarm would never get data`,
      hint: hintFor(metric, namespace, sets),
    });
  }
}

function hintFor(metric: string, namespace: string, sets: readonly (readonly string[])[]): string {
  const flat = new Set(sets.flat());
  if (flat.has('TargetGroup') && namespace === 'AWS/ApplicationELB') return `Name a service (its target group): \`service: <name>\`.`;
  if (flat.has('TargetGroup')) return 'monitoring.front_door watches the NLB\'s target groups.';
  if (flat.has('LoadBalancer')) return `${metric} exists per load balancer only: use \`load_balancer: ${namespace === 'AWS/NetworkELB' ? 'nlb' : 'alb'}\` instead.`;
  if (flat.has('Host')) return 'Name a host: `host: <name>`.';
  if (flat.has('Pool') || flat.has('AutoScalingGroupName')) return 'Name a pool (`pool: <name>`) or a host (its proxy\'s group).';
  return 'Remove service, pool, host and load_balancer.';
}

/** The subject the alarm names, reporting unknown names and more than one subject; null when unusable. */
function subjectOf(ctx: CheckContext, alarm: Obj, path: PathSegment[]): AlarmSubject | null {
  const given = SUBJECT_KEYS.filter((k) => alarm[k] !== undefined);
  if (given.length > 1) {
    ctx.report({ code: 'FF524', path: [...path, given[1]], atKey: true, message: `${at(path)} names both ${given[0]} and ${given[1]}; an alarm watches one thing`, hint: 'Keep one of them, or write two alarms.' });
    return null;
  }
  if (given.length === 0) return 'none';
  const key = given[0];
  if (key === 'load_balancer') return 'load-balancer';
  const value = str(alarm[key]);
  if (value === undefined) return null;
  const names = namesOf(key === 'service' ? servicesOf(ctx.spec) : key === 'pool' ? poolsOf(ctx.spec) : hostsOf(ctx.spec));
  if (!names.includes(value)) {
    const dym = didYouMean(value, names);
    ctx.report({ code: 'FF524', path: [...path, key], message: `${at([...path, key])} is ${show(value)}, which is not a ${key} of this fleet${names.length ? `; ${key}s: ${names.join(', ')}` : ''}`, hint: dym ? capitalize(dym) : `Name one of the fleet's ${key}s.` });
    return null;
  }
  return key;
}
