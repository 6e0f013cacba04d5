import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GpuPool, GpuPoolProps, PoolScaling } from '../../modules/gpu-pool';
import { Json, only, resources, synth } from './synth';

const RPT = { kind: 'requests_per_target' as const, loadBalancerArnSuffix: 'app/alb/1', targetGroupArnSuffix: 'targetgroup/tg/2' };

const SCALING: PoolScaling[] = [
  { kind: 'target_tracking', name: 'tt-rpt', metric: RPT, target: 40, disableScaleIn: false },
  { kind: 'target_tracking', name: 'tt-cpu', metric: { kind: 'cpu' }, target: 55, disableScaleIn: true },
  {
    kind: 'target_tracking',
    name: 'tt-queue',
    metric: { kind: 'custom', namespace: 'Acme', name: 'QueueDepth', statistic: 'Average', unit: 'Count', dimensions: [{ name: 'AutoScalingGroupName', value: 'p' }] },
    target: 10,
    disableScaleIn: false,
  },
  {
    kind: 'step',
    name: 'step-up',
    alarm: { name: 'p-step-up', metric: { kind: 'cpu' }, comparison: 'GreaterThanThreshold', threshold: 70, period: 60, evaluationPeriods: 3 },
    adjustmentType: 'ChangeInCapacity',
    steps: [{ lower: 0, upper: 15, change: 2 }, { lower: 15, upper: null, change: 4 }],
    warmup: 300,
  },
  {
    kind: 'simple',
    name: 'simple-down',
    alarm: { name: 'p-simple-down', metric: RPT, comparison: 'LessThanThreshold', threshold: 5, period: 300, evaluationPeriods: 2 },
    adjustmentType: 'ChangeInCapacity',
    change: -1,
    cooldown: 600,
  },
  { kind: 'schedule', name: 'friday', recurrence: '0 17 * * FRI', timezone: 'Asia/Seoul', startTime: null, endTime: null, min: 10, desired: null, max: null },
  { kind: 'schedule', name: 'launch-day', recurrence: null, timezone: 'UTC', startTime: '2026-12-24T17:00:00Z', endTime: null, min: null, desired: 3, max: null },
  { kind: 'predictive', name: 'predict', metric: RPT, target: 40, mode: 'ForecastOnly', buffer: 300, maxCapacityBreach: 'IncreaseMaxCapacity', maxCapacityBuffer: 20 },
];

function pool(scaling: PoolScaling[] = SCALING, extra: Partial<GpuPoolProps> = {}) {
  return synth((s) => {
    new GpuPool(s, 'pool', {
      name: 'p',
      region: 'eu-west-1',
      subnetIds: ['subnet-a', 'subnet-b'],
      instanceType: 'g5.xlarge',
      image: { kind: 'id', id: 'ami-0123456789abcdef0' },
      userData: 'UD',
      securityGroupIds: ['sg-pools'],
      secrets: [{ store: 'ssm', name: '/p/hf-token' }],
      capacity: { min: 1, desired: 2, max: 8 },
      targetGroupArns: ['tg-a'],
      warmup: 420,
      healthGrace: 900,
      scaling,
      readinessHook: { name: 'ready', timeout: 1500 },
      ...extra,
    });
  }).tf;
}

const policy = (tf: Json, name: string) => Object.values(resources(tf, 'aws_autoscaling_policy')).find((p) => p.name === name)!;

test('the group spreads over the zones, registers with its target groups and uses load-balancer health after the grace', () => {
  const g = only(pool(), 'aws_autoscaling_group');
  assert.equal([g.min_size, g.desired_capacity, g.max_size], [1, 2, 8]);
  assert.equal(g.vpc_zone_identifier, ['subnet-a', 'subnet-b']);
  assert.equal(g.target_group_arns, ['tg-a']);
  assert.is(g.health_check_type, 'ELB');
  assert.is(g.health_check_grace_period, 900);
  assert.is(g.default_instance_warmup, 420);
  assert.equal(g.lifecycle.ignore_changes, ['desired_capacity', 'min_size'], 'policies own the desired capacity, the schedule (min: 10) the minimum');
});

