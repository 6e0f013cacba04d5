/**
 * `fleetform graph [FILE] [--markdown]`: the fleet as a Mermaid flowchart
 * (FILE defaults to spec/fleet.yaml). --markdown wraps it in a ```mermaid
 * fence, ready for a README or a PR.
 */
import { Command, EXIT_INVALID, EXIT_OK, EXIT_USAGE, UsageError } from '../io';
import { readInputFile } from '../read-input';
import { loadFleet } from '../load-fleet';
import { CommandSpec, helpText, parseCommandArgs } from '../args';
import { DEFAULT_FLEET_FILE, displayName } from '../read-fleet';
import { fleetGraph } from '../../emit/review/graph';
import { codeBlock, toMarkdown } from '../../emit/review/markdown';

export const SPEC: CommandSpec = {
  name: 'graph',
  synopsis: ['graph [FILE] [--markdown]'],
  description: `Draws the fleet as a Mermaid flowchart: clients, static IPs and NLB, the ALB
and its listeners, target groups, proxies by zone, GPU hosts and their tunnels,
pools and their scaling.`,
  positionals: [['FILE', `the fleet file (default: ${DEFAULT_FLEET_FILE}); - reads standard input`]],
  options: {
    markdown: { type: 'boolean', description: 'wrap the chart in a ```mermaid fence, ready for a README or a PR' },
  },
  examples: [
    ['fleetform graph --markdown', `the graph of ${DEFAULT_FLEET_FILE} for a Markdown page`],
    ['fleetform graph examples/hybrid-autoscaling/fleet.yaml > fleet.mmd', 'a chart for the Mermaid CLI or live editor'],
  ],
  exit: '0 drawn, 1 invalid fleet, 2 usage or I/O error',
};

export const graph: Command = async (args, io) => {
  const a = parseCommandArgs(SPEC, args);
  if (a.help) {
    io.stdout(helpText(SPEC));
    return EXIT_OK;
  }
  if (a.positionals.length > 1) throw new UsageError('give at most one fleet file (run `fleetform graph --help`)');
  const file = a.positionals[0] ?? DEFAULT_FLEET_FILE;
  const text = readInputFile(file, io, 'graph');
  if (text === null) return EXIT_USAGE;
  const loaded = loadFleet(text, displayName(file));
  if (!loaded.fleet) {
    io.stderr(loaded.report);
    return EXIT_INVALID;
  }
  const mermaid = fleetGraph(loaded.fleet);
  // The fence is markdown.ts's: longer than any backtick run in the graph.
  io.stdout(a.values.markdown ? `${toMarkdown(codeBlock('mermaid', mermaid.replace(/\n$/, '')))}\n` : mermaid);
  return EXIT_OK;
};
