/**
 * `terraform validate` on the build output of every fleet: Terraform's own
 * reading of the generated JSON (types, references, blocks), beyond the
 * schema test. Runs where a `terraform` binary and a local provider mirror
 * are present (FLEETFORM_TF_PLUGIN_DIR, default /opt/tf-plugins, in the
 * filesystem-mirror layout); skipped otherwise, never downloaded.
 *
 * All fleets are validated in one run, each as a child module of a scratch
 * root (a provider schema load costs seconds). The mirror may hold another
 * hashicorp/aws version than the pinned one, so the scratch copy relaxes the
 * version constraint and drops the backend (validation never touches state).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeTreeAtomic } from '../../../compiler/cli/write-atomic';
import { buildFleet, goldenFleets } from './fleets';

const PLUGIN_DIR = process.env.FLEETFORM_TF_PLUGIN_DIR ?? '/opt/tf-plugins';
const AWS_MIRROR = path.join(PLUGIN_DIR, 'registry.terraform.io', 'hashicorp', 'aws');
const hasTerraform = spawnSync('terraform', ['version'], { encoding: 'utf8' }).status === 0;
const mirrored = fs.existsSync(AWS_MIRROR) ? fs.readdirSync(AWS_MIRROR).sort() : [];
const run = hasTerraform && mirrored.length > 0 ? test : test.skip;

run(`terraform validate accepts every fleet's build output (hashicorp/aws ${mirrored.at(-1) ?? 'not mirrored'})`, () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-tf-validate-'));
  try {
    const modules: Record<string, { source: string }> = {};
    for (const g of goldenFleets()) {
      const name = g.out.replace(/[^A-Za-z0-9]+/g, '_');
      const files = buildFleet(g.file).map((f) => {
        if (f.path !== 'main.tf.json') return f;
        const tf = JSON.parse(f.content);
        delete tf.terraform.backend;
        tf.terraform.required_providers.aws.version = mirrored.at(-1);
        return { ...f, content: JSON.stringify(tf) };
      });
      writeTreeAtomic(path.join(root, name), files);
      modules[name] = { source: `./${name}` };
    }
    fs.writeFileSync(path.join(root, 'main.tf.json'), JSON.stringify({ module: modules }));
    fs.writeFileSync(
      path.join(root, 'terraformrc'),
      `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(PLUGIN_DIR)}\n    include = ["registry.terraform.io/hashicorp/aws"]\n  }\n  direct { exclude = ["registry.terraform.io/hashicorp/aws"] }\n}\n`,
    );
    const env = { ...process.env, TF_CLI_CONFIG_FILE: path.join(root, 'terraformrc'), TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' };
    const init = spawnSync('terraform', ['init', '-backend=false', '-input=false', '-no-color'], { cwd: root, env, encoding: 'utf8' });
    assert.is(init.status, 0, init.stderr || init.stdout);
    const validate = spawnSync('terraform', ['validate', '-json', '-no-color'], { cwd: root, env, encoding: 'utf8' });
    const result = JSON.parse(validate.stdout) as { valid: boolean; diagnostics: { severity: string; summary: string; detail?: string; range?: { filename: string } }[] };
    const errors = result.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.range?.filename ?? ''}: ${d.summary}: ${d.detail ?? ''}`);
    assert.equal(errors, []);
    assert.ok(result.valid);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test.run();
