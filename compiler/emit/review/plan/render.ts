/**
 * The pull-request comment for a Terraform plan, in fleet terms.
 *
 * Layout, top to bottom: the hidden marker; the verdict and counts; a CAUTION
 * box when the static IPs move; everything destroyed or replaced; the fleet
 * diff (when given); a table of changes per fleet part; outputs; drift; the
 * per-resource details, folded; the architecture graph (when given); a footer
 * pointing at the full plan.
 *
 * GitHub rejects comments over 65,536 characters. The comment is assembled
 * from blocks by priority (verdict and warnings never drop), measured in UTF-8
 * bytes (never fewer than characters), and what does not fit is counted and
 * pointed to the artifact instead.
 */
import type { TfChange, TfPlan, TfResourceChange } from './types';
import { KIND_ORDER, KIND_SIGN, KIND_VERB, STATIC_IP_OUTPUTS, kindOf, movesStaticIps, movesTunnelAddress, reasonText, type Kind } from './classify';
import { changeLines } from './details';
import { SUBJECT_ORDER, subjectLabel, subjectOf, type FleetIndex, type Subject } from './fleet-terms';
import { MASKED, SENSITIVE, UNKNOWN, displayPath, flatten, literal } from './values';

/** GitHub's limit on an issue or pull-request comment body. */
export const GITHUB_COMMENT_LIMIT = 65536;

export interface CommentOptions {
  /** Identifies the comment for in-place updates: `<!-- fleetform:<id> -->`. Default `plan`. */
  id?: string;
  /** Heading. Default `Fleetform plan`. */
  title?: string;
  /** Maps resources to hosts, pools and services by name (see fleet-terms.ts). */
  index?: FleetIndex | null;
  /** The fleet diff, already rendered as Markdown. */
  fleetChanges?: string | null;
  /** Mermaid source of the architecture. */
  graph?: string | null;
  /** Link to the uploaded full plan. */
  artifactUrl?: string | null;
  /** Size limit in UTF-8 bytes. Default: GitHub's limit less a margin. */
  limit?: number;
}

export function markerFor(id: string): string {
  return `<!-- fleetform:${id} -->`;
}

interface Item {
  rc: TfResourceChange;
  kind: Kind;
  subject: Subject;
  staticIp: boolean;
}

interface Block {
  /** Position in the comment. */
  order: number;
  /** Lower goes in first. */
  priority: number;
  text: string;
  /** For resource details: the item shown. */
  item?: Item;
}

const ORDER = { head: 0, alert: 1, destroyed: 2, fleet: 3, parts: 4, outputs: 5, drift: 6, details: 7, compact: 8, graph: 9, footer: 10 };

