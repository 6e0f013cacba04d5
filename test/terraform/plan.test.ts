/**
 * Every generated stack through real Terraform, offline (test/helpers/terraform-offline.ts):
 * `init` from the provider mirror, `validate`, and a `plan` that runs to the
 * end against a fake AWS on loopback (test/helpers/fake-aws.ts); then the
 * plan's `show -json` feeds `fleetform plan-comment`, as CI does.
 *
 * The expectations come from the fleet file (through the front end) and from
 * the configuration's own resource list, never from a recorded plan.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../compiler/cli/main';
import type { CliIO } from '../../compiler/cli/io';
import { startFakeAws, type FakeAwsCall } from '../helpers/fake-aws';
import { mapLimit, offline, offlineTest, OfflineWorkspace, type PlanJson, type TfDiagnostic, type TfResult } from '../helpers/terraform-offline';
import { goldenFleets } from '../emit/terraform/fleets';
import { fakeWorldFor, mainTf, resourceAddresses, stackSources, type StackSource } from './stacks';

/**
 * Warnings `terraform validate` may give, each with the reason it is accepted.
 * Empty: every stack validates without a warning.
 */
export const ACCEPTED_VALIDATE_WARNINGS: { summary: RegExp; why: string }[] = [];

interface StackRun {
  source: StackSource;
  timings: Record<string, number>;
  validate: { valid: boolean; diagnostics: TfDiagnostic[] };
  plan: TfResult;
  planJson: PlanJson;
  planFile: string;
  calls: FakeAwsCall[];
  unknown: string[];
}

const runs = new Map<string, StackRun | Error>();
let workspace: OfflineWorkspace | null = null;

function runOf(file: string): StackRun {
  const r = runs.get(file);
  if (!r) throw new Error(`${file} did not run (see the first test)`);
  if (r instanceof Error) throw r;
  return r;
}

function capture(): CliIO & { out: string; err: string } {
  const io = { out: '', err: '', cwd: process.cwd(), env: {} as Record<string, string | undefined>, stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t) };
  return io;
}

const fleets = goldenFleets();
const tf = offline.tf;

