#!/usr/bin/env node
// @ts-check
/**
 * The result of an apply, for the people who merged: the job summary and a
 * comment on the merged pull request say whether the reviewed plan was
 * applied or not, what it changed (the counts from the plan job) and where
 * clients connect (the endpoints). A saved plan that Terraform refused as
 * stale gets its own explanation: nothing was applied, and a new run plans
 * again. Tested in test/workflows/scripts.test.ts.
 *
 *   node apply-result.js   (env: OUTCOME, ADD, CHANGE, DESTROY, APPLY_LOG,
 *                           OUTPUTS_FILE, RUN_URL, SHA) -> Markdown on stdout
 *
 * `commentOnMergedPullRequests` runs in actions/github-script and posts that
 * Markdown on the pull request(s) the commit came from.
 */
const fs = require('node:fs');
const { endpointsTable } = require('./endpoints.js');

const MARKER = '<!-- fleetform:apply -->';

/**
 * @param {{ outcome: string, counts: { add: string|number, change: string|number, destroy: string|number }, log?: string, outputs?: any, runUrl: string, sha: string }} r
 */
function resultMarkdown({ outcome, counts, log = '', outputs, runUrl, sha }) {
  const what = `${counts.add} to add, ${counts.change} to change, ${counts.destroy} to destroy`;
  const short = sha.slice(0, 12);
  const lines = [MARKER];
  if (outcome === 'success') {
    lines.push(`## ✅ Fleetform applied ${short}`, '', `The reviewed plan was applied: ${what}. [Run](${runUrl}).`, '');
    if (outputs) lines.push(endpointsTable(outputs));
  } else if (/Saved plan is stale/i.test(log)) {
    lines.push(
      `## ❌ Fleetform did not apply ${short}: the plan was stale`,
      '',
      `The state changed after the plan job planned this commit, so Terraform refused the saved plan (${what}) and **nothing was applied**. Re-run the workflow to plan again; the new plan needs its own approval. [Run](${runUrl}).`,
      '',
    );
  } else {
    lines.push(
      `## ❌ Fleetform apply failed for ${short}`,
      '',
      `The reviewed plan (${what}) did not apply cleanly (${outcome === 'cancelled' ? 'the job was cancelled' : 'see the log'}); some changes may have been made. Read [the run](${runUrl}) and the drift check before planning again.`,
      '',
    );
  }
  return lines.join('\n');
}

/**
 * Comment on every pull request merged into the pushed commit (usually one).
 * @param {{ github: any, context: any, body?: string, bodyFile?: string }} args
 * @returns {Promise<number[]>} the pull request numbers commented on
 */
async function commentOnMergedPullRequests({ github, context, body, bodyFile }) {
  const text = body ?? fs.readFileSync(/** @type {string} */ (bodyFile), 'utf8');
  const { owner, repo } = context.repo;
  const prs = await github.paginate(github.rest.repos.listPullRequestsAssociatedWithCommit, { owner, repo, commit_sha: context.sha, per_page: 100 });
  const merged = prs.filter((/** @type {any} */ p) => p.merged_at && p.merge_commit_sha === context.sha);
  for (const p of merged) await github.rest.issues.createComment({ owner, repo, issue_number: p.number, body: text });
  return merged.map((/** @type {any} */ p) => p.number);
}

module.exports = { resultMarkdown, commentOnMergedPullRequests, MARKER };

if (require.main === module) {
  const env = process.env;
  const read = (/** @type {string | undefined} */ f) => (f && fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : '');
  const outputsText = read(env.OUTPUTS_FILE);
  process.stdout.write(
    resultMarkdown({
      outcome: env.OUTCOME || 'failure',
      counts: { add: env.ADD || '?', change: env.CHANGE || '?', destroy: env.DESTROY || '?' },
      log: read(env.APPLY_LOG),
      outputs: outputsText.trim() ? JSON.parse(outputsText) : undefined,
      runUrl: env.RUN_URL || '',
      sha: env.SHA || '',
    }),
  );
}