export function renderPlanComment(plan: TfPlan, opts: CommentOptions = {}): string {
  const limit = opts.limit ?? GITHUB_COMMENT_LIMIT - 536;
  const items = plan.resourceChanges
    .map((rc) => ({ rc, kind: kindOf(rc.change), subject: subjectOf(rc, opts.index ?? null), staticIp: movesStaticIps(rc) }))
    // A no-op still matters to a reviewer when it imports or moves the object.
    .filter((it) => it.kind !== 'no-op' || it.rc.change.importing !== undefined || it.rc.previous_address !== undefined);
  items.sort(byDanger);
  const drift = plan.resourceDrift.filter((rc) => kindOf(rc.change) !== 'no-op');

  const blocks: Block[] = [];
  blocks.push({ order: ORDER.head, priority: 0, text: head(plan, items, drift.length, opts) });
  const ipItems = items.filter((it) => it.staticIp);
  const ipOutputs = staticIpOutputChanges(plan);
  if (ipItems.length || ipOutputs.length) blocks.push({ order: ORDER.alert, priority: 0, text: staticIpAlert(ipItems, ipOutputs) });
  const tunnelItems = items.filter((it) => movesTunnelAddress(it.rc));
  if (tunnelItems.length) blocks.push({ order: ORDER.alert + 0.5, priority: 0, text: tunnelAlert(tunnelItems) });
  const destroyed = items.filter((it) => it.kind === 'delete' || it.kind === 'replace' || it.kind === 'forget');
  if (destroyed.length) blocks.push({ order: ORDER.destroyed, priority: 0, text: destroyedList(destroyed, limit / 4) });
  if (opts.fleetChanges) blocks.push({ order: ORDER.fleet, priority: 1, text: `### Fleet changes\n\n${opts.fleetChanges.trim()}\n` });
  if (items.length) blocks.push({ order: ORDER.parts, priority: 1, text: partsTable(items) });
  const outputs = outputsTable(plan);
  if (outputs) blocks.push({ order: ORDER.outputs, priority: 2, text: outputs });
  if (drift.length) blocks.push({ order: ORDER.drift, priority: 2, text: driftSection(drift, opts.index ?? null, plan.sensitiveValues) });
  if (opts.graph) blocks.push({ order: ORDER.graph, priority: 2.5, text: graphSection(opts.graph) });

  // Reserve room for the footer and the "not shown" notes before choosing.
  const reserve = 1200 + (opts.artifactUrl?.length ?? 0);
  const chosen: Block[] = [];
  let used = 0;
  for (const b of [...blocks].sort((x, y) => x.priority - y.priority)) {
    const size = bytes(b.text) + 1;
    if (used + size + reserve > limit && b.priority > 0) continue;
    chosen.push(b);
    used += size;
  }
  // Then per-resource details, most dangerous first, until one does not fit.
  // Rendered lazily: on a large plan most never are.
  for (const [i, it] of items.entries()) {
    const text = detail(it, plan.sensitiveValues);
    const size = bytes(text) + 1;
    if (used + size + reserve > limit) break;
    chosen.push({ order: ORDER.details + i / (items.length + 1), priority: 3, text, item: it });
    used += size;
  }
  const shown = new Set(chosen.filter((b) => b.item).map((b) => b.item!));
  const hidden = items.filter((it) => !shown.has(it));
  if (shown.size) chosen.push({ order: ORDER.details - 0.5, priority: 0, text: `### Resources\n\n<sub>Per-resource attribute changes; sensitive values and values that look secret are masked.</sub>\n` });
  chosen.push({ order: ORDER.footer, priority: 0, text: footer(plan, opts, hidden.length, chosen.some((b) => b.order === ORDER.graph) || !opts.graph) });
  if (hidden.length) {
    // The resources without details still get one line each while room is left.
    const taken = chosen.reduce((n, b) => n + bytes(b.text) + 1, 0);
    let room = limit - taken - 300;
    const lines: string[] = [];
    for (const it of hidden) {
      const line = `- \`${KIND_SIGN[it.kind]}\` \`${it.rc.address}\` (${KIND_VERB[it.kind]})`;
      if (bytes(line) + 1 > room) break;
      lines.push(line);
      room -= bytes(line) + 1;
    }
    const unlisted = hidden.length - lines.length;
    const text = [
      `<details><summary>${hidden.length} more resource change${hidden.length === 1 ? '' : 's'} without details${unlisted ? ` (${unlisted} not listed)` : ''}</summary>\n`,
      ...lines,
      unlisted ? `- … and ${unlisted} more` : '',
      '\n</details>\n',
    ]
      .filter((l) => l !== '')
      .join('\n');
    chosen.push({ order: ORDER.compact, priority: 0, text });
  }
  return chosen
    .sort((a, b) => a.order - b.order)
    .map((b) => b.text)
    .join('\n');
}

function byDanger(a: Item, b: Item): number {
  return Number(b.staticIp) - Number(a.staticIp) || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || subjectRank(a.subject) - subjectRank(b.subject) || a.rc.address.localeCompare(b.rc.address);
}

function subjectRank(s: Subject): number {
  return SUBJECT_ORDER.indexOf(s.kind) * 1000;
}

function counts(items: readonly Item[]): Record<Kind, number> {
  const c: Record<Kind, number> = { create: 0, update: 0, replace: 0, delete: 0, read: 0, forget: 0, 'no-op': 0 };
  for (const it of items) c[it.kind]++;
  return c;
}

