/**
 * The attribute-level lines of one change, as a `diff` block body: `+` for
 * new values, `-` for old ones, in Terraform's attribute paths, masked. The
 * lines are data: markdown.ts fences them so that no line can end the block.
 */
import type { TfChange } from './types';
import type { Kind } from './classify';
import { flatten, forcesReplacement, type Leaf } from './values';
import { NO_SENSITIVE, type SensitiveText } from './redact';

/** At most this many attribute lines per resource; the artifact has the rest. */
export const MAX_LINES_PER_RESOURCE = 40;

export function changeLines(change: TfChange, kind: Kind, max = MAX_LINES_PER_RESOURCE, known: SensitiveText = NO_SENSITIVE): string[] {
  const before = flatten(change.before, change.before_sensitive, undefined, [], known);
  const after = flatten(change.after, change.after_sensitive, change.after_unknown, [], known);
  let lines: string[];
  if (kind === 'create' || (kind === 'read' && change.before == null)) {
    lines = after.filter((l) => !boring(l)).map((l) => `+ ${l.path} = ${l.text}`);
  } else if (kind === 'delete' || kind === 'forget') {
    lines = before.filter((l) => !boring(l)).map((l) => `- ${l.path} = ${l.text}`);
  } else {
    lines = changedLines(change, before, after);
  }
  if (lines.length > max) {
    const rest = lines.length - max;
    lines = [...lines.slice(0, max), `# … ${rest} more attribute line${rest === 1 ? '' : 's'} in the full plan`];
  }
  return lines;
}

/** Lines for the attributes that differ; raw values decide "differs", masked ones are shown. */
function changedLines(change: TfChange, before: Leaf[], after: Leaf[]): string[] {
  const b = new Map(before.map((l) => [l.path, l]));
  const a = new Map(after.map((l) => [l.path, l]));
  const paths = [...after.map((l) => l.path), ...before.filter((l) => !a.has(l.path)).map((l) => l.path)];
  const out: string[] = [];
  for (const path of paths) {
    const bl = b.get(path);
    const al = a.get(path);
    const segments = (al ?? bl)!.segments;
    const same =
      bl !== undefined &&
      al !== undefined &&
      bl.text === al.text &&
      // Masked texts are equal by construction; the raw values tell whether a secret changed.
      JSON.stringify(valueAt(change.before, segments)) === JSON.stringify(valueAt(change.after, segments));
    if (same) continue;
    const mark = forcesReplacement(segments, change.replace_paths) ? '  # forces replacement' : '';
    if (bl && bl.text !== 'null') out.push(`- ${path} = ${bl.text}${al ? '' : mark}`);
    if (al && al.text !== 'null') out.push(`+ ${path} = ${al.text}${mark}`);
    else if (al) out.push(`+ ${path} = null${mark}`);
  }
  return out;
}

function boring(l: Leaf): boolean {
  return l.text === 'null' || l.text === '[]' || l.text === '{}';
}

function valueAt(v: unknown, segments: readonly (string | number)[]): unknown {
  let cur: any = v;
  for (const s of segments) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = cur[s as any];
  }
  return cur;
}
