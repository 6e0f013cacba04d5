/**
 * Realistic, distinct computed values for a mocked apply. `mock_provider`
 * invents random strings for computed attributes, but the provider still
 * validates the values that flow into other resources (an ARN must parse as
 * one), and assertions such as "the NLB targets the ALB" only mean something
 * when every resource has its own ARN. So every resource address gets an
 * `override_resource` with IDs and ARNs in the shapes AWS uses, derived from
 * a hash of the address.
 *
 * ARN formats: https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
 * (per service, "Resource types defined by ...").
 */
import { createHash } from 'node:crypto';
import { FAKE_ACCOUNT_ID } from '../../helpers/fake-aws';
import { object, str } from './hcl';

export interface MockContext {
  region: string;
  account?: string;
}

type Values = Record<string, string | number | boolean>;

function hex(address: string, n: number): string {
  return createHash('sha256').update(address).digest('hex').slice(0, n);
}

function uuid(address: string): string {
  const h = createHash('sha256').update(`uuid:${address}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A public IPv4 address, distinct per address (3.x.x.x, an AWS range). */
function publicIp(address: string): string {
  const h = createHash('sha256').update(`ip:${address}`).digest();
  return `3.${h[0]}.${h[1]}.${1 + (h[2] % 254)}`;
}

/** The computed values of one resource: id, arn and what else other resources read. */
export function mockValues(type: string, name: string, ctx: MockContext): Values {
  const { region } = ctx;
  const account = ctx.account ?? FAKE_ACCOUNT_ID;
  const address = `${type}.${name}`;
  const label = name.replace(/[^A-Za-z0-9-]/g, '-').slice(0, 32);
  const ec2 = (prefix: string, kind: string): Values => {
    const id = `${prefix}-${hex(address, 17)}`;
    return { id, arn: `arn:aws:ec2:${region}:${account}:${kind}/${id}` };
  };
  const elb = `arn:aws:elasticloadbalancing:${region}:${account}`;
  switch (type) {
    case 'aws_lb': {
      // arn_suffix is what CloudWatch dimensions and resource labels use.
      const suffix = `${name.includes('static') ? 'net' : 'app'}/${label}/${hex(address, 16)}`;
      return { id: `${elb}:loadbalancer/${suffix}`, arn: `${elb}:loadbalancer/${suffix}`, arn_suffix: suffix, dns_name: `${label}-${hex(address, 8)}.${region}.elb.amazonaws.com`, zone_id: 'Z0000000FLEETFORM' };
    }
    case 'aws_lb_target_group': {
      const suffix = `targetgroup/${label}/${hex(address, 16)}`;
      return { id: `${elb}:${suffix}`, arn: `${elb}:${suffix}`, arn_suffix: suffix };
    }
    case 'aws_lb_listener': {
      const arn = `${elb}:listener/app/${label}/${hex(address, 16)}/${hex(`l:${address}`, 16)}`;
      return { id: arn, arn };
    }
    case 'aws_lb_listener_rule': {
      const arn = `${elb}:listener-rule/app/${label}/${hex(address, 16)}/${hex(`l:${address}`, 16)}/${hex(`r:${address}`, 16)}`;
      return { id: arn, arn };
    }
    case 'aws_lb_target_group_attachment':
      return { id: `${label}-${hex(address, 20)}` };
    case 'aws_security_group':
      return { ...ec2('sg', 'security-group'), owner_id: account };
    case 'aws_vpc_security_group_ingress_rule':
    case 'aws_vpc_security_group_egress_rule': {
      const id = `sgr-${hex(address, 17)}`;
      return { id, arn: `arn:aws:ec2:${region}:${account}:security-group-rule/${id}`, security_group_rule_id: id };
    }
    case 'aws_vpc':
      return { ...ec2('vpc', 'vpc'), main_route_table_id: `rtb-${hex(`main:${address}`, 17)}`, owner_id: account };
    case 'aws_subnet':
      return { ...ec2('subnet', 'subnet'), owner_id: account };
    case 'aws_internet_gateway':
      return { ...ec2('igw', 'internet-gateway'), owner_id: account };
    case 'aws_route_table':
      return { ...ec2('rtb', 'route-table'), owner_id: account };
    case 'aws_route':
      return { id: `r-rtb-${hex(address, 17)}1080289494` };
    case 'aws_route_table_association':
      return { id: `rtbassoc-${hex(address, 17)}` };
    case 'aws_eip': {
      const id = `eipalloc-${hex(address, 17)}`;
      return { id, allocation_id: id, arn: `arn:aws:ec2:${region}:${account}:elastic-ip/${id}`, public_ip: publicIp(address), domain: 'vpc' };
    }
    case 'aws_launch_template':
      return { ...ec2('lt', 'launch-template'), latest_version: 1, default_version: 1 };
    case 'aws_instance':
      return { ...ec2('i', 'instance'), public_ip: publicIp(address), private_ip: `10.0.${parseInt(hex(address, 2), 16)}.10` };
    case 'aws_iam_role':
      return { id: label, arn: `arn:aws:iam::${account}:role/${label}`, unique_id: `AROA${hex(address, 17).toUpperCase()}` };
    case 'aws_iam_instance_profile':
      return { id: label, arn: `arn:aws:iam::${account}:instance-profile/${label}`, unique_id: `AIPA${hex(address, 17).toUpperCase()}` };
    case 'aws_iam_role_policy':
      return { id: `${label}:${label}` };
    case 'aws_autoscaling_group':
      return { id: label, arn: `arn:aws:autoscaling:${region}:${account}:autoScalingGroup:${uuid(address)}:autoScalingGroupName/${label}` };
    case 'aws_autoscaling_policy':
      return { id: label, arn: `arn:aws:autoscaling:${region}:${account}:scalingPolicy:${uuid(address)}:autoScalingGroupName/${label}:policyName/${label}` };
    case 'aws_autoscaling_schedule':
      return { id: label, arn: `arn:aws:autoscaling:${region}:${account}:scheduledUpdateGroupAction:${uuid(address)}:autoScalingGroupName/${label}:scheduledActionName/${label}` };
    case 'aws_cloudwatch_metric_alarm':
      return { id: label, arn: `arn:aws:cloudwatch:${region}:${account}:alarm:${label}` };
    case 'aws_sns_topic':
      return { id: `arn:aws:sns:${region}:${account}:${label}`, arn: `arn:aws:sns:${region}:${account}:${label}` };
    case 'aws_s3_bucket':
      return { id: `${label}-${hex(address, 8)}`, arn: `arn:aws:s3:::${label}-${hex(address, 8)}` };
    case 'aws_cloudwatch_log_group':
      return { id: label, arn: `arn:aws:logs:${region}:${account}:log-group:${label}` };
    case 'aws_cloudwatch_dashboard':
      return { id: label, dashboard_arn: `arn:aws:cloudwatch::${account}:dashboard/${label}` };
    default:
      // Every resource has an id; a type whose ARN flows elsewhere belongs in the table above.
      return { id: `${label}-${hex(address, 12)}` };
  }
}

/** What the data sources return under the mock: the fake AWS's world. */
export function mockDataValues(type: string, name: string, ctx: MockContext & { eips?: Record<string, string>; amis?: Record<string, string> }): Values | null {
  const account = ctx.account ?? FAKE_ACCOUNT_ID;
  switch (type) {
    case 'aws_caller_identity':
      return { id: account, account_id: account, arn: `arn:aws:iam::${account}:user/fleetform-offline-test`, user_id: 'AIDAFLEETFORMOFFLINE' };
    case 'aws_partition':
      return { id: 'aws', partition: 'aws', dns_suffix: 'amazonaws.com', reverse_dns_prefix: 'com.amazonaws' };
    case 'aws_ami':
      return { id: `ami-${hex(`${type}.${name}`, 17)}`, root_device_name: '/dev/xvda', architecture: 'x86_64' };
    case 'aws_ssm_parameter':
      return { id: name, insecure_value: `ami-${hex(`${type}.${name}`, 17)}`, type: 'String' };
    default:
      return null;
  }
}

/** `override_resource` / `override_data` blocks for every address of a configuration. */
export function overrideBlocks(config: { resource?: Record<string, Record<string, unknown>>; data?: Record<string, Record<string, unknown>> }, ctx: MockContext, eipIps: Record<string, string> = {}): string {
  const out: string[] = [];
  for (const [type, byName] of Object.entries(config.resource ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    for (const name of Object.keys(byName).sort()) {
      out.push(`override_resource {\n  target = ${type}.${name}\n  values = ${object(mockValues(type, name, ctx), '  ')}\n}`);
    }
  }
  for (const [type, byName] of Object.entries(config.data ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    for (const name of Object.keys(byName).sort()) {
      let values = mockDataValues(type, name, ctx);
      if (type === 'aws_eip') {
        // An existing Elastic IP: the data source is looked up by allocation ID.
        const id = (byName[name] as { id?: string }).id ?? '';
        values = { id, public_ip: eipIps[id] ?? '192.0.2.1', domain: 'vpc' };
      }
      if (values) out.push(`override_data {\n  target = data.${type}.${name}\n  values = ${object(values, '  ')}\n}`);
    }
  }
  return out.join('\n\n');
}

export { str };
