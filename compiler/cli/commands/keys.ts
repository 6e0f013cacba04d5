/**
 * `fleetform keys HOST [FILE]`: the exact commands that create, store and
 * install HOST's SSH keys, for its tunnel direction. Prints; runs nothing.
 */
import { Command, EXIT_INVALID, EXIT_OK, EXIT_USAGE, UsageError } from '../io';
import { CommandSpec, helpText, parseCommandArgs } from '../args';
import { useColor } from '../color';
import { readInputFile } from '../read-input';
import { DEFAULT_FLEET_FILE, displayName } from '../read-fleet';
import { loadFleet } from '../load-fleet';
import { keyCommands } from '../keys/key-commands';

export const SPEC: CommandSpec = {
  name: 'keys',
  synopsis: ['keys HOST [FILE]'],
  description: `Prints the exact commands for HOST's SSH keys, for its tunnel direction.
Forward (the proxy dials the box): create the proxy's key pair, read the box's
host key with ssh-keyscan, store the private key where ssh.private_key says,
install the public half on the box restricted to the one forward.
Reverse (the box dials the proxy): create the box's key pair, the proxy's host
key pair, store it where ssh.proxy_host_key says, run the box's installer.
Every value is shell-quoted; nothing is run. Walkthrough: docs/provisioning.md.`,
  positionals: [
    ['HOST', 'a hosts[].name of the fleet'],
    ['FILE', `the fleet file (default: ${DEFAULT_FLEET_FILE}); - reads standard input`],
  ],
  options: {},
  examples: [
    ['fleetform keys v100-1', `the commands for host v100-1 of ${DEFAULT_FLEET_FILE}`],
    ['fleetform keys rtx-1 examples/reverse-tunnels/fleet.yaml', 'a reverse-tunnel host'],
  ],
  exit: '0 printed, 1 invalid fleet or no such host, 2 usage or I/O error',
};

export const keys: Command = async (args, io) => {
  const a = parseCommandArgs(SPEC, args);
  if (a.help) {
    io.stdout(helpText(SPEC));
    return EXIT_OK;
  }
  if (a.positionals.length < 1 || a.positionals.length > 2) throw new UsageError('give a HOST and at most one fleet file (run `fleetform keys --help`)');
  const [hostName, file = DEFAULT_FLEET_FILE] = a.positionals;
  const text = readInputFile(file, io, 'keys');
  if (text === null) return EXIT_USAGE;
  const loaded = loadFleet(text, displayName(file), useColor(io, 'stderr'));
  if (!loaded.fleet) {
    io.stderr(loaded.report);
    return EXIT_INVALID;
  }
  const host = loaded.fleet.hosts.find((h) => h.name === hostName);
  if (!host) {
    const { didYouMean } = require('../../validate/suggest') as typeof import('../../validate/suggest');
    const names = loaded.fleet.hosts.map((h) => h.name);
    const guess = didYouMean(hostName, names);
    io.stderr(`fleetform keys: ${displayName(file)} has no host '${hostName}'${guess ? `; ${guess}` : names.length ? `; its hosts: ${names.join(', ')}` : ' (it has no hosts)'}\n`);
    return EXIT_INVALID;
  }
  io.stdout(keyCommands(loaded.fleet, host));
  return EXIT_OK;
};
