/**
 * The pull-request comment for a Terraform plan, in fleet terms.
 *
 * Layout, top to bottom: the hidden marker; the verdict and counts; a CAUTION
 * box when the static IPs move, another when the ALB changes scheme (it is
 * replaced), a WARNING when a reverse tunnel's address moves; everything
 * destroyed or replaced; what is
 * forgotten (left running, no longer managed); the fleet diff (when given); a
 * table of changes per fleet part, with a legend of its symbols; outputs;
 * drift; the per-resource details, folded; the architecture graph (when
 * given); a footer pointing at the full plan.
 *
 * Everything is built with markdown.ts, so every value from the plan or the
 * fleet is escaped where it lands, and passes `redactor()` (redact.ts):
 * sensitive values and AWS account IDs never reach the comment.
 *
 * GitHub rejects comments over 65,536 characters. The comment is assembled
 * from blocks by priority (verdict and warnings never drop), measured in UTF-8
 * bytes (never fewer than characters), and what does not fit is counted and
 * pointed to the artifact instead.
 */
import type { TfChange, TfPlan, TfResourceChange } from './types';
import { KIND_ORDER, KIND_SIGN, KIND_VERB, STATIC_IP_OUTPUTS, albSchemeChange, kindOf, movesStaticIps, movesTunnelAddress, reasonText, type Kind } from './classify';
import { changeLines } from './details';
import { SUBJECT_ORDER, subjectLabel, subjectOf, type FleetIndex, type Subject } from './fleet-terms';
import { MASKED, SENSITIVE, UNKNOWN, displayPath, flatten, literal } from './values';
import { SensitiveText, maskBareAccountId, redactor } from './redact';
import { Md, code, codeBlock, details, join, link, md, table, toMarkdown, trusted } from '../markdown';
import { compareStrings, thousands } from '../../../order';

/** GitHub's limit on an issue or pull-request comment body. */
export const GITHUB_COMMENT_LIMIT = 65536;

export interface CommentOptions {
  /** Identifies the comment for in-place updates: `<!-- fleetform:<id> -->`. Default `plan`. */
  id?: string;
  /** Heading (shown as text). Default `Fleetform plan`. */
  title?: string;
  /** Maps resources to hosts, pools and services by name (see fleet-terms.ts). */
  index?: FleetIndex | null;
  /** The fleet diff (diff/render.ts `diffMarkdown`). */
  fleetChanges?: Md | null;
  /** Mermaid source of the architecture. */
  graph?: string | null;
  /** Link to the uploaded full plan. */
  artifactUrl?: string | null;
  /** Size limit in UTF-8 bytes. Default: GitHub's limit less a margin. */
  limit?: number;
  /** Show AWS account IDs in ARNs and the like. Default: masked as `<account>`. */
  showAccountIds?: boolean;
}

/** The ids a marker may carry: nothing that could end the HTML comment. */
const MARKER_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

export function markerFor(id: string): string {
  if (!MARKER_ID.test(id)) throw new Error(`plan comment: marker id '${id}' must be lower-case letters, digits and hyphens`);
  return `<!-- fleetform:${id} -->`;
}

interface Item {
  rc: TfResourceChange;
  kind: Kind;
  subject: Subject;
  staticIp: boolean;
}

/** What the parts of the comment need to know besides their items. */
interface Context {
  plan: TfPlan;
  index: FleetIndex | null;
  sensitive: SensitiveText;
  showAccountIds: boolean;
}

interface Block {
  /** Position in the comment. */
  order: number;
  /** Lower goes in first. */
  priority: number;
  /** The block as written (escaped and redacted). */
  text: string;
  /** For resource details: the item shown. */
  item?: Item;
}

const ORDER = { head: 0, alert: 1, destroyed: 2, forgotten: 2.5, fleet: 3, parts: 4, outputs: 5, drift: 6, details: 7, compact: 8, graph: 9, footer: 10 };