function head(plan: TfPlan, items: readonly Item[], driftCount: number, opts: CommentOptions): string {
  const c = counts(items);
  const ips = items.filter((i) => i.staticIp).length + staticIpOutputChanges(plan).length;
  const destructive = c.delete + c.replace + c.forget;
  let verdict: string;
  if (plan.errored) verdict = '❌ **Planning failed part-way**: the changes below are incomplete. Read the plan log before merging.';
  else if (ips) verdict = `🚨 **The static IPs will change.** ${destructive} resource${destructive === 1 ? '' : 's'} destroyed or replaced.`;
  else if (destructive) verdict = `⚠️ **Destructive:** ${destructive} resource${destructive === 1 ? '' : 's'} destroyed or replaced.`;
  else if (items.some((i) => i.kind !== 'no-op')) verdict = '✅ **Nothing destroyed:** only additions and in-place updates.';
  else if (items.length) verdict = '✅ **No infrastructure changes:** only imports or moves in the state.';
  else verdict = '✅ **No changes.** The infrastructure matches the configuration.';
  const parts = [
    `**${c.create}** to create`,
    `**${c.update}** to update`,
    `**${c.replace}** to replace`,
    `**${c.delete}** to destroy`,
    c.read ? `**${c.read}** to read` : '',
    c.forget ? `**${c.forget}** to forget` : '',
    imports(items) ? `**${imports(items)}** to import` : '',
    moves(items) ? `**${moves(items)}** moved` : '',
    driftCount ? `**${driftCount}** changed outside Terraform` : '',
  ].filter(Boolean);
  return `${markerFor(opts.id ?? 'plan')}\n## ${opts.title ?? 'Fleetform plan'}\n\n${verdict}\n\n${parts.join(' · ')}\n`;
}

/** Lines for the static-IP outputs whose known value changes or becomes unknown. */
function staticIpOutputChanges(plan: TfPlan): string[] {
  const lines: string[] = [];
  for (const name of STATIC_IP_OUTPUTS) {
    const ch = plan.outputChanges[name];
    if (!ch || kindOf(ch) === 'no-op' || ch.before === null || ch.before === undefined) continue;
    if (ch.after_unknown !== true && JSON.stringify(ch.before) === JSON.stringify(ch.after)) continue;
    lines.push(`> - output \`${name}\`: ${cell(ch.before, ch.before_sensitive, undefined, plan.sensitiveValues)} → ${cell(ch.after, ch.after_sensitive, ch.after_unknown, plan.sensitiveValues)}`);
  }
  return lines;
}

function tunnelAlert(items: readonly Item[]): string {
  return [
    '> [!WARNING]',
    '> **A reverse tunnel\'s dial address changes.** These boxes dial their proxy\'s Elastic IP; after the apply, re-run each box\'s `install-tunnel.sh` from `generated/` so it dials the new address.',
    '>',
    ...items.map((it) => `> - \`${it.rc.address}\` (${subjectLabel(it.subject)}) will be **${it.kind === 'replace' ? 'replaced' : 'destroyed'}**${because(it.rc)}`),
    '',
  ].join('\n');
}

const imports = (items: readonly Item[]): number => items.filter((i) => i.rc.change.importing !== undefined).length;
const moves = (items: readonly Item[]): number => items.filter((i) => i.rc.previous_address !== undefined).length;

function staticIpAlert(items: readonly Item[], outputLines: readonly string[]): string {
  const lines = items.map((it) => {
    const ip = addressOf(it.rc.change);
    return `> - \`${it.rc.address}\`: ${describeResource(it.rc)}${ip ? ` \`${ip}\`` : ''} will be **${it.kind === 'replace' ? 'replaced' : it.kind === 'forget' ? 'forgotten' : 'destroyed'}**${because(it.rc)}`;
  });
  return [
    '> [!CAUTION]',
    '> **The static IPs will change.** Clients that call the fleet by its fixed addresses will stop reaching it until they are told the new ones.',
    '> Unless this is intended, keep the Elastic IPs (`static_ips.allocations` in fleet.yaml) and change what forces the replacement.',
    '>',
    ...lines,
    ...outputLines,
    '',
  ].join('\n');
}

/** At most 50 lines and `maxBytes`: it always goes in, so it must leave room for the rest. */
function destroyedList(items: readonly Item[], maxBytes: number): string {
  const lines: string[] = [];
  let size = 0;
  for (const it of items) {
    const line = `- **${KIND_VERB[it.kind]}** \`${it.rc.address}\` (${subjectLabel(it.subject)})${because(it.rc)}`;
    if (lines.length === 50 || size + bytes(line) > maxBytes) break;
    lines.push(line);
    size += bytes(line) + 1;
  }
  if (items.length > lines.length) lines.push(`- … and ${items.length - lines.length} more, listed under Resources`);
  return `### ⚠️ Destroyed or replaced (${items.length})\n\n${lines.join('\n')}\n`;
}

