/**
 * A GPU pool: elastic cloud capacity running the model container. An Auto
 * Scaling group over the fleet's zones, from a hardened launch template,
 * registered with its services' target groups (instance target type), with
 * load-balancer health checks after a grace period for model loading, a
 * default instance warm-up, and every scaling kind of the spec.
 */
import { Construct } from 'constructs';
import { ITerraformDependable, Token } from 'cdktf';
import { AutoscalingGroup } from '@cdktf/provider-aws/lib/autoscaling-group';
import { AccountContext } from '../common/account';
import { InstanceRole, PolicyStatement, putMetricStatement, SecretLocation, secretReadStatements } from '../common/instance-role';
import { HardenedLaunchTemplate, ImageRef } from '../common/launch-template';
import { addScaling, PoolScaling } from './scaling';

export type { PoolAlarm, PoolMetric, PoolScaling, PoolAdjustmentType } from './scaling';

export interface GpuPoolProps {
  /** Auto Scaling group, launch template and role name, e.g. `legal-chat-pool-burst`. */
  readonly name: string;
  readonly region: string;
  /** Subnets to spread over, one per zone. */
  readonly subnetIds: string[];
  readonly instanceType: string;
  readonly image: ImageRef;
  /** Root device name of `image`. @default '/dev/sda1' (Ubuntu-based deep learning images) */
  readonly rootDeviceName?: string;
  /** Root volume size, GiB. @default 100 */
  readonly rootVolumeGb?: number;
  /** Base64 user data (the provisioning stage's cloud-config). @default - none */
  readonly userData?: string;
  readonly securityGroupIds: string[];
  /** Secrets instances read at boot (secret container environment). @default [] */
  readonly secrets?: SecretLocation[];
  readonly capacity: { min: number; desired: number; max: number };
  /** Target groups to register instances with. @default [] */
  readonly targetGroupArns?: string[];
  /** Default instance warm-up, seconds. @default 300 */
  readonly warmup?: number;
  /** Seconds after launch before failing load-balancer health checks count. @default 600 */
  readonly healthGrace?: number;
  /** Scaling policies and scheduled actions. @default [] */
  readonly scaling?: PoolScaling[];
  /**
   * EC2 detailed monitoring (1-minute metrics), which alarms with periods
   * under 300 s on CPU or network need. @default false
   */
  readonly detailedMonitoring?: boolean;
  /** Tags for the instances and their volumes. @default {} */
  readonly tags?: Record<string, string>;
  /**
   * A private ECR repository the container image comes from: the role may
   * get a registry token and pull from exactly this repository.
   * @default - none (a public registry)
   */
  readonly ecrRepository?: { account: string; region: string; repository: string } | null;
  /**
   * A launch lifecycle hook the instance completes itself once its model
   * answers (CONTINUE) or gives up (ABANDON). Until then the instance stays
   * in Pending:Wait: not registered with the target groups, not counted by
   * scaling. If nothing answers within `timeout` seconds, Auto Scaling
   * abandons the launch and replaces the instance. The instance role may
   * complete lifecycle actions of this group only.
   * https://docs.aws.amazon.com/autoscaling/ec2/userguide/lifecycle-hooks.html
   * @default - no hook: instances count as ready when they are running
   */
  readonly readinessHook?: { name: string; timeout: number };
  /**
   * The CloudWatch namespace instances publish to (the agent's GPU metrics,
   * abandoned launches); the role may put metrics into it and no other.
   * @default - instances publish nothing
   */
  readonly metricNamespace?: string | null;
  /**
   * Collect the group's metrics (desired, in service, pending, terminating,
   * max) every minute, for alarms and the dashboard. They cost nothing.
   * https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-metrics.html
   * @default false
   */
  readonly groupMetrics?: boolean;
  /**
   * Seconds `terraform apply` waits for the group's instances to be
   * InService (`wait_for_capacity_timeout`). With a readiness hook it must
   * outlast the hook's timeout, or an apply fails (and taints a new group)
   * while instances are still loading their model.
   * @default - the hook's timeout + 600 with a readiness hook, else the provider's 10 minutes
   */
  readonly waitForCapacityTimeout?: number;
  /**
   * What the group waits for (`depends_on`): instances with public addresses
   * need a created VPC's internet gateway and public route. @default []
   */
  readonly dependsOn?: ITerraformDependable[];
}

/** Group metrics a watched pool collects. */
export const POOL_GROUP_METRICS = ['GroupDesiredCapacity', 'GroupInServiceInstances', 'GroupMaxSize', 'GroupMinSize', 'GroupPendingInstances', 'GroupTerminatingInstances', 'GroupTotalInstances'];

export class GpuPool extends Construct {
  readonly role: InstanceRole;
  readonly launchTemplate: HardenedLaunchTemplate;
  readonly group: AutoscalingGroup;