export function renderPlanComment(plan: TfPlan, opts: CommentOptions = {}): string {
  const limit = opts.limit ?? GITHUB_COMMENT_LIMIT - 536;
  const ctx: Context = { plan, index: opts.index ?? null, sensitive: new SensitiveText(plan.sensitiveValues), showAccountIds: opts.showAccountIds === true };
  const redact = redactor(ctx.sensitive, { showAccountIds: ctx.showAccountIds });
  const write = (m: Md): string => toMarkdown(m, { redact });

  const items = plan.resourceChanges
    .map((rc) => ({ rc, kind: kindOf(rc.change), subject: subjectOf(rc, ctx.index), staticIp: movesStaticIps(rc) }))
    // A no-op still matters to a reviewer when it imports or moves the object.
    .filter((it) => it.kind !== 'no-op' || it.rc.change.importing !== undefined || it.rc.previous_address !== undefined);
  items.sort(byDanger);
  const drift = plan.resourceDrift.filter((rc) => kindOf(rc.change) !== 'no-op');

  const blocks: Block[] = [];
  const add = (order: number, priority: number, m: Md): void => {
    blocks.push({ order, priority, text: write(m) });
  };
  add(ORDER.head, 0, head(ctx, items, drift.length, opts));
  const ipItems = items.filter((it) => it.staticIp);
  const ipOutputs = staticIpOutputChanges(ctx);
  if (ipItems.length || ipOutputs.length) add(ORDER.alert, 0, staticIpAlert(ipItems, ipOutputs, ctx));
  const tunnelItems = items.filter((it) => movesTunnelAddress(it.rc));
  if (tunnelItems.length) add(ORDER.alert + 0.5, 0, tunnelAlert(tunnelItems, ctx));
  const schemeItems = items.filter((it) => albSchemeChange(it.rc) !== null);
  if (schemeItems.length) add(ORDER.alert + 0.25, 0, albSchemeAlert(schemeItems, ctx));
  const destroyed = items.filter((it) => it.kind === 'delete' || it.kind === 'replace');
  if (destroyed.length) add(ORDER.destroyed, 0, cappedList(`### ⚠️ Destroyed or replaced (${destroyed.length})`, destroyed, limit / 4, ctx, write));
  const forgotten = items.filter((it) => it.kind === 'forget');
  if (forgotten.length) {
    add(ORDER.forgotten, 0, cappedList(`### Forgotten: removed from Terraform's state, left running (${forgotten.length})`, forgotten, limit / 8, ctx, write));
  }
  if (opts.fleetChanges) add(ORDER.fleet, 1, md`### Fleet changes\n\n${opts.fleetChanges}\n`);
  if (items.length) add(ORDER.parts, 1, partsTable(items, ctx));
  const outputs = outputsTable(ctx);
  if (outputs) add(ORDER.outputs, 2, outputs);
  if (drift.length) add(ORDER.drift, 2, driftSection(drift, ctx));
  if (opts.graph) add(ORDER.graph, 2.5, details(trusted('Architecture after this change'), codeBlock('mermaid', opts.graph.trim())));

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
    const text = write(detail(it, ctx));
    const size = bytes(text) + 1;
    if (used + size + reserve > limit) break;
    chosen.push({ order: ORDER.details + i / (items.length + 1), priority: 3, text, item: it });
    used += size;
  }
  const shown = new Set(chosen.filter((b) => b.item).map((b) => b.item!));
  const hidden = items.filter((it) => !shown.has(it));
  if (shown.size) {
    chosen.push({ order: ORDER.details - 0.5, priority: 0, text: write(trusted(`### Resources\n\n<sub>Per-resource attribute changes; sensitive values, values that look secret and AWS account IDs are masked.</sub>\n`)) });
  }
  chosen.push({ order: ORDER.footer, priority: 0, text: write(footer(plan, opts, hidden.length, chosen.some((b) => b.order === ORDER.graph) || !opts.graph)) });
  if (hidden.length) {
    // The resources without details still get one line each while room is left.
    const taken = chosen.reduce((n, b) => n + bytes(b.text) + 1, 0);
    let room = limit - taken - 300;
    const lines: string[] = [];
    for (const it of hidden) {
      const line = write(md`- ${code(KIND_SIGN[it.kind])} ${code(it.rc.address)} (${KIND_VERB[it.kind]})`);
      if (bytes(line) + 1 > room) break;
      lines.push(line);
      room -= bytes(line) + 1;
    }
    const unlisted = hidden.length - lines.length;
    const summary = md`${hidden.length} more resource change${hidden.length === 1 ? '' : 's'} without details${unlisted ? md` (${unlisted} not listed)` : ''}`;
    const body = join([...lines.map(trusted), ...(unlisted ? [md`- … and ${unlisted} more`] : [])], '\n');
    chosen.push({ order: ORDER.compact, priority: 0, text: write(details(summary, body)) });
  }
  return chosen
    .sort((a, b) => a.order - b.order)
    .map((b) => b.text)
    .join('\n');
}

