// @ts-check
/**
 * Creates the PR's plan comment once and updates it in place on every later
 * push, so a PR carries one plan comment, never one per push. Run by
 * actions/github-script in plan.yml; tested in test/workflows/scripts.test.ts.
 *
 * The comment is found by the hidden marker `fleetform plan-comment` writes on
 * its first line, and only among comments written by the workflow's own
 * token (`github-actions[bot]`, a Bot): anyone can paste the marker into a
 * comment of their own, and another bot or app could too; that comment must
 * not be the one the workflow edits (it could not, anyway, and would fail).
 * The marker counts only as the first line: a plan or fleet value quoted
 * further down (inside a code block, where Markdown escapes do not apply)
 * must never make another Fleetform comment look like this one.
 */
const fs = require('node:fs');

/** The login of GITHUB_TOKEN's comments. */
const WORKFLOW_BOT = 'github-actions[bot]';

/**
 * @param {{ github: any, context: any, marker: string, body?: string, bodyFile?: string }} args
 * @returns {Promise<{ action: 'created' | 'updated', id: number }>}
 */
module.exports = async function upsertComment({ github, context, marker, body, bodyFile }) {
  const text = body ?? fs.readFileSync(/** @type {string} */ (bodyFile), 'utf8');
  if (!startsWithMarker(text, marker)) throw new Error(`the comment body does not start with the marker ${marker}`);
  const { owner, repo } = context.repo;
  const issue_number = context.issue.number;
  const comments = await github.paginate(github.rest.issues.listComments, { owner, repo, issue_number, per_page: 100 });
  const mine = comments.find((c) => c.user && c.user.login === WORKFLOW_BOT && c.user.type === 'Bot' && typeof c.body === 'string' && startsWithMarker(c.body, marker));
  if (mine) {
    await github.rest.issues.updateComment({ owner, repo, comment_id: mine.id, body: text });
    return { action: 'updated', id: mine.id };
  }
  const created = await github.rest.issues.createComment({ owner, repo, issue_number, body: text });
  return { action: 'created', id: created.data.id };
};

/** Whether the body's first line is the marker (GitHub may store the body with CRLF line ends). */
function startsWithMarker(/** @type {string} */ body, /** @type {string} */ marker) {
  return body.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0].trim() === marker;
}
module.exports.startsWithMarker = startsWithMarker;
module.exports.WORKFLOW_BOT = WORKFLOW_BOT;
