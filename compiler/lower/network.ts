/** IPv4 arithmetic for carving subnets, and the network part of lowering. */

/** `10.0.0.0/16` -> [base as unsigned 32-bit int, prefix], or null if malformed. */
export function parseCidr(cidr: string): [number, number] | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!m) return null;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return null;
  return [((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0, prefix];
}

export function formatIp(ip: number): string {
  return [ip >>> 24, (ip >>> 16) & 255, (ip >>> 8) & 255, ip & 255].join('.');
}

export function netmask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** The canonical form of a CIDR (host bits cleared), e.g. 203.0.113.7/24 -> 203.0.113.0/24. */
export function canonicalCidr(cidr: string): string | null {
  const p = parseCidr(cidr);
  if (!p) return null;
  return `${formatIp((p[0] & netmask(p[1])) >>> 0)}/${p[1]}`;
}

/** Bits needed to number `n` subnets. */
export function subnetBits(n: number): number {
  return Math.ceil(Math.log2(Math.max(n, 1)));
}

/**
 * The prefix of each zone's subnet in a created VPC: /24 when the VPC is large
 * enough (easy to read in a console), otherwise the VPC split evenly.
 */
export function zoneSubnetPrefix(vpcPrefix: number, zones: number): number {
  return Math.max(vpcPrefix + subnetBits(zones), 24);
}

/** One subnet per zone carved from `vpcCidr`, in zone order (like Terraform's cidrsubnet). */
export function carveSubnets(vpcCidr: string, zones: number): string[] {
  const p = parseCidr(vpcCidr);
  if (!p) return [];
  const prefix = zoneSubnetPrefix(p[1], zones);
  const base = (p[0] & netmask(p[1])) >>> 0;
  const size = 2 ** (32 - prefix);
  return Array.from({ length: zones }, (_, i) => `${formatIp(base + i * size)}/${prefix}`);
}
