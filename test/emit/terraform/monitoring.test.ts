/**
 * Structural tests of the monitoring Terraform, derived from each fleet file
 * that has `monitoring:` (the seed and the examples): the alarms the fleet
 * asks for exist, watch the right load balancer, target group, host or pool,
 * on metrics that exist with those dimensions, within CloudWatch's limits,
 * and alert the topic; the dashboard body has the documented structure; the
 * roles may put metrics into the fleet namespace only; the access-log bucket
 * is what Elastic Load Balancing needs in the region.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { dimensionSetsOf, fleetNamespace, gpuMetricName, GPU_MEASUREMENTS, HOST_HEALTH_METRIC, statisticProblem } from '../../../modules/monitoring/metrics';
import { elbLogDeliveryPrincipal } from '../../../modules/monitoring';
import { agentConfigErrors, dashboardBodyErrors } from '../../helpers/cloudwatch-schemas';
import { buildFleet, goldenFleets, loadFleet } from './fleets';

type Json = Record<string, any>;

const monitored = goldenFleets()
  .map((g) => ({ ...g, fleet: loadFleet(g.file) }))
  .filter((g) => g.fleet.monitoring !== null);

test('the seed scenario and at least one example use monitoring', () => {
  // The seed's own copy (spec/fleet.yaml is the team's and may say anything).
  assert.ok(loadFleet('test/fixtures/seed/fleet.yaml').monitoring, 'test/fixtures/seed/fleet.yaml has monitoring');
  assert.ok(monitored.some((m) => m.file.startsWith('examples/')), monitored.map((m) => m.file).join(', '));
});

/** `${aws_x.name.attr}` -> the resource body, or undefined. */
function ref(tf: Json, expr: unknown): { type: string; name: string; attr: string; body: Json } | undefined {
  const m = typeof expr === 'string' ? /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z_]+)\}$/.exec(expr) : null;
  if (!m) return undefined;
  const body = tf.resource?.[m[1]]?.[m[2]];
  return body ? { type: m[1], name: m[2], attr: m[3], body } : undefined;
}

/** The metrics an alarm watches: its own, or the metric queries of its math. */
function metricsOf(alarm: Json): { namespace: string; name: string; stat: string; dimensions: Json }[] {
  if (alarm.metric_name) return [{ namespace: alarm.namespace, name: alarm.metric_name, stat: alarm.statistic ?? alarm.extended_statistic, dimensions: alarm.dimensions ?? {} }];
  return (alarm.metric_query as Json[]).filter((q) => q.metric).map((q) => ({ namespace: q.metric.namespace, name: q.metric.metric_name, stat: q.metric.stat, dimensions: q.metric.dimensions ?? {} }));
}

