/**
 * Every CIDR block is one AWS accepts: four octets of 0 to 255 without
 * leading zeros, a prefix of 0 to 32, and no host bits set (the AWS provider
 * rejects `203.0.113.7/24` in a security group rule). The schema checks only
 * the shape. SSH to a reverse-tunnel proxy open to the whole internet is an
 * error: the design allows SSH only from the addresses the spec names, and a
 * box behind NAT has a known public address or range to name.
 */
import type { PathSegment } from '../../diagnostics/diagnostic';
import type { Check } from './check';
import { canonicalCidr, parseCidr } from '../../lower/network';
import { at, hostsOf, list, obj, show, str } from './read';

const SHAPE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

export const cidrs: Check = {
  name: 'cidrs',
  codes: {
    FF227: 'a CIDR block has an octet above 255, a leading zero or a prefix above 32',
    FF228: 'a CIDR block has host bits set (not its network address)',
    FF229: 'hosts[].dials_from opens the proxy\'s SSH to the whole internet',
  },
  run(ctx) {
    const { spec } = ctx;
    const blocks: { value: string; path: PathSegment[] }[] = [];
    const add = (v: unknown, path: PathSegment[]): void => {
      if (typeof v === 'string') blocks.push({ value: v, path });
    };
    add(obj(spec.network)?.cidr, ['network', 'cidr']);
    list(obj(spec.load_balancer)?.ingress).forEach((v, i) => add(v, ['load_balancer', 'ingress', i]));
    for (const h of hostsOf(spec)) add(h.value.dials_from, [...h.path, 'dials_from']);

    for (const { value, path } of blocks) {
      const m = SHAPE.exec(value);
      if (!m) continue; // the schema's pattern reports it
      const octets = m.slice(1, 5);
      if (!parseCidr(value) || octets.some((o) => o.length > 1 && o.startsWith('0'))) {
        ctx.report({
          code: 'FF227',
          path,
          message: `${at(path)} is ${show(value)}, which is not a valid IPv4 CIDR block; octets are 0 to 255 without leading zeros and the prefix is 0 to 32`,
          hint: 'Write it like 203.0.113.0/24.',
        });
        continue;
      }
      const canonical = canonicalCidr(value);
      if (canonical !== null && canonical !== value) {
        ctx.report({
          code: 'FF228',
          path,
          message: `${at(path)} is ${show(value)}, which has host bits set; AWS accepts only the network address of a block`,
          hint: `Did you mean ${canonical}?${value.endsWith('/32') ? '' : ` For the single address, write ${value.split('/')[0]}/32.`}`,
        });
        continue;
      }
      if (path[path.length - 1] === 'dials_from' && str(value)?.endsWith('/0')) {
        ctx.report({
          code: 'FF229',
          path,
          message: `${at(path)} is ${show(value)}, which lets the whole internet reach this proxy's SSH port`,
          hint: "Name the box's public (NAT) address as a /32, or its provider's range if it changes.",
        });
      }
    }
  },
};