function byDanger(a: Item, b: Item): number {
  return Number(b.staticIp) - Number(a.staticIp) || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || subjectRank(a.subject) - subjectRank(b.subject) || compareStrings(a.rc.address, b.rc.address);
}

function subjectRank(s: Subject): number {
  return SUBJECT_ORDER.indexOf(s.kind) * 1000;
}

function counts(items: readonly Item[]): Record<Kind, number> {
  const c: Record<Kind, number> = { create: 0, update: 0, replace: 0, delete: 0, read: 0, forget: 0, 'no-op': 0 };
  for (const it of items) c[it.kind]++;
  return c;
}

const plural = (n: number, one: string, many = `${one}s`): string => (n === 1 ? one : many);

function head(ctx: Context, items: readonly Item[], driftCount: number, opts: CommentOptions): Md {
  const c = counts(items);
  const ips = items.filter((i) => i.staticIp).length + staticIpOutputChanges(ctx).length;
  // Forgetting leaves the object running: it is not destroyed, and is said apart.
  const destructive = c.delete + c.replace;
  const forgotten = c.forget ? ` ${c.forget} ${plural(c.forget, 'resource')} forgotten (left running, no longer managed).` : '';
  let verdict: string;
  if (ctx.plan.errored) verdict = '❌ **Planning failed part-way**: the changes below are incomplete. Read the plan log before merging.';
  else if (ips) verdict = `🚨 **The static IPs will change.** ${destructive} ${plural(destructive, 'resource')} destroyed or replaced.${forgotten}`;
  else if (destructive) verdict = `⚠️ **Destructive:** ${destructive} ${plural(destructive, 'resource')} destroyed or replaced.${forgotten}`;
  else if (c.forget) verdict = `✅ **Nothing destroyed.**${forgotten}`;
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
  const title = opts.title !== undefined ? md`${opts.title}` : trusted('Fleetform plan');
  // The verdict and counts are the program's words and numbers only.
  return md`${trusted(markerFor(opts.id ?? 'plan'))}\n## ${title}\n\n${trusted(verdict)}\n\n${trusted(parts.join(' · '))}\n`;
}

/** Lines for the static-IP outputs whose known value changes or becomes unknown. */
function staticIpOutputChanges(ctx: Context): Md[] {
  const lines: Md[] = [];
  for (const name of STATIC_IP_OUTPUTS) {
    const ch = ctx.plan.outputChanges[name];
    if (!ch || kindOf(ch) === 'no-op' || ch.before === null || ch.before === undefined) continue;
    if (ch.after_unknown !== true && JSON.stringify(ch.before) === JSON.stringify(ch.after)) continue;
    lines.push(md`> - output ${code(name)}: ${cell(name, ch.before, ch.before_sensitive, undefined, ctx)} → ${cell(name, ch.after, ch.after_sensitive, ch.after_unknown, ctx)}`);
  }
  return lines;
}

