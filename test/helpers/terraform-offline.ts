/**
 * Real Terraform on a generated stack, offline: no registry, no AWS, no
 * state bucket. Shared by every test that runs `terraform` (validate, plan,
 * mocked apply, graph).
 *
 * What it needs: a `terraform` binary on the PATH and hashicorp/aws in a
 * filesystem mirror (FLEETFORM_TF_PLUGIN_DIR, default /opt/tf-plugins, packed
 * or unpacked layout). Without them `offline.skipReason` says why and tests
 * register as skipped under a name that carries the reason. Nothing is ever
 * downloaded.
 *
 * What it changes, and only in the temporary copy of a stack (docs/terraform.md,
 * "Offline testing"): an `override.tf.json`
 * (https://developer.hashicorp.com/terraform/language/files/override) that
 *  - sets the aws provider version to the mirrored one (the stacks pin the
 *    version their CDKTF bindings were generated for, which may not be mirrored),
 *  - replaces the S3 backend with a local one,
 *  - gives the provider fake credentials, the skip_* settings that stop it
 *    from calling STS/IMDS at configuration, and every endpoint at the fake
 *    AWS (fake-aws.ts) on loopback.
 * The environment also points `AWS_ENDPOINT_URL` (every service, honoured by
 * the AWS SDK the provider uses) and HTTP(S)_PROXY at the fake, so a call to a
 * service not listed still cannot leave the machine: it arrives as CONNECT and
 * is recorded as unknown.
 *
 * Runs are asynchronous (the fake AWS answers from this process's event loop)
 * and few at a time (`mapLimit`, FLEETFORM_TF_JOBS, default 2).
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test as uvuTest } from 'uvu';
import type { OutputFile } from '../../compiler/emit/output-file';

export interface OfflineTerraform {
  /** `terraform` (from the PATH). */
  binary: string;
  /** Terraform's own version, e.g. `1.11.4`. */
  version: string;
  /** The filesystem mirror. */
  pluginDir: string;
  /** The hashicorp/aws version the mirror holds (the highest, if several). */
  awsVersion: string;
  /** The mirror holds zip archives (packed layout): init unpacks them into a per-workspace plugin cache. */
  packed: boolean;
}

/** Offline Terraform on this machine, or why there is none. */
export const offline: { tf: OfflineTerraform | null; skipReason: string | null } = detect();

