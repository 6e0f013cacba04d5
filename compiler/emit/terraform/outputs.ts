/**
 * Terraform outputs: what a person or the GitOps loop needs after an apply.
 * Static IPs, both load balancers' DNS names, each service's URL, target
 * group ARNs, and the addresses reverse-tunnel boxes dial.
 */
import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { DataAwsEip } from '@cdktf/provider-aws/lib/data-aws-eip';
import type { Fleet, Service } from '../../model/fleet';
import type { ApplicationLoadBalancer } from '../../../modules/alb';
import type { StaticIpFrontDoor } from '../../../modules/static-ip';
import type { ProxyFleet } from '../../../modules/proxy-fleet';

export function addOutputs(scope: Construct, fleet: Fleet, parts: { alb: ApplicationLoadBalancer; staticIps: StaticIpFrontDoor | null; proxies: ProxyFleet | null }): void {
  const { alb, staticIps, proxies } = parts;
  const out = (id: string, value: unknown, description: string) => new TerraformOutput(scope, id, { value, description });

  out('alb_dns_name', alb.lb.dnsName, 'DNS name of the Application Load Balancer');
  out('target_group_arns', Object.fromEntries(fleet.services.map((s) => [s.name, alb.targetGroups[s.name]?.arn])), 'ALB target group ARN of each service');

  let frontDoor = alb.lb.dnsName;
  if (staticIps) {
    frontDoor = staticIps.nlb.dnsName;
    out('nlb_dns_name', staticIps.nlb.dnsName, 'DNS name of the static-IP Network Load Balancer');
    const ips = staticIps.addresses.map((a) => {
      if (a.publicIp !== null) return a.publicIp;
      // An allocation made outside this configuration: read its address.
      return new DataAwsEip(scope, `static-ip-${a.zone}`, { id: a.allocationId }).publicIp;
    });
    if (ips.length > 0) out('static_ips', ips, 'The static IP addresses of the front door, one per zone, in zone order');
    out(
      'static_ip_target_group_arns',
      Object.fromEntries(Object.entries(staticIps.targetGroups).map(([port, tg]) => [port, tg.arn])),
      'NLB target group (target type alb) of each forwarded port',
    );
  }

  out('service_urls', Object.fromEntries(fleet.services.map((s) => [s.name, serviceUrl(fleet, s, frontDoor)])), 'Where each service answers (through the static IPs when there are any)');

  if (proxies) {
    const endpoints: Record<string, string> = {};
    for (const h of fleet.hosts) {
      const eip = proxies.proxies[h.name]?.eip;
      if (h.tunnel.direction === 'reverse' && eip) endpoints[h.name] = eip.publicIp;
    }
    if (Object.keys(endpoints).length > 0) out('reverse_tunnel_endpoints', endpoints, 'The address each reverse-tunnel box dials (its proxy\'s Elastic IP)');
  }
}

/**
 * A service's URL: the first forwarding listener reachable through the front
 * door, the service's first host pattern when it has a literal one, and its
 * first path pattern up to any wildcard.
 */
export function serviceUrl(fleet: Fleet, s: Service, frontDoor: string): string {
  const forwarded = fleet.staticIps ? new Set(fleet.staticIps.ports.map((p) => p.port)) : null;
  const listener = fleet.loadBalancer.listeners.find((l) => l.redirectTo === null && (forwarded === null || forwarded.has(l.port))) ?? fleet.loadBalancer.listeners[0];
  const literalHost = s.routing?.hosts.find((h) => !/[*?]/.test(h));
  const host = literalHost ?? frontDoor;
  const path = (s.routing?.paths[0] ?? '/').replace(/[*?].*$/, '');
  const scheme = listener.protocol.toLowerCase();
  const port = (scheme === 'http' && listener.port === 80) || (scheme === 'https' && listener.port === 443) ? '' : `:${listener.port}`;
  return `${scheme}://${host}${port}${path.startsWith('/') ? path : `/${path}`}`;
}