function because(rc: TfResourceChange): string {
  const reason = reasonText(rc.action_reason);
  const forced = (rc.change.replace_paths ?? []).map((p) => `\`${displayPath(p)}\``);
  const parts = [reason ? `because ${reason}` : '', forced.length ? `forced by ${forced.join(', ')}` : '', rc.deposed ? `deposed object ${rc.deposed}` : ''].filter(Boolean);
  return parts.length ? `: ${parts.join('; ')}` : '';
}

function partsTable(items: readonly Item[]): string {
  const groups = groupBySubject(items);
  const rows = groups.map(([subject, its]) => {
    const c = counts(its);
    const summary = KIND_ORDER.filter((k) => c[k]).map((k) => `${KIND_SIGN[k]} ${c[k]}`).join(' · ');
    const types = [...new Set(its.map((it) => describeResource(it.rc)))].slice(0, 6).join(', ');
    return `| ${subjectLabel(subject)} | \`${summary}\` | ${types} |`;
  });
  return `### Changes by part of the fleet\n\n| Part | Changes | Resources |\n| --- | --- | --- |\n${rows.join('\n')}\n`;
}

function groupBySubject(items: readonly Item[]): [Subject, Item[]][] {
  const map = new Map<string, [Subject, Item[]]>();
  for (const it of items) {
    const key = `${it.subject.kind}:${it.subject.name}`;
    if (!map.has(key)) map.set(key, [it.subject, []]);
    map.get(key)![1].push(it);
  }
  return [...map.values()].sort((a, b) => SUBJECT_ORDER.indexOf(a[0].kind) - SUBJECT_ORDER.indexOf(b[0].kind) || a[0].name.localeCompare(b[0].name));
}