function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((x) => Number(x) || 0);
  const pb = b.split(/[.-]/).map((x) => Number(x) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

function detect(): { tf: OfflineTerraform | null; skipReason: string | null } {
  const pluginDir = process.env.FLEETFORM_TF_PLUGIN_DIR ?? '/opt/tf-plugins';
  const probe = spawnSync('terraform', ['version', '-json'], { encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
  if (probe.error || probe.status !== 0) return { tf: null, skipReason: 'no terraform binary on the PATH' };
  let version = 'unknown';
  try {
    version = (JSON.parse(probe.stdout) as { terraform_version: string }).terraform_version;
  } catch {
    /* an old terraform without -json still runs; the version is cosmetic */
  }
  const mirror = path.join(pluginDir, 'registry.terraform.io', 'hashicorp', 'aws');
  if (!fs.existsSync(mirror)) return { tf: null, skipReason: `no hashicorp/aws in the provider mirror ${mirror} (set FLEETFORM_TF_PLUGIN_DIR)` };
  // Unpacked layout: <version>/<os_arch>/...; packed: terraform-provider-aws_<version>_<os>_<arch>.zip
  // (https://developer.hashicorp.com/terraform/cli/config/config-file#filesystem_mirror).
  const entries = fs.readdirSync(mirror);
  const unpacked = entries.filter((e) => /^\d+\.\d+\.\d+/.test(e) && fs.statSync(path.join(mirror, e)).isDirectory());
  const packed = entries.map((e) => /^terraform-provider-aws_(\d+\.\d+\.\d+[^_]*)_.*\.zip$/.exec(e)?.[1]).filter((v): v is string => !!v);
  const versions = [...new Set([...unpacked, ...packed])].sort(compareVersions);
  if (versions.length === 0) return { tf: null, skipReason: `the provider mirror ${mirror} holds no hashicorp/aws version` };
  const awsVersion = versions[versions.length - 1];
  return { tf: { binary: 'terraform', version, pluginDir, awsVersion, packed: !unpacked.includes(awsVersion) }, skipReason: null };
}

let skipNoticePrinted = false;

/**
 * uvu's `test`, or, without offline Terraform, `test.skip` under a name that
 * carries the reason (printed once on stderr too, so a CI log says why).
 */
export function offlineTest(suite: typeof uvuTest, name: string, fn: () => unknown | Promise<unknown>): void {
  if (offline.tf) {
    suite(name, fn as never);
    return;
  }
  if (!skipNoticePrinted) {
    process.stderr.write(`terraform-offline: skipping the real-Terraform tests: ${offline.skipReason}\n`);
    skipNoticePrinted = true;
  }
  suite.skip(`${name} [skipped: ${offline.skipReason}]`, fn as never);
}

export interface TfResult {
  args: string[];
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Services Fleetform's stacks use, given explicitly (AWS_ENDPOINT_URL covers the rest). */
const ENDPOINT_SERVICES = ['autoscaling', 'cloudwatch', 'dynamodb', 'ec2', 'elbv2', 'iam', 'kms', 'logs', 's3', 'secretsmanager', 'sns', 'ssm', 'sts'];

/** Fake credentials: shaped like real ones, valid nowhere. */
export const FAKE_ACCESS_KEY = 'AKIAFLEETFORMOFFLINE';
const FAKE_SECRET_KEY = 'fleetform-offline-test-credentials-not-real';

/**
 * The override written beside a stack's main.tf.json. `endpoint` is the fake
 * AWS; without one (validate, graph, mocked apply: nothing calls AWS) the
 * endpoints point at a closed port, so a stray call fails instead of leaving.
 */
export function offlineOverride(awsVersion: string, endpoint = 'http://127.0.0.1:9'): object {
  return {
    '//': 'Offline testing only (test/helpers/terraform-offline.ts, docs/terraform.md): mirrored provider version, local state, fake credentials and endpoints. Never part of a build.',
    terraform: {
      backend: { local: { path: 'terraform.tfstate' } },
      required_providers: { aws: { source: 'hashicorp/aws', version: awsVersion } },
    },
    provider: {
      aws: {
        access_key: FAKE_ACCESS_KEY,
        secret_key: FAKE_SECRET_KEY,
        // https://registry.terraform.io/providers/hashicorp/aws/latest/docs#skip_credentials_validation
        skip_credentials_validation: true,
        skip_requesting_account_id: true,
        skip_metadata_api_check: true,
        skip_region_validation: true,
        s3_use_path_style: true,
        max_retries: 1,
        endpoints: [Object.fromEntries(ENDPOINT_SERVICES.map((s) => [s, endpoint]))],
      },
    },
  };
}

/** A scratch folder for stacks, with its CLI config; remove it with `dispose`. */
export class OfflineWorkspace {
  readonly root: string;
  readonly tf: OfflineTerraform;
  private readonly cliConfig: string;

  private constructor(tf: OfflineTerraform, prefix: string) {
    this.tf = tf;
    // mkdtemp adds a random suffix; the pid makes a leftover folder traceable.
    this.root = fs.mkdtempSync(path.join(os.tmpdir(), `ff-tf-${prefix}-${process.pid}-`));
    this.cliConfig = path.join(this.root, 'terraformrc');
    // https://developer.hashicorp.com/terraform/cli/config/config-file#provider-installation
    fs.writeFileSync(
      this.cliConfig,
      [
        'provider_installation {',
        '  filesystem_mirror {',
        `    path    = ${JSON.stringify(tf.pluginDir)}`,
        '    include = ["registry.terraform.io/hashicorp/aws"]',
        '  }',
        '  direct {',
        '    exclude = ["registry.terraform.io/hashicorp/aws"]',
        '  }',
        '}',
        // An unpacked mirror is symlinked into each stack's .terraform (instant);
        // a packed one is unzipped once into this workspace's cache and linked from there.
        tf.packed ? `plugin_cache_dir = ${JSON.stringify(path.join(this.root, 'plugin-cache'))}` : '',
        '',
      ].join('\n'),
    );
    if (tf.packed) fs.mkdirSync(path.join(this.root, 'plugin-cache'));
  }

  /** A workspace, or null without offline Terraform. */
  static create(prefix: string): OfflineWorkspace {
    if (!offline.tf) throw new Error(`offline Terraform unavailable: ${offline.skipReason}`);
    return new OfflineWorkspace(offline.tf, prefix.replace(/[^A-Za-z0-9-]/g, '-'));
  }

  /**
   * The environment of every terraform run: this workspace's CLI config, fake
   * credentials, no shared AWS config, and the fake AWS (when given) as every
   * endpoint and as the proxy for anything else.
   */
  env(endpoint?: string): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) {
      // Nothing of the caller's Terraform or AWS setup leaks in.
      if (/^(TF_|AWS_)/.test(k) || /^(https?|no|all)_proxy$/i.test(k)) continue;
      env[k] = v;
    }
    // FLEETFORM_TF_LOG=debug shows the provider's requests when a plan misbehaves.
    if (process.env.FLEETFORM_TF_LOG) env.TF_LOG = process.env.FLEETFORM_TF_LOG;
    const missing = path.join(this.root, 'no-such-aws-config');
    Object.assign(env, {
      TF_CLI_CONFIG_FILE: this.cliConfig,
      TF_IN_AUTOMATION: '1',
      TF_INPUT: '0',
      CHECKPOINT_DISABLE: '1',
      AWS_ACCESS_KEY_ID: FAKE_ACCESS_KEY,
      AWS_SECRET_ACCESS_KEY: FAKE_SECRET_KEY,
      AWS_CONFIG_FILE: missing,
      AWS_SHARED_CREDENTIALS_FILE: missing,
      AWS_EC2_METADATA_DISABLED: 'true',
      // https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html
      AWS_ENDPOINT_URL: endpoint ?? 'http://127.0.0.1:9',
    });
    if (endpoint) Object.assign(env, { HTTPS_PROXY: endpoint, HTTP_PROXY: endpoint, NO_PROXY: '127.0.0.1,localhost' });
    return env;
  }

  /** Write a stack (a build's files) into `<root>/<name>` with the offline override. */
  stack(name: string, files: OutputFile[], endpoint?: string): OfflineStack {
    const dir = path.join(this.root, name);
    for (const f of files) {
      const dest = path.join(dir, ...f.path.split('/'));
      fs.mkdirSync(path.dirname(dest), { recursive: true });
      fs.writeFileSync(dest, f.content, { mode: f.mode });
    }
    const stack = new OfflineStack(this, name, dir);
    stack.setEndpoint(endpoint);
    return stack;
  }

  dispose(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

/** One stack in a workspace; every method runs real Terraform in its folder. */
export class OfflineStack {
  private endpoint: string | undefined;
  constructor(
    readonly workspace: OfflineWorkspace,
    readonly name: string,
    readonly dir: string,
  ) {}

  /** Point the override (and the environment) at a fake AWS, or at nothing. */
  setEndpoint(endpoint: string | undefined): void {
    this.endpoint = endpoint;
    fs.writeFileSync(path.join(this.dir, 'override.tf.json'), `${JSON.stringify(offlineOverride(this.workspace.tf.awsVersion, endpoint), null, 2)}\n`);
  }

  /** Run `terraform <args>` in the stack; never throws for a non-zero exit. */
  run(args: string[], timeoutMs = 300_000): Promise<TfResult> {
    const started = Date.now();
    return new Promise((resolve, reject) => {
      const child = spawn(this.workspace.tf.binary, args, { cwd: this.dir, env: this.workspace.env(this.endpoint), stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        resolve({ args, code: code ?? (signal ? 128 : 1), stdout, stderr: signal ? `${stderr}\n(killed by ${signal} after ${timeoutMs} ms)` : stderr, ms: Date.now() - started });
      });
    });
  }

  /** Like `run`, but a non-zero exit throws with Terraform's own output. */
  async must(args: string[]): Promise<TfResult> {
    const r = await this.run(args);
    if (r.code !== 0) throw new Error(`terraform ${args.join(' ')} in ${this.name} exited ${r.code}:\n${r.stderr || r.stdout}`);
    return r;
  }

  init(): Promise<TfResult> {
    return this.must(['init', '-input=false', '-no-color']);
  }

  /** `terraform validate -json`: its diagnostics (errors and warnings). */
  async validate(): Promise<{ result: TfResult; valid: boolean; diagnostics: TfDiagnostic[] }> {
    const result = await this.run(['validate', '-json', '-no-color']);
    const parsed = JSON.parse(result.stdout) as { valid: boolean; diagnostics: TfDiagnostic[] };
    return { result, valid: parsed.valid, diagnostics: parsed.diagnostics };
  }

  /** `terraform plan -out=tfplan`, then `show -json` of it. */
  async plan(): Promise<{ result: TfResult; show: TfResult; json: PlanJson }> {
    const result = await this.run(['plan', '-input=false', '-no-color', '-lock=false', '-out=tfplan']);
    if (result.code !== 0) return { result, show: result, json: {} as PlanJson };
    const show = await this.must(['show', '-json', '-no-color', 'tfplan']);
    return { result, show, json: JSON.parse(show.stdout) as PlanJson };
  }

  /** `terraform graph`: who depends on whom, as an adjacency map. */
  async graph(): Promise<{ result: TfResult; graph: DependencyGraph }> {
    const result = await this.must(['graph']);
    return { result, graph: parseDot(result.stdout) };
  }

  /** `terraform test` on the stack's `*.tftest.hcl` files (optionally one of them). */
  async test(file?: string): Promise<{ result: TfResult; summary: TestSummary }> {
    const result = await this.run(['test', '-no-color', ...(file ? [`-filter=${file}`] : [])]);
    return { result, summary: parseTestSummary(result.stdout) };
  }

  write(rel: string, content: string): void {
    fs.writeFileSync(path.join(this.dir, rel), content);
  }

  read(rel: string): string {
    return fs.readFileSync(path.join(this.dir, rel), 'utf8');
  }
}

export interface TfDiagnostic {
  severity: 'error' | 'warning';
  summary: string;
  detail?: string;
  range?: { filename: string; start: { line: number } };
}

/** The parts of `terraform show -json` the tests read. */
export interface PlanJson {
  format_version: string;
  terraform_version: string;
  resource_changes?: { address: string; mode: 'managed' | 'data'; type: string; change: { actions: string[]; after?: Record<string, unknown> } }[];
  planned_values?: { root_module: { resources?: { address: string; type: string; values: Record<string, unknown> }[] } };
  [k: string]: unknown;
}

/** `from -> to` means `from` depends on `to`. */
export type DependencyGraph = Map<string, Set<string>>;

/** The edges of `terraform graph`'s DOT output (node names are resource addresses). */
export function parseDot(dot: string): DependencyGraph {
  const graph: DependencyGraph = new Map();
  const node = (n: string): Set<string> => {
    let s = graph.get(n);
    if (!s) graph.set(n, (s = new Set()));
    return s;
  };
  for (const line of dot.split('\n')) {
    const edge = /^\s*"([^"]+)"\s*->\s*"([^"]+)"/.exec(line);
    if (edge) {
      node(edge[1]).add(edge[2]);
      node(edge[2]);
      continue;
    }
    const decl = /^\s*"([^"]+)"\s*\[/.exec(line);
    if (decl) node(decl[1]);
  }
  return graph;
}

/** Everything `from` depends on, directly or through others. */
export function dependenciesOf(graph: DependencyGraph, from: string): Set<string> {
  const seen = new Set<string>();
  const todo = [...(graph.get(from) ?? [])];
  while (todo.length) {
    const n = todo.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    for (const m of graph.get(n) ?? []) todo.push(m);
  }
  return seen;
}

export interface TestSummary {
  passed: number;
  failed: number;
  /** `run "name"` -> pass/fail, per file. */
  runs: { file: string; run: string; status: string }[];
}

/** Reads `terraform test` text output: per-run status lines and the closing count. */
export function parseTestSummary(out: string): TestSummary {
  const runs: TestSummary['runs'] = [];
  let file = '';
  for (const line of out.split('\n')) {
    const f = /^(\S+\.tftest\.(?:hcl|json))\.\.\. (?:in progress|\w+)/.exec(line);
    if (f) file = f[1];
    const r = /^\s+run "([^"]+)"\.\.\. (\w+)/.exec(line);
    if (r) runs.push({ file, run: r[1], status: r[2] });
  }
  const ok = /Success! (\d+) passed, (\d+) failed/.exec(out);
  const bad = /Failure! (\d+) passed, (\d+) failed/.exec(out);
  const m = ok ?? bad;
  return { passed: Number(m?.[1] ?? 0), failed: Number(m?.[2] ?? 0), runs };
}

/** Run `fn` over `items`, at most `limit` at a time, keeping order. */
export async function mapLimit<T, R>(items: T[], fn: (item: T, index: number) => Promise<R>, limit = Number(process.env.FLEETFORM_TF_JOBS) || 2): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
