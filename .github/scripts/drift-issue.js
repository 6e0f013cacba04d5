// @ts-check
/**
 * Keeps exactly one open issue about drift: opened when the scheduled plan
 * finds changes, updated (not duplicated) while they last, closed with a
 * comment once the plan is clean again. Run by actions/github-script in
 * drift.yml; tested in test/workflows/scripts.test.ts.
 *
 * The issue is found by its label and the hidden marker on the first line of
 * its body (never further down, where quoted plan data could forge it), among
 * open issues only; a closed one is never reopened, so its history stays as
 * it was and a new episode of drift gets a new issue.
 */
const fs = require('node:fs');

const LABEL = 'fleetform-drift';
const MARKER = '<!-- fleetform:drift -->';

/**
 * @param {{ github: any, context: any, drifted: boolean, body?: string, bodyFile?: string, runUrl: string }} args
 * @returns {Promise<{ action: 'opened' | 'updated' | 'closed' | 'none', number?: number }>}
 */
module.exports = async function driftIssue({ github, context, drifted, body, bodyFile, runUrl }) {
  const { owner, repo } = context.repo;
  const open = await github.paginate(github.rest.issues.listForRepo, { owner, repo, state: 'open', labels: LABEL, per_page: 100 });
  const existing = open.find((i) => !i.pull_request && typeof i.body === 'string' && firstLine(i.body) === MARKER);

  if (!drifted) {
    if (!existing) return { action: 'none' };
    await github.rest.issues.createComment({ owner, repo, issue_number: existing.number, body: `The scheduled plan is clean again ([run](${runUrl})): the infrastructure matches \`main\`. Closing.` });
    await github.rest.issues.update({ owner, repo, issue_number: existing.number, state: 'closed', state_reason: 'completed' });
    return { action: 'closed', number: existing.number };
  }

  const text = body ?? fs.readFileSync(/** @type {string} */ (bodyFile), 'utf8');
  const full = firstLine(text) === MARKER ? text : `${MARKER}\n${text}`;
  if (existing) {
    await github.rest.issues.update({ owner, repo, issue_number: existing.number, body: full });
    return { action: 'updated', number: existing.number };
  }
  const created = await github.rest.issues.create({ owner, repo, title: 'Drift: the infrastructure differs from main', body: full, labels: [LABEL] });
  return { action: 'opened', number: created.data.number };
};

/** The body's first line, as GitHub may store it (CRLF). */
function firstLine(/** @type {string} */ body) {
  return body.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0].trim();
}

module.exports.LABEL = LABEL;
module.exports.MARKER = MARKER;