function tunnelAlert(items: readonly Item[], ctx: Context): Md {
  return join(
    [
      trusted('> [!WARNING]'),
      trusted("> **A reverse tunnel's dial address changes.** These boxes dial their proxy's Elastic IP; after the apply, re-run each box's `install-tunnel.sh` from `generated/` so it dials the new address."),
      trusted('>'),
      ...items.map((it) => md`> - ${code(it.rc.address)} (${subjectLabel(it.subject)}) will be **${it.kind === 'replace' ? 'replaced' : 'destroyed'}**${because(it.rc, ctx)}`),
      '',
    ],
    '\n',
  );
}

function albSchemeAlert(items: readonly Item[], ctx: Context): Md {
  return join(
    [
      trusted('> [!CAUTION]'),
      trusted("> **The ALB changes scheme, so it is replaced.** Its DNS name changes and it is briefly unavailable; clients that call the ALB directly must move (behind the static IPs the ALB is internal unless `load_balancer.internal: false`)."),
      trusted('>'),
      ...items.map((it) => md`> - ${code(it.rc.address)} becomes **${albSchemeChange(it.rc) ?? ''}** and will be **${it.kind === 'replace' ? 'replaced' : 'changed'}**${because(it.rc, ctx)}`),
      '',
    ],
    '\n',
  );
}

const imports = (items: readonly Item[]): number => items.filter((i) => i.rc.change.importing !== undefined).length;
const moves = (items: readonly Item[]): number => items.filter((i) => i.rc.previous_address !== undefined).length;

function staticIpAlert(items: readonly Item[], outputLines: readonly Md[], ctx: Context): Md {
  const lines = items.map((it) => {
    const ip = addressOf(it.rc.change, ctx);
    return md`> - ${code(it.rc.address)}: ${describeResource(it.rc)}${ip ? md` ${code(ip)}` : ''} will be **${it.kind === 'replace' ? 'replaced' : 'destroyed'}**${because(it.rc, ctx)}`;
  });
  return join(
    [
      trusted('> [!CAUTION]'),
      trusted('> **The static IPs will change.** Clients that call the fleet by its fixed addresses will stop reaching it until they are told the new ones.'),
      trusted('> Unless this is intended, keep the Elastic IPs (`static_ips.allocations` in fleet.yaml) and change what forces the replacement.'),
      trusted('>'),
      ...lines,
      ...outputLines,
      '',
    ],
    '\n',
  );
}

/** At most 50 lines and `maxBytes`: it always goes in, so it must leave room for the rest. */
function cappedList(heading: string, items: readonly Item[], maxBytes: number, ctx: Context, write: (m: Md) => string): Md {
  const lines: string[] = [];
  let size = 0;
  for (const it of items) {
    const line = write(md`- **${KIND_VERB[it.kind]}** ${code(it.rc.address)} (${subjectLabel(it.subject)})${because(it.rc, ctx)}`);
    if (lines.length === 50 || size + bytes(line) > maxBytes) break;
    lines.push(line);
    size += bytes(line) + 1;
  }
  const rest = items.length > lines.length ? [md`- … and ${items.length - lines.length} more, listed under Resources`] : [];
  return md`${trusted(heading)}\n\n${join([...lines.map(trusted), ...rest], '\n')}\n`;
}

/** Why Terraform chose the action, after a name (`: because …`), or nothing. */
function because(rc: TfResourceChange, ctx: Context): Md {
  const parts = reasons(rc, ctx);
  return parts.length ? md`: ${join(parts, '; ')}` : md``;
}

/** Terraform's reason, the paths that forced a replacement, a deposed object. */
function reasons(rc: TfResourceChange, ctx: Context): Md[] {
  const reason = reasonText(rc.action_reason);
  const forced = (rc.change.replace_paths ?? []).map((p) => forcedPath(p, rc.change, ctx));
  const parts: Md[] = [];
  if (reason) parts.push(md`because ${reason}`);
  if (forced.length) parts.push(md`forced by ${join(forced, ', ')}`);
  if (rc.deposed) parts.push(md`deposed object ${code(rc.deposed)}`);
  return parts;
}

/**
 * A replace path, cut where the value becomes sensitive: below a sensitive
 * map, the keys are as secret as the values (Terraform hides them too).
 */
