/**
 * The proxy fleet: one `FleetProxy` per host, each in its host's zone. The
 * zones are assigned by the caller (the fleet model spreads hosts over the
 * zones in order), so adding a host never moves an existing proxy.
 */
import { Construct } from 'constructs';
import type { ITerraformDependable } from 'cdktf';
import type { SecretLocation } from '../common/instance-role';
import type { ImageRef } from '../common/launch-template';
import { FleetProxy } from './proxy';

export { FleetProxy, PROXY_TAG } from './proxy';
export type { ProxyProps } from './proxy';

export interface ProxyFleetHost {
  /** Host name; the proxy's construct ID. */
  readonly host: string;
  /** AWS-facing proxy name. */
  readonly name: string;
  readonly subnetId: string;
  /** Base64 user data for this host's proxy. @default - none */
  readonly userData?: string;
  readonly secrets: SecretLocation[];
  /** Target groups of the services this host backs. */
  readonly targetGroupArns: string[];
  /** The services' port. @default - none (the host backs no service) */
  readonly port?: number;
  /** Reverse tunnel: an Elastic IP and this host's SSH security group. @default - forward tunnel */
  readonly reverse?: { sshSecurityGroupId: string };
  /** Extra instance tags, e.g. the GPU model. @default {} */
  readonly tags?: Record<string, string>;
}

export interface ProxyFleetProps {
  readonly region: string;
  readonly instanceType: string;
  readonly image: ImageRef;
  /** Root device name of `image`. @default '/dev/xvda' */
  readonly rootDeviceName?: string;
  /** Root volume size, GiB. @default 8 */
  readonly rootVolumeGb?: number;
  /** Auto Scaling groups of one; false for plain instances. @default true */
  readonly selfHealing?: boolean;
  /** The proxies' security group (service ports from the ALB). */
  readonly securityGroupId: string;
  readonly hosts: ProxyFleetHost[];
  /** Tags for every proxy instance. @default {} */
  readonly tags?: Record<string, string>;
  /** Namespace every proxy publishes its host's health to (see ProxyProps.metricNamespace). @default - none */
  readonly metricNamespace?: string | null;
  /**
   * What every proxy's group, instance and Elastic IP wait for
   * (`depends_on`), e.g. a created VPC's internet gateway. @default []
   */
  readonly dependsOn?: ITerraformDependable[];
}

export class ProxyFleet extends Construct {
  /** Proxies by host name. */
  readonly proxies: Record<string, FleetProxy> = {};

  constructor(scope: Construct, id: string, props: ProxyFleetProps) {
    super(scope, id);
    for (const h of props.hosts) {
      this.proxies[h.host] = new FleetProxy(this, h.host, {
        name: h.name,
        host: h.host,
        region: props.region,
        subnetId: h.subnetId,
        instanceType: props.instanceType,
        image: props.image,
        rootDeviceName: props.rootDeviceName,
        rootVolumeGb: props.rootVolumeGb,
        userData: h.userData,
        securityGroupIds: h.reverse ? [props.securityGroupId, h.reverse.sshSecurityGroupId] : [props.securityGroupId],
        secrets: h.secrets,
        targetGroupArns: h.targetGroupArns,
        port: h.port,
        selfHealing: props.selfHealing,
        elasticIp: h.reverse !== undefined,
        tags: { ...(props.tags ?? {}), ...(h.tags ?? {}) },
        metricNamespace: h.port !== undefined ? props.metricNamespace : null,
        dependsOn: props.dependsOn,
      });
    }
  }
}