for (const { file, fleet } of monitored) {
  const files = buildFleet(file);
  const tf = JSON.parse(files.find((f) => f.path === 'main.tf.json')!.content) as Json;
  const alarms = Object.values(tf.resource.aws_cloudwatch_metric_alarm ?? {}) as Json[];
  const byName = new Map(alarms.map((a) => [a.alarm_name as string, a]));
  const m = fleet.monitoring!;
  const topic = m.notify.kind === 'existing' ? m.notify.topicArn : '${aws_sns_topic.monitoring_topic.arn}';

  test(`${file}: every alarm of the fleet exists once, alerts the topic, and stays within CloudWatch's limits`, () => {
    for (const a of m.alarms) {
      const r = byName.get(a.name);
      assert.ok(r, `alarm ${a.name} is missing`);
      assert.equal(r!.alarm_actions, [topic], a.name);
      assert.equal(r!.ok_actions, [topic], a.name);
      assert.is(r!.threshold, a.threshold, a.name);
      assert.is(r!.evaluation_periods, a.evaluationPeriods, a.name);
      const period = r!.period ?? r!.metric_query.find((q: Json) => q.metric).metric.period;
      assert.is(period % 60, 0, `${a.name}: period ${period}`);
      assert.ok(period * r!.evaluation_periods <= (period < 3600 ? 86400 : 604800), `${a.name}: evaluation window`);
      assert.ok(a.name.length <= 255);
      for (const x of metricsOf(r!)) {
        assert.is(statisticProblem(x.stat), null, `${a.name}: ${x.stat}`);
        const sets = dimensionSetsOf(x.namespace, x.name, fleet.name);
        assert.ok(sets, `${a.name}: ${x.namespace} ${x.name} is not a known metric`);
        const dims = Object.keys(x.dimensions).sort().join(',');
        assert.ok(sets!.some((s) => s.join(',') === dims), `${a.name}: ${x.name} is not published with ${dims}`);
      }
    }
    // The stack's other alarms are the pools' scaling alarms, nothing else.
    const extra = alarms.filter((a) => !m.alarms.some((x) => x.name === a.alarm_name)).map((a) => a.alarm_name as string);
    for (const name of extra) assert.ok(fleet.pools.some((p) => p.scaling.some((s) => (s.kind === 'step' || s.kind === 'simple') && s.alarm.name === name)), `unexpected alarm ${name}`);
  });

  test(`${file}: each service, host, pool and forwarded port is watched where the fleet says`, () => {
    const tgOf = (a: Json): string | undefined => {
      const dims = metricsOf(a)[0].dimensions;
      return ref(tf, dims.TargetGroup)?.body.name;
    };
    for (const s of fleet.services) {
      const a = byName.get(`${fleet.name}-${s.name}-no-healthy-target`);
      assert.ok(a, `service ${s.name} has no no-healthy-target alarm`);
      assert.is(tgOf(a!), s.targetGroupName);
      assert.is(ref(tf, metricsOf(a!)[0].dimensions.LoadBalancer)?.body.name, fleet.loadBalancer.name);
      assert.is(a!.treat_missing_data, 'breaching', 'no data from the target group is no healthy target');
    }
    for (const h of fleet.hosts.filter((x) => x.servicePort !== null && m.hostCheckEvery !== null)) {
      const a = byName.get(`${fleet.name}-host-${h.name}-unreachable`);
      assert.ok(a, `host ${h.name} has no alarm`);
      assert.equal(metricsOf(a!)[0], { namespace: fleetNamespace(fleet.name), name: HOST_HEALTH_METRIC, stat: 'Minimum', dimensions: { Host: h.name } });
      assert.is(a!.treat_missing_data, 'breaching', 'a proxy that publishes nothing is an unreachable host');
      assert.is(a!.tags['fleetform:host'], h.name, 'plan comments file it under its host');
    }
    for (const p of fleet.pools.filter(() => m.gpuSampleEvery !== null)) {
      const gpu = alarms.filter((a) => metricsOf(a).some((x) => x.namespace === fleetNamespace(fleet.name) && x.name.startsWith('nvidia_smi_')));
      assert.ok(gpu.length > 0, `pool ${p.name} has no GPU alarm`);
      for (const a of gpu) for (const x of metricsOf(a)) assert.equal(x.dimensions, { AutoScalingGroupName: p.asgName });
    }
    for (const port of fleet.staticIps?.ports ?? []) {
      const a = byName.get(`${fleet.name}-nlb-${port.port}-no-healthy-alb`);
      assert.ok(a, `forwarded port ${port.port} has no alarm`);
      assert.is(a!.namespace, 'AWS/NetworkELB');
      assert.is(tgOf(a!), port.targetGroupName);
    }
  });

  test(`${file}: alerts go where the fleet says`, () => {
    const subs = Object.values(tf.resource.aws_sns_topic_subscription ?? {}) as Json[];
    if (m.notify.kind === 'existing') {
      assert.is(tf.resource.aws_sns_topic, undefined);
      assert.is(subs.length, 0);
      return;
    }
    assert.is(tf.resource.aws_sns_topic.monitoring_topic.name, m.notify.topicName);
    const got = subs.map((s) => `${s.protocol} ${s.endpoint}`).sort();
    const want = [...m.notify.emails.map((e) => `email ${e}`), ...m.notify.https.map((u) => `https ${u}`)].sort();
    assert.equal(got, want);
    for (const s of subs) assert.is(s.topic_arn, topic);
  });

  test(`${file}: the dashboard body has the documented structure and shows what the fleet has`, () => {
    if (m.dashboard === null) return;
    const d = tf.resource.aws_cloudwatch_dashboard.monitoring_dashboard;
    assert.is(d.dashboard_name, m.dashboard);
    const body = JSON.parse(d.dashboard_body);
    assert.equal(dashboardBodyErrors(body), []);
    const widgets = body.widgets as Json[];
    // The grid is 24 wide and widgets do not overlap.
    const cells = new Set<string>();
    for (const w of widgets) {
      assert.ok(w.x + w.width <= 24, `widget ${w.properties.title} overflows the grid`);
      for (let x = w.x; x < w.x + w.width; x++) {
        for (let y = w.y; y < w.y + w.height; y++) {
          assert.not.ok(cells.has(`${x},${y}`), `widgets overlap at ${x},${y}`);
          cells.add(`${x},${y}`);
        }
      }
    }
    const rows = widgets.filter((w) => w.type === 'metric').flatMap((w) => w.properties.metrics as unknown[][]);
    for (const w of widgets.filter((x) => x.type === 'metric')) assert.is(w.properties.region, fleet.region);
    for (const row of rows) {
      if (typeof row[0] !== 'string') continue;
      const [ns, name, ...rest] = row as string[];
      const pairs = rest.filter((x) => typeof x === 'string');
      const dims = pairs.filter((_, i) => i % 2 === 0).sort().join(',');
      const sets = dimensionSetsOf(ns, name, fleet.name);
      assert.ok(sets && sets.some((s) => s.join(',') === dims), `dashboard metric ${ns} ${name} with ${dims} does not exist`);
    }
    const alarmArns = widgets.filter((w) => w.type === 'alarm').flatMap((w) => w.properties.alarms);
    assert.is(alarmArns.length, m.alarms.length, 'every alarm is on the dashboard');
    const shown = (name: string, value: string): boolean => rows.some((r) => r.includes(name) && r.includes(value));
    for (const h of fleet.hosts.filter((x) => x.servicePort !== null && m.hostCheckEvery !== null)) assert.ok(shown(HOST_HEALTH_METRIC, h.name), `host ${h.name} is on the dashboard`);
    for (const p of fleet.pools) assert.ok(shown('GroupInServiceInstances', p.asgName), `pool ${p.name} capacity is on the dashboard`);
    for (const z of fleet.zones) assert.ok(shown('HealthyHostCount', z), `zone ${z} is on the dashboard`);
  });

  test(`${file}: roles may put metrics into the fleet namespace only`, () => {
    const policies = Object.entries(tf.resource.aws_iam_role_policy ?? {}) as [string, Json][];
    for (const [name, p] of policies) {
      const doc = JSON.parse(p.policy) as { Statement: Json[] };
      for (const s of doc.Statement.filter((x) => [x.Action].flat().some((a: string) => a.startsWith('cloudwatch:')))) {
        assert.equal(s.Action, 'cloudwatch:PutMetricData', name);
        assert.is(s.Resource, '*', name);
        assert.equal(s.Condition, { StringEquals: { 'cloudwatch:namespace': fleetNamespace(fleet.name) } }, name);
      }
    }
    const publishing = policies.filter(([, p]) => p.policy.includes('cloudwatch:PutMetricData')).map(([n]) => n);
    for (const h of fleet.hosts.filter((x) => x.servicePort !== null && m.hostCheckEvery !== null)) assert.ok(publishing.some((n) => n.includes(`proxies_${h.name}_`)), `proxy of ${h.name} may publish`);
    for (const p of fleet.pools.filter(() => m.poolReadiness)) assert.ok(publishing.some((n) => n.includes(`pool-${p.name}_`)), `pool ${p.name} may publish`);
  });

  test(`${file}: the pools' agent configuration has the documented structure and feeds the alarms`, () => {
    for (const p of fleet.pools) {
      const cc = parse(files.find((f) => f.path === `pools/${p.name}/cloud-config.yaml`)!.content, { version: '1.1' }) as { write_files: { path: string; content: string }[] };
      const agentFile = cc.write_files.find((w) => w.path.startsWith('/opt/aws/amazon-cloudwatch-agent/'));
      if (m.gpuSampleEvery === null) {
        assert.is(agentFile, undefined);
        continue;
      }
      assert.ok(agentFile, `pool ${p.name} configures the agent`);
      const config = JSON.parse(agentFile!.content);
      assert.equal(agentConfigErrors(config), []);
      assert.is(config.metrics.namespace, fleetNamespace(fleet.name));
      assert.is(config.metrics.metrics_collected.nvidia_gpu.metrics_collection_interval, m.gpuSampleEvery);
      // Every GPU metric an alarm or the dashboard reads is one the agent publishes, per group.
      const published = new Set((config.metrics.metrics_collected.nvidia_gpu.measurement as string[]).map(gpuMetricName));
      for (const a of alarms) for (const x of metricsOf(a)) if (x.name.startsWith('nvidia_smi_')) assert.ok(published.has(x.name), x.name);
      assert.ok((config.metrics.aggregation_dimensions as string[][]).some((d) => d.join(',') === 'AutoScalingGroupName'));
      assert.equal([...published].sort(), GPU_MEASUREMENTS.map(gpuMetricName).sort());
    }
  });

  test(`${file}: a created access-log bucket is what ELB needs in the region`, () => {
    const logs = fleet.loadBalancer.accessLogs;
    if (!logs?.create) {
      assert.is(tf.resource.aws_s3_bucket?.['access-logs'], undefined);
      return;
    }
    const r = tf.resource;
    assert.is(r.aws_s3_bucket['access-logs'].bucket, logs.bucket);
    assert.equal(r.aws_s3_bucket_server_side_encryption_configuration['access-logs_encryption'].rule, [{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }]);
    assert.equal(r.aws_s3_bucket_lifecycle_configuration['access-logs_retention'].rule[0].expiration, [{ days: logs.create.retentionDays }]);
    const pab = r.aws_s3_bucket_public_access_block['access-logs_public-access'];
    assert.ok(pab.block_public_acls && pab.block_public_policy && pab.ignore_public_acls && pab.restrict_public_buckets);
    const statement = JSON.parse(r.aws_s3_bucket_policy['access-logs_policy'].policy).Statement[0];
    const who = elbLogDeliveryPrincipal(fleet.region);
    if (who.kind === 'account') assert.match(statement.Principal.AWS, new RegExp(`:iam::${who.account}:root$`));
    else assert.equal(statement.Principal, { Service: who.service });
    assert.equal(statement.Action, 's3:PutObject');
    assert.ok((statement.Resource as string).includes(`${logs.bucket}/${logs.prefix ? `${logs.prefix}/` : ''}AWSLogs/`));
    assert.ok((r.aws_lb.alb.depends_on as string[]).includes('aws_s3_bucket_policy.access-logs_policy'), 'the ALB waits for the bucket policy');
  });
}

test('ELB log delivery: the legacy account where AWS lists one, the service principal in newer regions', () => {
  assert.equal(elbLogDeliveryPrincipal('ap-northeast-2'), { kind: 'account', account: '600734575887' });
  assert.equal(elbLogDeliveryPrincipal('us-east-1'), { kind: 'account', account: '127311923021' });
  assert.equal(elbLogDeliveryPrincipal('ap-south-2'), { kind: 'service', service: 'logdelivery.elasticloadbalancing.amazonaws.com' });
  assert.equal(elbLogDeliveryPrincipal('eu-central-2'), { kind: 'service', service: 'logdelivery.elasticloadbalancing.amazonaws.com' });
});

test.run();
