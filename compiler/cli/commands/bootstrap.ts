/**
 * `fleetform bootstrap [FILE] --repo OWNER/NAME [--branch main] [--environment production]
 *                      [--existing-oidc-provider] [--out DIR]`
 *
 * Prints (or writes to DIR/main.tf) the Terraform that creates the fleet's
 * state bucket and lock table, the GitHub OIDC provider, and the plan and
 * apply roles the workflows assume. See docs/gitops.md.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command, EXIT_INVALID, EXIT_OK, EXIT_USAGE, UsageError } from '../io';
import { readInputFile } from '../read-input';
import { loadFleet } from '../load-fleet';
import { CommandSpec, helpText, parseCommandArgs, stringOption } from '../args';
import { DEFAULT_FLEET_FILE, displayName } from '../read-fleet';
import { bootstrapTerraform } from '../../emit/bootstrap/bootstrap';

export const SPEC: CommandSpec = {
  name: 'bootstrap',
  synopsis: ['bootstrap [FILE] --repo OWNER/NAME [--branch main] [--environment production] [--existing-oidc-provider] [--out DIR]'],
  description: `Prints (or writes to DIR/main.tf) the Terraform that creates, once, what the
GitOps loop needs: the state bucket and lock table named in the fleet's
\`state:\`, the GitHub OIDC provider, a read-only plan role that can never read
the fleet's secrets, and an apply role limited to what the fleet manages.
Apply it with an administrator's credentials; see docs/gitops.md.`,
  positionals: [['FILE', `the fleet file (default: ${DEFAULT_FLEET_FILE}); - reads standard input`]],
  options: {
    repo: { type: 'string', value: 'OWNER/NAME', description: 'the GitHub repository whose workflows may assume the roles (required)' },
    branch: { type: 'string', value: 'BRANCH', description: 'the branch that may apply (default: main)' },
    environment: { type: 'string', value: 'NAME', description: 'the protected environment of the apply job (default: production)' },
    'existing-oidc-provider': { type: 'boolean', description: "use the account's GitHub OIDC provider instead of creating one" },
    out: { type: 'string', short: 'o', value: 'DIR', description: 'write DIR/main.tf instead of printing it' },
  },
  examples: [
    ['fleetform bootstrap --repo acme/legal-chat --out bootstrap/', 'then: cd bootstrap && terraform init && terraform apply'],
    ['fleetform bootstrap --repo acme/legal-chat --existing-oidc-provider', 'print it, for an account that already trusts GitHub'],
  ],
  exit: '0 written, 1 invalid fleet, 2 usage or I/O error',
};

export const bootstrap: Command = async (args, io) => {
  const a = parseCommandArgs(SPEC, args);
  if (a.help) {
    io.stdout(helpText(SPEC));
    return EXIT_OK;
  }
  if (a.positionals.length > 1) throw new UsageError('give at most one fleet file (run `fleetform bootstrap --help`)');
  const repository = stringOption(a, 'repo', 'repository');
  const out = stringOption(a, 'out', 'folder');
  // GitHub's own rules for owner and repository names; the value lands in IAM trust policies.
  if (!repository || !/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/.test(repository)) {
    throw new UsageError(`--repo ${repository === undefined ? 'is required' : `is '${repository}'`}: give the GitHub repository as OWNER/NAME (run \`fleetform bootstrap --help\`)`);
  }
  const branch = stringOption(a, 'branch', 'branch') ?? 'main';
  const environment = stringOption(a, 'environment', 'environment name') ?? 'production';
  if (!/^[A-Za-z0-9._/-]{1,255}$/.test(branch) || branch.includes('..')) throw new UsageError(`--branch is '${branch}'; give a branch name`);
  if (!/^[A-Za-z0-9._ -]{1,255}$/.test(environment)) throw new UsageError(`--environment is '${environment}'; give an environment name`);

  const file = a.positionals[0] ?? DEFAULT_FLEET_FILE;
  const text = readInputFile(file, io, 'bootstrap');
  if (text === null) return EXIT_USAGE;
  const loaded = loadFleet(text, displayName(file));
  if (!loaded.fleet) {
    io.stderr(loaded.report);
    return EXIT_INVALID;
  }
  const hcl = bootstrapTerraform(loaded.fleet, { repository, branch, environment, oidcProvider: a.values['existing-oidc-provider'] ? 'existing' : 'create' });
  if (out === undefined) {
    io.stdout(hcl);
    return EXIT_OK;
  }
  const dir = path.resolve(io.cwd, out);
  const target = path.join(dir, 'main.tf');
  try {
    fs.mkdirSync(dir, { recursive: true });
    // Written whole or not at all.
    fs.writeFileSync(`${target}.tmp`, hcl, { mode: 0o644 });
    fs.renameSync(`${target}.tmp`, target);
  } catch (err) {
    io.stderr(`fleetform bootstrap: cannot write ${target}: ${(err as Error).message}\n`);
    return EXIT_USAGE;
  }
  io.stdout(`wrote ${path.relative(io.cwd, target) || target}: run terraform init && terraform apply there (see docs/gitops.md)\n`);
  return EXIT_OK;
};