function detail(it: Item, known: ReadonlySet<string>): string {
  const lines = changeLines(it.rc.change, it.kind, undefined, known);
  const extra = [
    it.rc.previous_address ? `moved from \`${it.rc.previous_address}\`` : '',
    it.rc.change.importing ? `imported${it.rc.change.importing.id ? ` (id \`${it.rc.change.importing.id}\`)` : ''}` : '',
  ].filter(Boolean);
  const summary = `<code>${escapeHtml(KIND_SIGN[it.kind])}</code> <code>${escapeHtml(it.rc.address)}</code>: ${KIND_VERB[it.kind]} · ${escapeHtml(subjectLabel(it.subject).replace(/`/g, ''))}${it.staticIp ? ' · 🚨 static IP' : ''}`;
  const body = lines.length ? `\`\`\`diff\n${lines.join('\n')}\n\`\`\`` : '_No attribute changes shown (values are identical or unknown)._';
  return `<details><summary>${summary}</summary>\n\n${extra.length ? `${extra.join('; ')}${because(it.rc)}\n\n` : because(it.rc) ? `${because(it.rc).slice(2)}\n\n` : ''}${body}\n\n</details>\n`;
}

function outputsTable(plan: TfPlan): string | null {
  const rows: string[] = [];
  for (const [name, change] of Object.entries(plan.outputChanges)) {
    const kind = kindOf(change);
    if (kind === 'no-op') continue;
    rows.push(`| \`${name}\` | ${KIND_VERB[kind]} | ${cell(change.before, change.before_sensitive, undefined, plan.sensitiveValues)} | ${cell(change.after, change.after_sensitive, change.after_unknown, plan.sensitiveValues)} |`);
  }
  if (!rows.length) return null;
  return `### Outputs\n\n| Output | Change | Before | After |\n| --- | --- | --- | --- |\n${rows.join('\n')}\n`;
}

/** One table cell for an output value: masked, short, no pipes. */
function cell(value: unknown, sensitive: unknown, unknown: unknown, known: ReadonlySet<string> = new Set()): string {
  if (sensitive === true) return `_${SENSITIVE}_`;
  if (unknown === true) return `_${UNKNOWN}_`;
  if (value === null || value === undefined) return '—';
  const leaves = flatten(value, sensitive, unknown, [], known);
  const masked = leaves.some((l) => l.text === SENSITIVE || l.text === UNKNOWN || l.text === MASKED);
  const text = !masked ? (typeof value === 'string' ? literal(value) : JSON.stringify(value)) : leaves.map((l) => `${l.path} = ${l.text}`).join(', ');
  const short = text.length > 200 ? `${text.slice(0, 200)}…` : text;
  return `\`${short.replace(/\|/g, '\\|').replace(/`/g, "'")}\``;
}

function driftSection(drift: readonly TfResourceChange[], index: FleetIndex | null, known: ReadonlySet<string>): string {
  const max = 30;
  const lines = drift.slice(0, max).map((rc) => {
    const kind = kindOf(rc.change);
    const what = kind === 'delete' ? 'was deleted outside Terraform' : 'was changed outside Terraform';
    const changed = changeLines(rc.change, kind, 8, known);
    const detailText = changed.length ? `\n\n  \`\`\`diff\n${changed.map((l) => `  ${l}`).join('\n')}\n  \`\`\`` : '';
    return `- \`${rc.address}\` (${subjectLabel(subjectOf(rc, index))}) ${what}${detailText}`;
  });
  if (drift.length > max) lines.push(`- … and ${drift.length - max} more in the full plan`);
  return `### Changed outside Terraform (drift)\n\nThe refresh found these objects different from the last apply; the plan above puts them back.\n\n${lines.join('\n')}\n`;
}

function graphSection(graph: string): string {
  return `<details><summary>Architecture after this change</summary>\n\n\`\`\`mermaid\n${graph.trim()}\n\`\`\`\n\n</details>\n`;
}

function footer(plan: TfPlan, opts: CommentOptions, notShown: number, graphShown: boolean): string {
  const where = opts.artifactUrl ? `[the plan artifact](${opts.artifactUrl})` : 'the plan artifact of this workflow run';
  const notes: string[] = [];
  if (notShown) notes.push(`**${notShown} resource change${notShown === 1 ? ' is' : 's are'} not shown in detail** to stay under GitHub's 65,536-character comment limit: see ${where}.`);
  if (!graphShown) notes.push(`The architecture graph did not fit: run \`fleetform graph\` locally.`);
  const version = plan.terraformVersion ? `Terraform ${plan.terraformVersion}, ` : '';
  return `${notes.length ? `${notes.join('\n\n')}\n\n` : ''}---\n<sub>Full plan: ${where}. ${version}plan format ${plan.formatVersion}. This comment is updated in place on every push.</sub>\n`;
}

/** "Elastic IP", "network load balancer", ... for a resource type. */
export function describeResource(rc: TfResourceChange): string {
  const v = (rc.change.after ?? rc.change.before) as Record<string, unknown> | null;
  if ((rc.type === 'aws_lb' || rc.type === 'aws_alb') && v && typeof v === 'object') {
    return v.load_balancer_type === 'network' ? 'network load balancer' : 'application load balancer';
  }
  return TYPE_NAMES[rc.type] ?? rc.type.replace(/^aws_/, '').replace(/_/g, ' ');
}

const TYPE_NAMES: Record<string, string> = {
  aws_eip: 'Elastic IP',
  aws_lb_listener: 'listener',
  aws_lb_listener_rule: 'listener rule',
  aws_lb_target_group: 'target group',
  aws_lb_target_group_attachment: 'target registration',
  aws_autoscaling_group: 'Auto Scaling group',
  aws_autoscaling_policy: 'scaling policy',
  aws_autoscaling_schedule: 'scheduled action',
  aws_autoscaling_attachment: 'target group attachment',
  aws_launch_template: 'launch template',
  aws_instance: 'instance',
  aws_security_group: 'security group',
  aws_vpc_security_group_ingress_rule: 'ingress rule',
  aws_vpc_security_group_egress_rule: 'egress rule',
  aws_security_group_rule: 'security group rule',
  aws_iam_role: 'IAM role',
  aws_iam_role_policy: 'IAM policy',
  aws_iam_instance_profile: 'instance profile',
  aws_cloudwatch_metric_alarm: 'CloudWatch alarm',
  aws_ssm_parameter: 'SSM parameter',
};

function addressOf(change: TfChange): string | null {
  const v = change.before as Record<string, unknown> | null;
  return v && typeof v === 'object' && typeof v.public_ip === 'string' ? v.public_ip : null;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function bytes(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}
