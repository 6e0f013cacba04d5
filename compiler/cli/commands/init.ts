/**
 * `fleetform init [DIR] [--name N] [--region R] [--zones A,B] [--host NAME=ADDRESS[:PORT] --host-key NAME=KEY ...]`
 *
 * Writes DIR/fleet.yaml, a starting fleet that checks clean, with the schema
 * line for the editor. Answers come from the flags or, when standard input is
 * a terminal and no flag was given, from questions. The text is checked
 * before it is written; nothing is overwritten.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command, CliIO, EXIT_INVALID, EXIT_OK, EXIT_USAGE, UsageError } from '../io';
import { CommandSpec, helpText, parseCommandArgs, stringOption } from '../args';
import { starterFleet, type StarterAnswers, type StarterHost } from '../init/starter-fleet';

export const SPEC: CommandSpec = {
  name: 'init',
  synopsis: ['init [DIR] [--name NAME] [--region REGION] [--zones ZONE,ZONE] [--port PORT] [--host NAME=ADDRESS[:PORT] --host-key NAME=KEY ...] [--force]'],
  description: `Writes DIR/fleet.yaml: a starting fleet that checks clean, with the schema
line that makes editors complete and check its keys. With no flags and a
terminal on standard input, it asks for each answer. Each host needs its SSH
host key, which you read with \`ssh-keyscan -t ed25519 -p PORT ADDRESS\`
(drop the address in front); \`fleetform keys HOST\` then prints the rest.`,
  positionals: [['DIR', 'where to write fleet.yaml (default: spec)']],
  options: {
    name: { type: 'string', value: 'NAME', description: 'the fleet name every AWS name derives from: lower-case letters, digits, hyphens (default: the folder name)' },
    region: { type: 'string', value: 'REGION', description: 'the AWS region (default: us-east-1)' },
    zones: { type: 'string', value: 'ZONE,ZONE', description: "two or more Availability Zones, comma-separated (default: the region's a and b zones)" },
    port: { type: 'string', value: 'PORT', description: "the model server's port on every box (default: 8000)" },
    host: { type: 'string', multiple: true, value: 'NAME=ADDRESS[:PORT]', description: "a GPU box the proxy dials over SSH (PORT: its SSH port, default 22); repeat for each box" },
    'host-key': { type: 'string', multiple: true, value: 'NAME=KEY', description: "that box's SSH host public key, e.g. 'ssh-ed25519 AAAA...'" },
    force: { type: 'boolean', description: 'replace an existing DIR/fleet.yaml' },
  },
  examples: [
    [`fleetform init`, 'answer the questions (on a terminal)'],
    [
      `fleetform init --name legal-chat --region ap-northeast-2 --host v100-1=203.0.113.10:2201 --host-key v100-1="$(ssh-keyscan -t ed25519 -p 2201 203.0.113.10 | cut -d' ' -f2-)"`,
      'one box, its host key read from the box itself',
    ],
  ],
  exit: '0 written, 1 the answers do not make a valid fleet, 2 usage or I/O error',
};

const NAME = /^[a-z]([a-z0-9-]{0,30}[a-z0-9])?$/;

export const init: Command = async (args, io) => {
  const a = parseCommandArgs(SPEC, args);
  if (a.help) {
    io.stdout(helpText(SPEC));
    return EXIT_OK;
  }
  if (a.positionals.length > 1) throw new UsageError('give at most one folder (run `fleetform init --help`)');
  const dir = path.resolve(io.cwd, a.positionals[0] ?? 'spec');
  const target = path.join(dir, 'fleet.yaml');
  const shown = path.relative(io.cwd, target) || target;
  if (fs.existsSync(target) && !a.values.force) {
    io.stderr(`fleetform init: ${shown} already exists; edit it, or give --force to replace it\n`);
    return EXIT_USAGE;
  }

  const flagsGiven = ['name', 'region', 'zones', 'port', 'host', 'host-key'].some((k) => a.values[k] !== undefined);
  const answers = !flagsGiven && io.tty?.stdin && io.ask ? await askAnswers(io, dir) : answersFromFlags(a.values, dir);
  answers.schemaRef = schemaRef(dir);
  const text = starterFleet(answers);

  // The answers are the user's: prove they make a fleet before writing it.
  const { checkSource } = require('../../index') as typeof import('../../index');
  const checked = checkSource(text, shown);
  if (!checked.fleet) {
    const { formatDiagnostics } = require('../../diagnostics/format') as typeof import('../../diagnostics/format');
    io.stderr(`fleetform init: these answers do not make a valid fleet; nothing written:\n${formatDiagnostics(checked.diagnostics, 'text', new Map([[shown, text]]))}`);
    return EXIT_INVALID;
  }
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(`${target}.tmp`, text, { mode: 0o644 });
    fs.renameSync(`${target}.tmp`, target);
  } catch (err) {
    io.stderr(`fleetform init: cannot write ${shown}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`);
    return EXIT_USAGE;
  }
  const file = shown;
  io.stdout(
    `wrote ${file}: fleet ${answers.name} in ${answers.region} with ${answers.hosts.length} host${answers.hosts.length === 1 ? '' : 's'}\n` +
      `next:\n` +
      answers.hosts.map((h) => `  fleetform keys ${h.name}${file === 'spec/fleet.yaml' ? '' : ` ${file}`}   # create, store and install the proxy's key for ${h.name}\n`).join('') +
      `  fleetform check ${file === 'spec/fleet.yaml' ? '' : file}\n`.replace(/ \n$/, '\n') +
      `  fleetform build ${file === 'spec/fleet.yaml' ? '' : file}\n`.replace(/ \n$/, '\n'),
  );
  return EXIT_OK;
};

/** The schema's path relative to the fleet file: this package's spec/fleet.schema.json. */
function schemaRef(dir: string): string {
  const { SCHEMA_PATH } = require('../../paths') as typeof import('../../paths');
  const rel = path.relative(dir, SCHEMA_PATH).split(path.sep).join('/');
  return rel.startsWith('.') ? rel : `./${rel}`;
}

