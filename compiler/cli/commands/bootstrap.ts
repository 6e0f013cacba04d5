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
import { loadFleet, parseArgs } from '../../emit/review/args';
import { bootstrapTerraform } from '../../emit/review/bootstrap/bootstrap';

const USAGE = 'usage: fleetform bootstrap [FILE] --repo OWNER/NAME [--branch main] [--environment production] [--existing-oidc-provider] [--out DIR]\n';

export const bootstrap: Command = async (args, io) => {
  const a = parseArgs(args, ['repo', 'branch', 'environment', 'out'], ['existing-oidc-provider', 'help']);
  if (a.flags.has('help')) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  if (a.positional.length > 1) throw new UsageError(`give at most one fleet file\n${USAGE}`);
  const repository = a.values.repo;
  // GitHub's own rules for owner and repository names; the value lands in IAM trust policies.
  if (!repository || !/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/.test(repository)) {
    throw new UsageError(`--repo ${repository === undefined ? 'is required' : `is '${repository}'`}: give the GitHub repository as OWNER/NAME\n${USAGE}`);
  }
  const branch = a.values.branch ?? 'main';
  const environment = a.values.environment ?? 'production';
  if (!/^[A-Za-z0-9._/-]{1,255}$/.test(branch) || branch.includes('..')) throw new UsageError(`--branch is '${branch}'; give a branch name`);
  if (!/^[A-Za-z0-9._ -]{1,255}$/.test(environment)) throw new UsageError(`--environment is '${environment}'; give an environment name`);

  const file = a.positional[0] ?? 'spec/fleet.yaml';
  const text = readInputFile(file, io, 'bootstrap');
  if (text === null) return EXIT_USAGE;
  const loaded = loadFleet(text, file);
  if (!loaded.fleet) {
    io.stderr(loaded.report);
    return EXIT_INVALID;
  }
  const hcl = bootstrapTerraform(loaded.fleet, { repository, branch, environment, oidcProvider: a.flags.has('existing-oidc-provider') ? 'existing' : 'create' });
  if (a.values.out === undefined) {
    io.stdout(hcl);
    return EXIT_OK;
  }
  const dir = path.resolve(io.cwd, a.values.out);
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