test('ignore_changes: what the schedules set is theirs, and only that', () => {
  const ignored = (scaling: PoolScaling[]) => only(pool(scaling), 'aws_autoscaling_group').lifecycle?.ignore_changes ?? [];
  const sched = (min: number | null, desired: number | null, max: number | null): PoolScaling => ({ kind: 'schedule', name: `s-${min}-${desired}-${max}`, recurrence: '0 17 * * FRI', timezone: 'UTC', startTime: null, endTime: null, min, desired, max });
  assert.equal(ignored([]), [], 'no scaling: Terraform owns every size');
  assert.equal(ignored([SCALING[1]]), ['desired_capacity'], 'a policy moves desired only');
  assert.equal(ignored([sched(4, null, null)]), ['desired_capacity', 'min_size']);
  assert.equal(ignored([sched(null, null, 12)]), ['desired_capacity', 'max_size']);
  assert.equal(ignored([sched(null, 3, null)]), ['desired_capacity']);
  assert.equal(ignored([sched(4, null, null), sched(null, null, 12)]), ['desired_capacity', 'max_size', 'min_size']);
  assert.equal(ignored([SCALING[7]]), ['desired_capacity'], 'a predictive policy that may raise max leaves max to Terraform');
});

test('detailed monitoring on the launch template only when asked', () => {
  assert.equal(only(pool(SCALING, { detailedMonitoring: true }), 'aws_launch_template').monitoring, { enabled: true });
  assert.not.ok(only(pool(), 'aws_launch_template').monitoring, 'basic monitoring by default');
});

test('an apply waits for capacity longer than the readiness hook; a shorter wait is a validation problem', () => {
  assert.is(only(pool(), 'aws_autoscaling_group').wait_for_capacity_timeout, '2100s', 'hook 1500 s + 600 s by default');
  assert.is(only(pool(SCALING, { waitForCapacityTimeout: 3000 }), 'aws_autoscaling_group').wait_for_capacity_timeout, '3000s');
  const r = synth((s) => {
    new GpuPool(s, 'pool', { name: 'p', region: 'eu-west-1', subnetIds: ['a', 'b'], instanceType: 'g5.xlarge', image: { kind: 'id', id: 'ami-0123456789abcdef0' }, securityGroupIds: [], capacity: { min: 0, desired: 0, max: 1 }, readinessHook: { name: 'ready', timeout: 1500 }, waitForCapacityTimeout: 600 });
  });
  assert.equal(r.problems, ["waitForCapacityTimeout 600 s does not outlast the readiness hook's timeout 1500 s; an apply would give up on instances still loading"]);
});

test('pool instances require IMDSv2 and encrypt a root volume of the Ubuntu device name', () => {
  const lt = only(pool(), 'aws_launch_template');
  assert.is(lt.metadata_options.http_tokens, 'required');
  assert.equal(lt.block_device_mappings[0], { device_name: '/dev/sda1', ebs: { delete_on_termination: 'true', encrypted: 'true', volume_size: 100, volume_type: 'gp3' } });
  assert.is(lt.image_id, 'ami-0123456789abcdef0');
});

test('target tracking: ALB requests per target carries the resource label; CPU and custom metrics', () => {
  const tf = pool();
  assert.equal(policy(tf, 'tt-rpt').target_tracking_configuration.predefined_metric_specification, {
    predefined_metric_type: 'ALBRequestCountPerTarget',
    resource_label: 'app/alb/1/targetgroup/tg/2',
  });
  const cpu = policy(tf, 'tt-cpu').target_tracking_configuration;
  assert.is(cpu.predefined_metric_specification.predefined_metric_type, 'ASGAverageCPUUtilization');
  assert.is(cpu.disable_scale_in, true);
  assert.is(cpu.target_value, 55);
  assert.equal(policy(tf, 'tt-queue').target_tracking_configuration.customized_metric_specification, {
    metric_dimension: [{ name: 'AutoScalingGroupName', value: 'p' }],
    metric_name: 'QueueDepth',
    namespace: 'Acme',
    statistic: 'Average',
    unit: 'Count',
  });
});

test('step and simple policies are fired by their own CloudWatch alarms', () => {
  const tf = pool();
  const step = policy(tf, 'step-up');
  assert.is(step.policy_type, 'StepScaling');
  assert.equal(step.step_adjustment, [
    { metric_interval_lower_bound: '0', metric_interval_upper_bound: '15', scaling_adjustment: 2 },
    { metric_interval_lower_bound: '15', scaling_adjustment: 4 },
  ]);
  const alarms = resources(tf, 'aws_cloudwatch_metric_alarm');
  const up = Object.values(alarms).find((a) => a.alarm_name === 'p-step-up')!;
  assert.equal([up.namespace, up.metric_name, up.comparison_operator, up.threshold, up.evaluation_periods], ['AWS/EC2', 'CPUUtilization', 'GreaterThanThreshold', 70, 3]);
  assert.equal(up.alarm_actions, ['${aws_autoscaling_policy.pool_step-up.arn}']);
  const down = Object.values(alarms).find((a) => a.alarm_name === 'p-simple-down')!;
  assert.equal([down.namespace, down.metric_name, down.statistic, down.dimensions], ['AWS/ApplicationELB', 'RequestCountPerTarget', 'Sum', { TargetGroup: 'targetgroup/tg/2' }]);
  assert.equal(down.alarm_actions, ['${aws_autoscaling_policy.pool_simple-down.arn}']);
  const simple = policy(tf, 'simple-down');
  assert.equal([simple.policy_type, simple.scaling_adjustment, simple.cooldown, simple.adjustment_type], ['SimpleScaling', -1, 600, 'ChangeInCapacity']);
});