function defaultName(dir: string): string {
  // The folder of the repository, not `spec`: `acme/legal-chat/spec` -> legal-chat.
  const base = path.basename(path.basename(dir) === 'spec' ? path.dirname(dir) : dir).toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^[^a-z]+|-+$/g, '').slice(0, 32);
  return NAME.test(base) ? base : 'fleet';
}

function answersFromFlags(v: Record<string, unknown>, dir: string): StarterAnswers {
  const region = (v.region as string | undefined) ?? 'us-east-1';
  const zones = v.zones === undefined ? [`${region}a`, `${region}b`] : String(v.zones).split(',').map((z) => z.trim()).filter(Boolean);
  const port = parsePort(v.port as string | undefined, '--port', 8000);
  const keys = new Map<string, string>();
  for (const kv of (v['host-key'] as string[] | undefined) ?? []) {
    const [name, key] = splitPair(kv, '--host-key', 'NAME=KEY');
    keys.set(name, key.trim());
  }
  const hosts: StarterHost[] = [];
  for (const kv of (v.host as string[] | undefined) ?? []) {
    const [name, where] = splitPair(kv, '--host', 'NAME=ADDRESS[:PORT]');
    const hostKey = keys.get(name);
    const { address, sshPort } = splitAddress(where);
    if (hostKey === undefined) throw new UsageError(`--host ${name} has no --host-key ${name}=KEY; read it from the box with: ssh-keyscan -t ed25519 -p ${sshPort} ${address}`);
    keys.delete(name);
    hosts.push({ name, address, sshPort, hostKey });
  }
  if (keys.size) throw new UsageError(`--host-key ${[...keys.keys()][0]} names no --host`);
  if (hosts.length === 0) throw new UsageError('give at least one --host NAME=ADDRESS[:PORT] with its --host-key NAME=KEY (or run `fleetform init` on a terminal to be asked)');
  return { name: (v.name as string | undefined) ?? defaultName(dir), region, zones, hosts, port, schemaRef: '' };
}

async function askAnswers(io: CliIO, dir: string): Promise<StarterAnswers> {
  const ask = async (q: string, fallback = ''): Promise<string> => (await io.ask!(fallback ? `${q} [${fallback}]: ` : `${q}: `)) || fallback;
  io.stderr('A starting fleet: a few questions (Enter takes the default in brackets).\n');
  const name = await ask('fleet name (lower-case letters, digits, hyphens)', defaultName(dir));
  const region = await ask('AWS region', 'us-east-1');
  const zones = (await ask('Availability Zones, two or more, comma-separated', `${region}a,${region}b`)).split(',').map((z) => z.trim()).filter(Boolean);
  const port = parsePort(await ask("the model server's port on the boxes", '8000'), 'port', 8000);
  const hosts: StarterHost[] = [];
  for (let i = 1; i <= 64; i++) {
    const hostName = await ask(`GPU box ${i}: name (Enter when done)`, i === 1 ? 'gpu-1' : '');
    if (!hostName) break;
    const { address, sshPort } = splitAddress(await ask(`  ${hostName}: address[:ssh port] the proxy dials`));
    io.stderr(`  read its host key on a trusted network with: ssh-keyscan -t ed25519 -p ${sshPort} ${address}\n`);
    const hostKey = (await ask(`  ${hostName}: SSH host key (ssh-ed25519 AAAA...)`)).replace(/^\S+\s+(?=ssh-|ecdsa-|sk-)/, '');
    hosts.push({ name: hostName, address, sshPort, hostKey });
  }
  if (hosts.length === 0) throw new UsageError('a fleet needs at least one GPU box; run `fleetform init` again');
  return { name, region, zones, hosts, port, schemaRef: '' };
}

function splitPair(kv: string, flag: string, form: string): [string, string] {
  const eq = kv.indexOf('=');
  if (eq <= 0) throw new UsageError(`${flag} is '${kv}'; give ${form}`);
  return [kv.slice(0, eq), kv.slice(eq + 1)];
}

/** `host`, `host:2201`, `[2001:db8::1]:2201` is not accepted: the schema takes IPv4 or DNS names. */
function splitAddress(where: string): { address: string; sshPort: number } {
  const m = /^([^:\s]+)(?::(\d+))?$/.exec(where.trim());
  if (!m) throw new UsageError(`'${where}' is not ADDRESS or ADDRESS:PORT`);
  return { address: m[1], sshPort: parsePort(m[2], 'the SSH port', 22) };
}

function parsePort(value: string | undefined, what: string, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 65535) throw new UsageError(`${what} is '${value}'; give a port from 1 to 65535`);
  return n;
}
