/**
 * The stacks the real-Terraform tests run: every fleet the repo builds (the
 * list the golden tests use), built in memory from its fleet file, with the
 * checked fleet model the assertions are written from.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { OutputFile } from '../../compiler/emit/output-file';
import type { Fleet } from '../../compiler/model/fleet';
import type { FakeAwsOptions } from '../helpers/fake-aws';
import { buildFleet, goldenFleets, loadFleet, ROOT } from '../emit/terraform/fleets';

export interface StackSource {
  /** A folder-safe name, e.g. `examples-hybrid-autoscaling`. */
  name: string;
  /** The fleet file, relative to the repo root. */
  file: string;
  /** Its absolute path (for CLI commands such as `plan-comment --fleet`). */
  absFile: string;
  fleet: Fleet;
  files: OutputFile[];
}

let cached: StackSource[] | null = null;

export function stackSources(): StackSource[] {
  cached ??= goldenFleets().map((g) => ({
    name: g.out.replace(/^generated\//, '').replace(/[^A-Za-z0-9]+/g, '-'),
    file: g.file,
    absFile: path.join(ROOT, g.file),
    fleet: loadFleet(g.file),
    files: buildFleet(g.file),
  }));
  return cached;
}

/** The Terraform JSON of a build. */
export function mainTf(files: OutputFile[]): TerraformJson {
  const f = files.find((x) => x.path === 'main.tf.json');
  if (!f) throw new Error('the build has no main.tf.json');
  return JSON.parse(f.content) as TerraformJson;
}

export interface TerraformJson {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  [k: string]: unknown;
}

/** Addresses of the managed resources a configuration declares (none use count/for_each). */
export function resourceAddresses(tf: TerraformJson): string[] {
  return Object.entries(tf.resource ?? {}).flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`)).sort();
}

export function readText(file: string): string {
  return fs.readFileSync(file, 'utf8');
}

/**
 * What the fake AWS knows for a fleet: the Elastic IPs it names by
 * allocation ID, and the images behind its `ssm:` AMI parameters and AMI IDs
 * (the plan reads them to learn an unknown image's root device).
 */
export function fakeWorldFor(fleet: Fleet): FakeAwsOptions {
  const addresses = (fleet.staticIps?.addresses ?? [])
    .filter((a): a is { zone: string; allocationId: string } => a.allocationId !== null)
    .map((a, i) => ({ allocationId: a.allocationId, publicIp: `203.0.113.${10 + i}` }));
  const parameters: Record<string, string> = {};
  const images: Record<string, string> = {};
  for (const ami of [fleet.proxies.ami, ...fleet.pools.map((p) => p.ami)]) {
    const id = ami.kind === 'id' ? ami.id : `ami-${createHash('sha256').update(ami.parameter).digest('hex').slice(0, 17)}`;
    if (ami.kind === 'ssm') parameters[ami.parameter] = id;
    images[id] = '/dev/xvda';
  }
  return { addresses, parameters, images };
}