test('scheduled actions carry the time zone; sizes not given are -1 (unchanged), never 0', () => {
  const tf = pool();
  const byName = Object.fromEntries(Object.values(resources(tf, 'aws_autoscaling_schedule')).map((s) => [s.scheduled_action_name, s]));
  assert.equal(byName.friday.time_zone, 'Asia/Seoul');
  assert.equal(byName.friday.recurrence, '0 17 * * FRI');
  assert.equal([byName.friday.min_size, byName.friday.desired_capacity, byName.friday.max_size], [10, -1, -1]);
  assert.equal(byName['launch-day'].start_time, '2026-12-24T17:00:00Z');
  assert.not.ok(byName['launch-day'].recurrence);
  assert.equal([byName['launch-day'].min_size, byName['launch-day'].desired_capacity], [-1, 3]);
});

test('predictive scaling uses the metric pair with the resource label', () => {
  const p = policy(pool(), 'predict');
  assert.is(p.policy_type, 'PredictiveScaling');
  assert.equal(p.predictive_scaling_configuration, {
    max_capacity_breach_behavior: 'IncreaseMaxCapacity',
    max_capacity_buffer: '20',
    metric_specification: { predefined_metric_pair_specification: { predefined_metric_type: 'ALBRequestCount', resource_label: 'app/alb/1/targetgroup/tg/2' }, target_value: 40 },
    mode: 'ForecastOnly',
    scheduling_buffer_time: '300',
  });
});

test('without policies the apply owns the desired capacity', () => {
  const g = only(pool([]), 'aws_autoscaling_group');
  assert.not.ok(g.lifecycle);
  assert.equal(resources(pool([]), 'aws_autoscaling_policy'), {});
});

test('the pool role reads exactly the container secrets and completes launches of its own group only', () => {
  const p = JSON.parse(only(pool(), 'aws_iam_role_policy').policy);
  assert.equal(p.Statement.map((s: Json) => [s.Action, s.Resource]), [
    ['ssm:GetParameter', 'arn:${data.aws_partition.account_partition.partition}:ssm:eu-west-1:${data.aws_caller_identity.account_caller.account_id}:parameter/p/hf-token'],
    ['autoscaling:CompleteLifecycleAction', 'arn:${data.aws_partition.account_partition.partition}:autoscaling:eu-west-1:${data.aws_caller_identity.account_caller.account_id}:autoScalingGroup:*:autoScalingGroupName/p'],
  ]);
});

test('instances wait in Pending:Wait on the readiness hook, abandoned when it times out', () => {
  const g = only(pool(), 'aws_autoscaling_group');
  assert.equal(g.initial_lifecycle_hook, [{ default_result: 'ABANDON', heartbeat_timeout: 1500, lifecycle_transition: 'autoscaling:EC2_INSTANCE_LAUNCHING', name: 'ready' }]);
});

test('an ECR image: a registry token, and pulls from exactly its repository in its own account and region', () => {
  const p = JSON.parse(only(pool(SCALING, { ecrRepository: { account: '210987654321', region: 'us-east-1', repository: 'acme/summarizer' } }), 'aws_iam_role_policy').policy);
  const ecr = p.Statement.filter((s: Json) => JSON.stringify(s.Action).includes('ecr:'));
  assert.equal(ecr.map((s: Json) => [s.Action, s.Resource]), [
    ['ecr:GetAuthorizationToken', '*'],
    [['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'], 'arn:${data.aws_partition.account_partition.partition}:ecr:us-east-1:210987654321:repository/acme/summarizer'],
  ]);
  const none = JSON.parse(only(pool(), 'aws_iam_role_policy').policy);
  assert.not.match(JSON.stringify(none), /ecr:/, 'no ECR grant for a public registry');
});

test.run();