  constructor(scope: Construct, id: string, props: GpuPoolProps) {
    super(scope, id);
    const tags: Record<string, string> = { ...(props.tags ?? {}), Name: props.name };
    const statements: PolicyStatement[] = secretReadStatements(this, props.region, props.secrets ?? []);
    if (props.readinessHook) {
      statements.push({
        sid: 'CompleteOwnLaunch',
        actions: ['autoscaling:CompleteLifecycleAction'],
        resources: [AccountContext.of(this).arn('autoscaling', props.region, `autoScalingGroup:*:autoScalingGroupName/${props.name}`)],
      });
    }
    if (props.ecrRepository) {
      const repo = props.ecrRepository;
      // GetAuthorizationToken cannot be scoped to a resource; AWS requires "*".
      // https://docs.aws.amazon.com/AmazonECR/latest/userguide/security_iam_id-based-policy-examples.html
      statements.push({ sid: 'EcrToken', actions: ['ecr:GetAuthorizationToken'], resources: ['*'] });
      statements.push({
        sid: 'EcrPullImage',
        actions: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
        // The image's own account and region: the repository may live in a shared registry account.
        resources: [`arn:${AccountContext.of(this).partition}:ecr:${repo.region}:${repo.account}:repository/${repo.repository}`],
      });
    }
    if (props.metricNamespace) statements.push(putMetricStatement(props.metricNamespace));
    const hook = props.readinessHook;
    const waitSeconds = props.waitForCapacityTimeout ?? (hook ? hook.timeout + 600 : undefined);
    if (hook && waitSeconds !== undefined && waitSeconds <= hook.timeout) {
      const problem = `waitForCapacityTimeout ${waitSeconds} s does not outlast the readiness hook's timeout ${hook.timeout} s; an apply would give up on instances still loading`;
      this.node.addValidation({ validate: () => [problem] });
    }
    this.role = new InstanceRole(this, 'role', { name: props.name, statements });
    this.launchTemplate = new HardenedLaunchTemplate(this, 'launch-template', {
      name: props.name,
      instanceType: props.instanceType,
      image: props.image,
      rootDeviceName: props.rootDeviceName ?? '/dev/sda1',
      rootVolumeGb: props.rootVolumeGb ?? 100,
      userData: props.userData,
      instanceProfileArn: this.role.profile.arn,
      securityGroupIds: props.securityGroupIds,
      detailedMonitoring: props.detailedMonitoring,
      tags,
    });
    const targetGroupArns = props.targetGroupArns ?? [];
    const scaling = props.scaling ?? [];
    this.group = new AutoscalingGroup(this, 'group', {
      name: props.name,
      minSize: props.capacity.min,
      maxSize: props.capacity.max,
      desiredCapacity: props.capacity.desired,
      vpcZoneIdentifier: props.subnetIds,
      launchTemplate: { id: this.launchTemplate.template.id, version: Token.asString(this.launchTemplate.template.latestVersion) },
      targetGroupArns,
      // Load-balancer health: an instance whose model server stops answering
      // is replaced, once the grace period for loading the model has passed.
      healthCheckType: targetGroupArns.length > 0 ? 'ELB' : 'EC2',
      healthCheckGracePeriod: props.healthGrace ?? 600,
      waitForCapacityTimeout: waitSeconds === undefined ? undefined : `${waitSeconds}s`,
      defaultInstanceWarmup: props.warmup ?? 300,
      enabledMetrics: props.groupMetrics ? POOL_GROUP_METRICS : undefined,
      metricsGranularity: props.groupMetrics ? '1Minute' : undefined,
      // GPU capacity is scarce and dear: replace at most a tenth at a time
      // and never run above the current size during a refresh.
      instanceRefresh: { strategy: 'Rolling', preferences: { minHealthyPercentage: 90, maxHealthyPercentage: 100 } },
      tag: Object.keys(tags)
        .sort()
        .map((key) => ({ key, value: tags[key], propagateAtLaunch: false })),
      // An initial hook exists before the group's first launch; a separate
      // aws_autoscaling_lifecycle_hook would race the first instances.
      initialLifecycleHook: props.readinessHook
        ? [
            {
              name: props.readinessHook.name,
              lifecycleTransition: 'autoscaling:EC2_INSTANCE_LAUNCHING',
              defaultResult: 'ABANDON',
              heartbeatTimeout: props.readinessHook.timeout,
            },
          ]
        : undefined,
      lifecycle: ownedByScaling(scaling).length > 0 ? { ignoreChanges: ownedByScaling(scaling) } : undefined,
      dependsOn: props.dependsOn?.length ? props.dependsOn : undefined,
    });
    // IDs follow the policy names, so inserting a policy never re-creates the others.
    for (const s of scaling) addScaling(this, s.name, this.group.name, s);
  }
}

/**
 * The group's sizes that scaling owns, which Terraform must leave alone
 * (`ignore_changes`): otherwise an apply during a scheduled window undoes the
 * schedule, and the daily drift plan reports every scaling move as drift.
 * - desired_capacity: every policy and schedule moves it;
 * - min_size / max_size: only when a scheduled action sets that size. Then
 *   `capacity.min`/`max` is the size at creation and the schedules own it
 *   afterwards: an edit of `capacity.min` does not reach the live group
 *   while a schedule sets min (change the schedule that restores it).
 * A predictive policy that may raise max (IncreaseMaxCapacity) does not
 * take max from Terraform: AWS leaves the raised max in place "until you
 * manually update it", and the next apply is that update.
 * https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-scheduled-scaling.html
 * https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_PredictiveScalingConfiguration.html
 */
export function ownedByScaling(scaling: PoolScaling[]): ('desired_capacity' | 'max_size' | 'min_size')[] {
  if (scaling.length === 0) return [];
  const schedules = scaling.flatMap((s) => (s.kind === 'schedule' ? [s] : []));
  return [
    'desired_capacity' as const,
    ...(schedules.some((s) => s.max !== null) ? ['max_size' as const] : []),
    ...(schedules.some((s) => s.min !== null) ? ['min_size' as const] : []),
  ];
}
