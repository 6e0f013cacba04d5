/**
 * `fleetform graph [FILE] [--markdown]`: the fleet as a Mermaid flowchart
 * (FILE defaults to spec/fleet.yaml). --markdown wraps it in a ```mermaid
 * fence, ready for a README or a PR.
 */
import { Command, EXIT_INVALID, EXIT_OK, EXIT_USAGE, UsageError } from '../io';
import { readInputFile } from '../read-input';
import { loadFleet, parseArgs } from '../../emit/review/args';
import { fleetGraph } from '../../emit/review/graph';
import { codeBlock, toMarkdown } from '../../emit/review/markdown';

const USAGE = 'usage: fleetform graph [FILE] [--markdown]\n';

export const graph: Command = async (args, io) => {
  const a = parseArgs(args, [], ['markdown', 'help']);
  if (a.flags.has('help')) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  if (a.positional.length > 1) throw new UsageError(`give at most one fleet file\n${USAGE}`);
  const file = a.positional[0] ?? 'spec/fleet.yaml';
  const text = readInputFile(file, io, 'graph');
  if (text === null) return EXIT_USAGE;
  const loaded = loadFleet(text, file);
  if (!loaded.fleet) {
    io.stderr(loaded.report);
    return EXIT_INVALID;
  }
  const mermaid = fleetGraph(loaded.fleet);
  // The fence is markdown.ts's: longer than any backtick run in the graph.
  io.stdout(a.flags.has('markdown') ? `${toMarkdown(codeBlock('mermaid', mermaid.replace(/\n$/, '')))}\n` : mermaid);
  return EXIT_OK;
};
