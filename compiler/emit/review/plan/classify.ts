/**
 * What a resource change means for a reviewer: one action word, why Terraform
 * chose it, and whether it touches the fleet's static IPs.
 */
import type { TfChange, TfResourceChange } from './types';
import { tagMaps } from './fleet-terms';

export type Kind = 'create' | 'update' | 'replace' | 'delete' | 'read' | 'forget' | 'no-op';

/** Order in which kinds are listed: the dangerous first. */
export const KIND_ORDER: readonly Kind[] = ['delete', 'replace', 'forget', 'update', 'create', 'read', 'no-op'];

export function kindOf(change: Pick<TfChange, 'actions'>): Kind {
  const a = change.actions;
  if (a.includes('delete') && a.includes('create')) return 'replace';
  if (a.includes('delete')) return 'delete';
  if (a.includes('create')) return 'create';
  if (a.includes('update')) return 'update';
  if (a.includes('read')) return 'read';
  if (a.includes('forget')) return 'forget';
  return 'no-op';
}

/** The sign Terraform itself prints for each kind, used in summaries. */
export const KIND_SIGN: Record<Kind, string> = {
  create: '+',
  update: '~',
  replace: '-/+',
  delete: '-',
  read: '<=',
  forget: '.',
  'no-op': '=',
};

export const KIND_VERB: Record<Kind, string> = {
  create: 'create',
  update: 'update in place',
  replace: 'replace',
  delete: 'destroy',
  read: 'read',
  forget: 'forget (remove from state, keep running)',
  'no-op': 'no change',
};

/** Reader-facing text for Terraform's `action_reason` values. */
const REASONS: Record<string, string> = {
  replace_because_cannot_update: 'an attribute that cannot be updated in place changed',
  replace_because_tainted: 'the object is tainted (a previous apply failed part-way)',
  replace_by_request: 'replacement was requested (-replace)',
  replace_by_triggers: 'a replace_triggered_by reference changed',
  delete_because_no_resource_config: 'it is no longer in the configuration',
  delete_because_no_module: 'its module is no longer in the configuration',
  delete_because_wrong_repetition: 'count/for_each was added or removed',
  delete_because_count_index: 'its count index is out of range now',
  delete_because_each_key: 'its for_each key is gone',
  delete_because_no_move_target: 'a moved block points at an address that does not exist',
  read_because_config_unknown: 'its configuration depends on values known only after apply',
  read_because_dependency_pending: 'it depends on a resource with pending changes',
  read_because_check_nested: 'a check block reads it',
};

export function reasonText(reason: string | undefined): string | null {
  if (!reason) return null;
  return REASONS[reason] ?? reason.replace(/_/g, ' ');
}

/**
 * Does this change move the fleet's static IPs? Clients call the Elastic IPs
 * on the NLB, so destroying or replacing either the addresses or the NLB that
 * holds them gives clients new addresses (AWS releases an allocation with its
 * resource unless the allocation is kept; an NLB's addresses are fixed at
 * creation: https://docs.aws.amazon.com/elasticloadbalancing/latest/network/network-load-balancers.html#ip-address-type).
 */
export function movesStaticIps(rc: TfResourceChange): boolean {
  if (rc.mode !== 'managed') return false;
  const kind = kindOf(rc.change);
  // A forgotten object keeps running, and an Elastic IP keeps its address:
  // only destroying or replacing one moves the static IPs.
  if (kind !== 'delete' && kind !== 'replace') return false;
  // Elastic IPs tagged `fleetform:proxy` are reverse-tunnel proxies' own
  // addresses (see movesTunnelAddress), not the front door's.
  if (rc.type === 'aws_eip') return tagOf(rc, 'fleetform:proxy') === null;
  if (rc.type === 'aws_lb' || rc.type === 'aws_alb') {
    return lbType(rc.change.before) === 'network' || lbType(rc.change.after) === 'network';
  }
  return false;
}

/**
 * Does this change move the address a reverse-tunnel box dials? Those proxies
 * carry an Elastic IP tagged `fleetform:proxy` (modules/proxy-fleet/proxy.ts);
 * the box's installer pins it, so a new address needs the installer re-run.
 */
export function movesTunnelAddress(rc: TfResourceChange): boolean {
  const kind = kindOf(rc.change);
  return rc.mode === 'managed' && rc.type === 'aws_eip' && (kind === 'delete' || kind === 'replace') && tagOf(rc, 'fleetform:proxy') !== null;
}

/**
 * Does this change switch an Application Load Balancer between internal and
 * internet-facing? The scheme is fixed at creation, so Terraform replaces
 * the ALB: a new DNS name, and clients that call the ALB directly lose it
 * (behind the static IPs Fleetform makes the ALB internal by default).
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#load-balancer-scheme
 * The new scheme, or null when the change does not switch it.
 */
export function albSchemeChange(rc: TfResourceChange): 'internal' | 'internet-facing' | null {
  if (rc.mode !== 'managed' || (rc.type !== 'aws_lb' && rc.type !== 'aws_alb')) return null;
  const { before, after } = rc.change;
  if (lbType(before) !== 'application' && lbType(after) !== 'application') return null;
  const was = internalOf(before);
  const will = internalOf(after);
  if (was === null || will === null || was === will) return null;
  return will ? 'internal' : 'internet-facing';
}

function internalOf(v: unknown): boolean | null {
  return typeof v === 'object' && v !== null && typeof (v as any).internal === 'boolean' ? (v as any).internal : null;
}

/** The names of outputs that carry the front door's static addresses (compiler/emit/terraform/outputs.ts). */
export const STATIC_IP_OUTPUTS: readonly string[] = ['static_ips'];

export function tagOf(rc: TfResourceChange, key: string): string | null {
  for (const v of [rc.change.after, rc.change.before]) {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) continue;
    for (const tags of tagMaps(v as Record<string, any>)) if (typeof tags[key] === 'string') return tags[key] as string;
  }
  return null;
}

function lbType(v: unknown): string | null {
  return typeof v === 'object' && v !== null && typeof (v as any).load_balancer_type === 'string' ? (v as any).load_balancer_type : null;
}
