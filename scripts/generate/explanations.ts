/**
 * generated/explain/codes.json: the explanation of every diagnostic code,
 * for `fleetform explain` and the diagnostics reference. Each entry takes its
 * meaning from the code tables, its description from the doc comment of the
 * check or stage that reports it, and its example from the corpus of broken
 * fleets (test/fixtures/invalid/, plans from test/fixtures/plans/): the
 * smallest fixture that triggers the code, with fewest other diagnostics.
 * The example is checked here, and the diagnostic it gets is recorded with
 * its hint, which is the fix.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { STAGE_CODES } from '../../compiler/diagnostics/codes';
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic';
import type { Explanation } from '../../compiler/diagnostics/explain';
import type { OutputFile } from '../../compiler/emit/output-file';
import { checkSource } from '../../compiler/index';
import { parsePlan } from '../../compiler/emit/review/plan/parse';
import { ALL_CHECKS } from '../../compiler/validate/checks/index';

/** Codes no input can trigger through `check` or `plan-comment`, and why. */
export const NO_EXAMPLE: Record<string, string> = {
  FF008: 'A fleet file larger than 2 MiB: too large to show. Check that the path names a fleet file.',
  FF009: 'Brackets nested more than 1,000 levels deep: the example would be that deep a file, too large to show. No fleet needs more than a few levels; look for an unclosed `[` or `{`.',
  FF111: 'No list in the current schema must hold unique entries (duplicate names are the checks\' FF202 to FF206), so nothing triggers it today; it stays reserved for such lists.',
  FF199: 'A schema rule with no code of its own; the message names the rule. No fleet triggers it today: every rule the schema uses has its own code.',
  FF301: 'Reported by `build` when a construct rejects a value that `check` let through; that means a check is missing. Please report the fleet that triggers it.',
  FF302: 'A bug in Fleetform (two stages disagree on a file name); no fleet should trigger it. Please report the fleet that does.',
  FF303: 'A bug in Fleetform (two emitters write one file); no fleet should trigger it. Please report the fleet that does.',
  FF304: 'Reported by `build` when a value that `check` let through cannot be quoted into a script or cloud-config (a NUL character, say); that means a check is missing. Please report the fleet that triggers it.',
};

/** Where each stage's codes come from, and the file whose doc comment explains the stage. */
function stageOf(code: string): { where: string; file: string } {
  if (code < 'FF100') return { where: 'the YAML loader (compiler/load/load.ts)', file: 'compiler/load/load.ts' };
  if (code < 'FF200') return { where: 'the JSON Schema (spec/fleet.schema.json, compiler/validate/schema.ts)', file: 'compiler/validate/schema.ts' };
  if (code === 'FF201') return { where: 'the secret scan (compiler/validate/secrets.ts)', file: 'compiler/validate/secrets.ts' };
  if (code < 'FF400') return { where: '`fleetform build` (compiler/emit/)', file: 'compiler/emit/terraform/validate.ts' };
  return { where: '`fleetform plan-comment` (compiler/emit/review/plan/parse.ts)', file: 'compiler/emit/review/plan/parse.ts' };
}

/** The first doc comment of a source file, as plain reflowed text. */
export function docComment(source: string): string {
  const m = /\/\*\*([\s\S]*?)\*\//.exec(source);
  if (!m) return '';
  const lines = m[1].split('\n').map((l) => l.replace(/^\s*\* ?/, '').trimEnd());
  // Paragraphs and list items survive; wrapped lines are joined.
  const out: string[] = [];
  for (const l of lines) {
    if (l === '') out.push('');
    else if (out.length && out[out.length - 1] !== '' && !/^\s*([-*]|\d+\.|[A-Z]+\d+ )/.test(l) && !/^\s{2,}/.test(l)) out[out.length - 1] += ` ${l.trim()}`;
    else out.push(l);
  }
  return out.join('\n').trim();
}

interface Candidate {
  file: string;
  text: string;
  diagnostics: Diagnostic[];
}

export function generatedExplanations(root: string): OutputFile {
  const codes: [string, string, { where: string; file: string }][] = Object.entries(STAGE_CODES).map(([c, m]) => [c, m, stageOf(c)]);
  for (const check of ALL_CHECKS) {
    const file = `compiler/validate/checks/${check.name}.ts`;
    for (const [c, m] of Object.entries(check.codes)) codes.push([c, m, { where: `the check \`${check.name}\` (${file})`, file }]);
  }
  codes.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));

  const candidates: Candidate[] = [];
  const fleetDir = path.join(root, 'test', 'fixtures', 'invalid');
  for (const f of fs.readdirSync(fleetDir).filter((n) => n.endsWith('.yaml')).sort()) {
    const raw = fs.readFileSync(path.join(fleetDir, f), 'utf8');
    // The corpus's own `# expect:` header is for the corpus test, not for readers.
    const text = raw.replace(/^# expect:.*\n/m, '');
    candidates.push({ file: f, text, diagnostics: checkSource(text, f).diagnostics });
  }
  const planDir = path.join(root, 'test', 'fixtures', 'plans');
  for (const f of fs.readdirSync(planDir).filter((n) => n.endsWith('.json')).sort()) {
    const text = fs.readFileSync(path.join(planDir, f), 'utf8');
    if (text.length > 4000) continue;
    candidates.push({ file: f, text, diagnostics: parsePlan(text, f).diagnostics });
  }

  const entries: Record<string, Explanation> = {};
  for (const [code, meaning, stage] of codes) {
    const description = docComment(fs.readFileSync(path.join(root, stage.file), 'utf8'));
    const best = candidates
      .filter((c) => c.diagnostics.some((d) => d.code === code))
      .sort((a, b) => a.diagnostics.length - b.diagnostics.length || a.text.length - b.text.length || (a.file < b.file ? -1 : 1))[0];
    const d = best?.diagnostics.find((x) => x.code === code);
    entries[code] = {
      code,
      meaning,
      where: stage.where,
      description,
      example: best && !NO_EXAMPLE[code] ? { file: best.file, text: best.text } : null,
      diagnostic: d && !NO_EXAMPLE[code] ? { line: d.span.start.line, col: d.span.start.col, path: d.path, message: d.message, hint: d.hint } : null,
      ...(NO_EXAMPLE[code] ? { noExample: NO_EXAMPLE[code] } : {}),
    };
  }
  return { path: 'explain/codes.json', content: `${JSON.stringify(entries, null, 1)}\n`, mode: 0o644 };
}