function forcedPath(path: readonly (string | number)[], change: TfChange, ctx: Context): Md {
  let before = change.before_sensitive;
  let after = change.after_sensitive;
  for (let i = 0; i < path.length; i++) {
    if (before === true || after === true) {
      return i === 0 ? trusted(SENSITIVE) : md`${code(displayPath(path.slice(0, i), ctx.sensitive))} (its keys are sensitive)`;
    }
    before = pick(before, path[i]);
    after = pick(after, path[i]);
  }
  return code(displayPath(path, ctx.sensitive));
}

function pick(mirror: unknown, key: string | number): unknown {
  if (mirror === true) return true;
  if (mirror === null || typeof mirror !== 'object') return undefined;
  return (mirror as Record<string | number, unknown>)[key];
}

/** The symbols of the table, explained: only those the table uses. */
function legend(kinds: readonly Kind[]): Md {
  const used = KIND_ORDER.filter((k) => kinds.includes(k));
  return md`<sub>${join(used.map((k) => md`${code(KIND_SIGN[k])} ${KIND_VERB[k]}`), ' · ')}</sub>`;
}

function partsTable(items: readonly Item[], ctx: Context): Md {
  const groups = groupBySubject(items);
  const rows = groups.map(([subject, its]) => {
    const c = counts(its);
    const summary = KIND_ORDER.filter((k) => c[k]).map((k) => `${KIND_SIGN[k]} ${c[k]}`).join(' · ');
    const types = [...new Set(its.map((it) => describeResource(it.rc)))].slice(0, 6).join(', ');
    return [subjectLabel(subject), code(summary), types];
  });
  void ctx;
  return md`### Changes by part of the fleet\n\n${table(['Part', 'Changes', 'Resources'], rows)}\n\n${legend(items.map((it) => it.kind))}\n`;
}

function groupBySubject(items: readonly Item[]): [Subject, Item[]][] {
  const map = new Map<string, [Subject, Item[]]>();
  for (const it of items) {
    const key = `${it.subject.kind}:${it.subject.name}`;
    if (!map.has(key)) map.set(key, [it.subject, []]);
    map.get(key)![1].push(it);
  }
  return [...map.values()].sort((a, b) => SUBJECT_ORDER.indexOf(a[0].kind) - SUBJECT_ORDER.indexOf(b[0].kind) || compareStrings(a[0].name, b[0].name));
}

function detail(it: Item, ctx: Context): Md {
  const lines = changeLines(it.rc.change, it.kind, undefined, ctx.sensitive);
  const importing = it.rc.change.importing;
  const extra: Md[] = [];
  if (it.rc.previous_address) extra.push(md`moved from ${code(it.rc.previous_address)}`);
  if (importing) extra.push(typeof importing.id === 'string' && importing.id !== '' ? md`imported (id ${code(importing.id)})` : md`imported`);
  const summary = md`${code(KIND_SIGN[it.kind])} ${code(it.rc.address)}: ${KIND_VERB[it.kind]} · ${subjectLabel(it.subject)}${it.staticIp ? trusted(' · 🚨 static IP') : ''}`;
  const why = reasons(it.rc, ctx);
  const intro = extra.length ? md`${join(extra, '; ')}${because(it.rc, ctx)}\n\n` : why.length ? md`${join(why, '; ')}\n\n` : md``;
  const body = lines.length ? codeBlock('diff', lines.join('\n')) : trusted('_No attribute changes shown (values are identical or unknown)._');
  return details(summary, md`${intro}${body}`);
}

function outputsTable(ctx: Context): Md | null {
  const rows: Md[][] = [];
  for (const [name, change] of Object.entries(ctx.plan.outputChanges)) {
    const kind = kindOf(change);
    if (kind === 'no-op') continue;
    rows.push([code(name), md`${KIND_VERB[kind]}`, cell(name, change.before, change.before_sensitive, undefined, ctx), cell(name, change.after, change.after_sensitive, change.after_unknown, ctx)]);
  }
  if (!rows.length) return null;
  return md`### Outputs\n\n${table(['Output', 'Change', 'Before', 'After'], rows)}\n`;
}