offlineTest(test, `init, validate and plan ${fleets.length} stacks offline (terraform ${tf?.version}, hashicorp/aws ${tf?.awsVersion} from ${tf?.pluginDir})`, async () => {
  workspace = OfflineWorkspace.create('plan');
  const ws = workspace;
  const started = Date.now();
  await mapLimit(stackSources(), async (source) => {
    const fake = await startFakeAws(fakeWorldFor(source.fleet));
    try {
      const stack = ws.stack(source.name, source.files, fake.url);
      const init = await stack.init();
      const validate = await stack.validate();
      const plan = await stack.plan();
      const planFile = path.join(stack.dir, 'plan.json');
      if (plan.result.code === 0) fs.writeFileSync(planFile, plan.show.stdout);
      runs.set(source.file, {
        source,
        timings: { init: init.ms, validate: validate.result.ms, plan: plan.result.ms, show: plan.show.ms },
        validate,
        plan: plan.result,
        planJson: plan.json,
        planFile,
        calls: [...fake.calls],
        unknown: [...fake.unknown],
      });
    } catch (e) {
      runs.set(source.file, e as Error);
    } finally {
      await fake.close();
    }
  });
  const lines = [...runs.entries()].map(([file, r]) =>
    r instanceof Error ? `  ${file}: ${r.message.split('\n')[0]}` : `  ${file}: ${Object.entries(r.timings).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}s`).join(', ')}, ${r.planJson.resource_changes?.filter((c) => c.mode === 'managed').length ?? 0} resources planned`,
  );
  process.stdout.write(`\nterraform offline (${((Date.now() - started) / 1000).toFixed(1)}s):\n${lines.join('\n')}\n`);
  assert.is(runs.size, fleets.length);
});

for (const g of fleets) {
  offlineTest(test, `${g.file}: terraform validate reports no error and no unaccepted warning`, () => {
    const r = runOf(g.file);
    const problems = r.validate.diagnostics
      .filter((d) => d.severity === 'error' || !ACCEPTED_VALIDATE_WARNINGS.some((w) => w.summary.test(d.summary)))
      .map((d) => `${d.severity}: ${d.summary}: ${d.detail ?? ''} (${d.range?.filename ?? ''}:${d.range?.start.line ?? ''})`);
    assert.equal(problems, []);
    assert.ok(r.validate.valid);
  });

  offlineTest(test, `${g.file}: terraform plan runs to the end against the fake AWS and plans every resource for creation`, () => {
    const r = runOf(g.file);
    // Anything the fake could not answer, or a host that bypassed the endpoints, is named here.
    assert.equal(r.unknown, [], `calls the fake AWS cannot answer: ${r.unknown.join(', ')}`);
    assert.is(r.plan.code, 0, r.plan.stderr || r.plan.stdout);
    const config = mainTf(r.source.files);
    const planned = (r.planJson.resource_changes ?? []).filter((c) => c.mode === 'managed');
    assert.equal(planned.map((c) => c.address).sort(), resourceAddresses(config));
    assert.ok(planned.every((c) => c.change.actions.join() === 'create'), 'a first plan only creates');
    // The plan ran its data sources against the fake: the caller identity always,
    // the existing Elastic IPs the fleet names by allocation ID, the images behind AMI parameters.
    const actions = [...new Set(r.calls.map((c) => `${c.service}:${c.action}`))].sort();
    const fleet = r.source.fleet;
    const expected = ['sts:GetCallerIdentity'];
    if (fleet.staticIps?.addresses.some((a) => a.allocationId)) expected.push('ec2:DescribeAddresses');
    assert.ok(expected.every((a) => actions.includes(a)), `expected calls ${expected.join(', ')}; got ${actions.join(', ')}`);
    assert.ok(r.calls.every((c) => c.region === fleet.region || c.service === 'sts'), `every call in ${fleet.region}: ${JSON.stringify(r.calls)}`);
  });

  offlineTest(test, `${g.file}: plan-comment renders the real plan: counts, the fleet's parts, the static IPs`, async () => {
    const r = runOf(g.file);
    const fleet = r.source.fleet;
    const io = capture();
    assert.is(await main(['plan-comment', r.planFile, '--fleet', r.source.absFile], io), 0, io.err);
    const md = io.out;
    const creates = resourceAddresses(mainTf(r.source.files)).length;
    assert.match(md, `**${creates}** to create · **0** to update · **0** to replace · **0** to destroy`);
    assert.match(md, '✅ **Nothing destroyed:**');
    // Every host, pool and service of the fleet is a part of the change.
    for (const h of fleet.hosts) assert.match(md, `| Host \`${h.name}\``);
    for (const p of fleet.pools) assert.match(md, `| Pool \`${p.name}\``);
    for (const s of fleet.services) assert.match(md, `| Service \`${s.name}\``);
    // Static IPs: created ones are listed as Elastic IPs; existing ones are read, and their
    // addresses (the fake AWS's answer) are known at plan time and shown as the output.
    const row = md.split('\n').find((l) => l.startsWith('| Static IPs (NLB and Elastic IPs) |'));
    if (!fleet.staticIps) {
      assert.is(row, undefined);
      return;
    }
    assert.ok(row, 'a static IP row');
    // | part | changes | resource kinds |
    const kinds = row!.split('|')[3];
    assert.match(kinds, 'network load balancer');
    const allocated = fleet.staticIps.addresses.filter((a) => a.allocationId === null);
    if (allocated.length) assert.match(kinds, 'Elastic IP');
    else assert.not.match(kinds, 'Elastic IP');
    for (const a of allocated) assert.match(md, `<code>aws_eip.static-ip_eip-${a.zone}</code>: create`);
    const existing = fakeWorldFor(fleet).addresses ?? [];
    if (existing.length) {
      const outputRow = md.split('\n').find((l) => l.startsWith('| `static_ips` |'));
      assert.ok(outputRow, 'the static_ips output');
      for (const a of existing) assert.match(outputRow!, a.publicIp);
    }
    assert.not.match(md, 'The static IPs will change', 'a first plan moves no static IP');
  });
}

test.after(() => {
  workspace?.dispose();
});

test.run();
