/**
 * `fleetform plan-comment PLAN.json [--fleet FILE] [--base FILE] [--artifact-url URL] [--id ID] [--title TEXT]`
 *
 * Renders the pull-request comment for `terraform show -json` output on
 * stdout. With --fleet, resources are grouped by host, pool and service and
 * the architecture graph is included; with --base (the fleet file of the base
 * branch; empty for a new fleet) the fleet diff is included too.
 */
import { Command, EXIT_INVALID, EXIT_OK, EXIT_USAGE } from '../io';
import { readInputFile } from '../read-input';
import { formatDiagnostics } from '../../diagnostics/format';
import { loadFleet } from '../load-fleet';
import { CommandSpec, helpText, parseCommandArgs } from '../args';
import { displayName, MAX_PLAN_BYTES, STDIN } from '../read-fleet';
import { parsePlan } from '../../emit/review/plan/parse';
import { renderPlanComment } from '../../emit/review/plan/render';
import { indexFleet } from '../../emit/review/plan/fleet-terms';
import { diffFleets } from '../../emit/review/diff/diff';
import { diffMarkdown } from '../../emit/review/diff/render';
import { fleetGraph } from '../../emit/review/graph';
import type { Fleet } from '../../model/fleet';
import { trusted, type Md } from '../../emit/review/markdown';

export const SPEC: CommandSpec = {
  name: 'plan-comment',
  synopsis: ['plan-comment PLAN.json [--fleet FILE] [--base FILE] [--artifact-url URL] [--id ID] [--title TEXT] [--limit BYTES] [--show-account-ids]'],
  description: `Renders the pull-request comment for \`terraform show -json\` output on
standard output: the verdict and counts, anything destroyed or replaced first,
the change in fleet terms, the graph, and per-resource details folded.`,
  positionals: [['PLAN.json', 'the output of `terraform show -json PLANFILE`; - reads standard input']],
  options: {
    fleet: { type: 'string', value: 'FILE', description: 'the head fleet file: group resources by host, pool and service; add the architecture graph' },
    base: { type: 'string', value: 'FILE', description: "the base branch's fleet file (empty: a new fleet); add the fleet diff (needs --fleet)" },
    'artifact-url': { type: 'string', value: 'URL', description: 'where the full plan is, for the footer' },
    id: { type: 'string', value: 'ID', description: 'the hidden marker <!-- fleetform:ID --> that finds the comment again (default: plan)' },
    title: { type: 'string', value: 'TEXT', description: 'the heading (default: Fleetform plan)' },
    limit: { type: 'string', value: 'BYTES', description: "size budget (default: under GitHub's 65,536-character limit)" },
    'show-account-ids': { type: 'boolean', description: 'show AWS account IDs (in ARNs, ECR hosts, owner IDs); masked as <account> by default' },
  },
  examples: [
    ['terraform show -json tfplan > plan.json && fleetform plan-comment plan.json --fleet spec/fleet.yaml', 'the comment for a plan of the seed fleet'],
    ['terraform show -json tfplan | fleetform plan-comment - --fleet spec/fleet.yaml --base base.yaml', 'from standard input, with the fleet diff'],
  ],
  exit: '0 rendered, 1 not a valid plan or fleet, 2 usage or I/O error',
};
const USAGE = 'run `fleetform plan-comment --help` for its options\n';

export const planComment: Command = async (args, io) => {
  const parsed = parseCommandArgs(SPEC, args);
  if (parsed.help) {
    io.stdout(helpText(SPEC));
    return EXIT_OK;
  }
  // Every option but --show-account-ids takes a value.
  const a = { positional: parsed.positionals, values: parsed.values as Record<string, string | undefined> };
  const showAccountIds = parsed.values['show-account-ids'] === true;
  if ([a.positional[0], a.values.fleet, a.values.base].filter((f) => f === STDIN).length > 1) {
    io.stderr(`fleetform plan-comment: only one input can come from standard input\n`);
    return EXIT_USAGE;
  }
  if (a.positional.length !== 1) {
    io.stderr(`fleetform plan-comment: expected one plan file\n${USAGE}`);
    return EXIT_USAGE;
  }
  if (a.values.id !== undefined && !/^[a-z0-9][a-z0-9-]{0,62}$/.test(a.values.id)) {
    io.stderr(`fleetform plan-comment: --id is '${a.values.id}'; use lower-case letters, digits and hyphens\n`);
    return EXIT_USAGE;
  }
  const limit = a.values.limit === undefined ? undefined : Number(a.values.limit);
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 2000)) {
    io.stderr(`fleetform plan-comment: --limit is '${a.values.limit}'; give a whole number of bytes, at least 2000\n`);
    return EXIT_USAGE;
  }

  const planFile = a.positional[0];
  const planText = readInputFile(planFile, io, 'plan-comment', MAX_PLAN_BYTES);
  if (planText === null) return EXIT_USAGE;
  const plan = parsePlan(planText, displayName(planFile));
  if (!plan.plan) {
    io.stderr(formatDiagnostics(plan.diagnostics, 'text'));
    return EXIT_INVALID;
  }

  let fleet: Fleet | null = null;
  if (a.values.fleet !== undefined) {
    const text = readInputFile(a.values.fleet, io, 'plan-comment');
    if (text === null) return EXIT_USAGE;
    const loaded = loadFleet(text, displayName(a.values.fleet));
    if (!loaded.fleet) {
      io.stderr(loaded.report);
      return EXIT_INVALID;
    }
    fleet = loaded.fleet;
  }

  let fleetChanges: Md | null = null;
  if (a.values.base !== undefined) {
    if (!fleet) {
      io.stderr('fleetform plan-comment: --base needs --fleet (the head fleet file to compare with)\n');
      return EXIT_USAGE;
    }
    const text = readInputFile(a.values.base, io, 'plan-comment');
    if (text === null) return EXIT_USAGE;
    if (text.trim() === '') {
      fleetChanges = diffMarkdown(diffFleets(null, fleet), a.values.fleet);
    } else {
      const base = loadFleet(text, displayName(a.values.base));
      // A base written for an older Fleetform may not check any more; the plan is still worth showing.
      fleetChanges = base.fleet
        ? diffMarkdown(diffFleets(base.fleet, fleet), a.values.fleet)
        : trusted("_The base branch's fleet file does not check with this version of Fleetform, so there is no fleet diff; the resource changes below are complete._\n");
    }
  }

  io.stdout(
    renderPlanComment(plan.plan, {
      id: a.values.id,
      title: a.values.title,
      index: fleet ? indexFleet(fleet) : null,
      fleetChanges,
      graph: fleet ? fleetGraph(fleet) : null,
      artifactUrl: a.values['artifact-url'] ?? null,
      limit,
      showAccountIds,
    }),
  );
  return EXIT_OK;
};