/** Outputs named for an account hold a bare account ID, which no pattern would recognise. */
const ACCOUNT_OUTPUT = /account|owner/i;

/** One table cell for an output value: masked, short. */
function cell(name: string, value: unknown, sensitive: unknown, unknown: unknown, ctx: Context): Md {
  if (sensitive === true) return trusted(`_${SENSITIVE}_`);
  if (unknown === true) return trusted(`_${UNKNOWN}_`);
  if (value === null || value === undefined) return trusted('—');
  const leaves = flatten(value, sensitive, unknown, [], ctx.sensitive);
  // Leaf by leaf when anything is hidden, a key included: the whole value as JSON would show it.
  const masked = leaves.some((l) => l.text === SENSITIVE || l.text === UNKNOWN || l.text === MASKED || l.path.includes(SENSITIVE));
  let text = !masked ? (typeof value === 'string' ? literal(value) : JSON.stringify(value)) : leaves.map((l) => `${l.path} = ${l.text}`).join(', ');
  if (!ctx.showAccountIds && ACCOUNT_OUTPUT.test(name)) text = maskBareAccountId(text);
  return code(text.length > 200 ? `${text.slice(0, 200)}…` : text);
}

function driftSection(drift: readonly TfResourceChange[], ctx: Context): Md {
  const max = 30;
  const lines = drift.slice(0, max).map((rc) => {
    const kind = kindOf(rc.change);
    const what = kind === 'delete' ? 'was deleted outside Terraform' : 'was changed outside Terraform';
    const changed = changeLines(rc.change, kind, 8, ctx.sensitive);
    const detailText = changed.length ? md`\n\n${codeBlock('diff', changed.join('\n'), '  ')}` : md``;
    return md`- ${code(rc.address)} (${subjectLabel(subjectOf(rc, ctx.index))}) ${what}${detailText}`;
  });
  if (drift.length > max) lines.push(md`- … and ${drift.length - max} more in the full plan`);
  return md`### Changed outside Terraform (drift)\n\nThe refresh found these objects different from the last apply; the plan above puts them back.\n\n${join(lines, '\n')}\n`;
}

function footer(plan: TfPlan, opts: CommentOptions, notShown: number, graphShown: boolean): Md {
  const where = opts.artifactUrl ? link('the plan artifact', opts.artifactUrl) : trusted('the plan artifact of this workflow run');
  const notes: Md[] = [];
  // Name the limit that applied: GitHub's, or the one this comment was given.
  const why = opts.limit === undefined ? `GitHub's ${thousands(GITHUB_COMMENT_LIMIT)}-character comment limit` : `the size limit of ${thousands(opts.limit)} bytes this comment was given (--limit)`;
  if (notShown) notes.push(md`**${notShown} resource change${notShown === 1 ? ' is' : 's are'} not shown in detail** to stay under ${trusted(why)}: see ${where}.`);
  if (!graphShown) notes.push(trusted('The architecture graph did not fit: run `fleetform graph` locally.'));
  const version = plan.terraformVersion ? md`Terraform ${plan.terraformVersion}, ` : md``;
  return md`${notes.length ? md`${join(notes, '\n\n')}\n\n` : ''}---\n<sub>Full plan: ${where}. ${version}plan format ${plan.formatVersion}. This comment is updated in place on every push.</sub>\n`;
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

/** The Elastic IP's address before the change, unless it is sensitive. */
function addressOf(change: TfChange, ctx: Context): string | null {
  const v = change.before as Record<string, unknown> | null;
  if (!v || typeof v !== 'object' || typeof v.public_ip !== 'string') return null;
  const mirror = change.before_sensitive;
  if (mirror === true || (typeof mirror === 'object' && mirror !== null && (mirror as Record<string, unknown>).public_ip === true)) return null;
  return ctx.sensitive.covers(v.public_ip) ? null : v.public_ip;
}

function bytes(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}
