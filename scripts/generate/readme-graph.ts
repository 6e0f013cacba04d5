/**
 * The README's picture of spec/fleet.yaml: the Mermaid graph between the
 * `graph:start` and `graph:end` markers, drawn by the same code as
 * `fleetform graph --markdown`. It is derived from the team's fleet file like
 * generated/fleet/, so `npm run generate` refreshes both and the freshness
 * check (test and PR workflow) covers both.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkSource } from '../../compiler/index';
import { fleetGraph } from '../../compiler/emit/review/graph';
import { TEAM_FLEET_FILE } from './builds';

export const README = 'README.md';
const START = /<!-- graph:start[^\n]*-->\n/;
const END = '<!-- graph:end -->';

/**
 * README.md with the graph block replaced by the current graph of
 * spec/fleet.yaml; null when the README has no graph block (a team may drop
 * it: nothing then is derived). Throws with the diagnostics if the fleet does
 * not check (the build of generated/fleet/ reports the same).
 */
export function readmeWithCurrentGraph(root: string): string | null {
  const readmePath = path.join(root, README);
  if (!fs.existsSync(readmePath)) return null;
  const readme = fs.readFileSync(readmePath, 'utf8');
  const start = START.exec(readme);
  const end = readme.indexOf(END);
  if (!start || end < start.index) return null;
  const checked = checkSource(fs.readFileSync(path.join(root, TEAM_FLEET_FILE), 'utf8'), TEAM_FLEET_FILE);
  if (!checked.fleet) throw new Error(`${TEAM_FLEET_FILE} does not check; run \`npx fleetform check ${TEAM_FLEET_FILE}\``);
  const head = readme.slice(0, start.index + start[0].length);
  return `${head}\`\`\`mermaid\n${fleetGraph(checked.fleet)}\`\`\`\n${readme.slice(end)}`;
}
