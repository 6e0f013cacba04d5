/**
 * `terraform test` applies every generated stack under `mock_provider "aws"`
 * and checks, with assertions generated from the fleet file (tftest/), what a
 * reviewer would check by hand: the NLB's `alb` target group on the ALB
 * listener's port, one Elastic IP per zone, the ALB over two or more subnets,
 * proxies and pool instances open only to the ALB's group, health checks as
 * the spec says, every group registered with its target groups, scaling
 * policies and schedules as written.
 *
 * The apply is Terraform's own: references resolve, the provider validates
 * every value (ARNs included), and the teardown honours `prevent_destroy`,
 * which is checked too: exactly the Elastic IPs the fleet allocates for its
 * static IPs and its reverse-tunnel proxies refuse to be destroyed.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mapLimit, offline, offlineTest, OfflineWorkspace } from '../helpers/terraform-offline';
import { goldenFleets } from '../emit/terraform/fleets';
import { stackSources } from './stacks';
import { mockApply, protectedAddresses, refusedDestroys, type MockRun } from './mock-apply';

const runs = new Map<string, MockRun | Error>();
let workspace: OfflineWorkspace | null = null;
const fleets = goldenFleets();

offlineTest(test, `terraform test applies ${fleets.length} stacks under mock_provider "aws" (terraform ${offline.tf?.version}, hashicorp/aws ${offline.tf?.awsVersion})`, async () => {
  workspace = OfflineWorkspace.create('mock');
  const ws = workspace;
  const started = Date.now();
  await mapLimit(stackSources(), async (source) => {
    try {
      runs.set(source.file, await mockApply(ws, source));
    } catch (e) {
      runs.set(source.file, e as Error);
    }
  });
  const lines = [...runs.entries()].map(([file, r]) => (r instanceof Error ? `  ${file}: ${r.message.split('\n')[0]}` : `  ${file}: ${r.summary.runs.map((x) => `run "${x.run}" ${x.status}`).join(', ')}, ${r.assertions} assertions, ${(r.result.ms / 1000).toFixed(1)}s`));
  process.stdout.write(`\nterraform test under mocks (${((Date.now() - started) / 1000).toFixed(1)}s):\n${lines.join('\n')}\n`);
  assert.is(runs.size, fleets.length);
});

for (const g of fleets) {
  offlineTest(test, `${g.file}: the mocked apply passes every assertion written from the fleet`, () => {
    const r = runs.get(g.file);
    if (!r) throw new Error(`${g.file} did not run`);
    if (r instanceof Error) throw r;
    const out = `${r.result.stdout}\n${r.result.stderr}`;
    assert.ok(r.assertions >= 15, `only ${r.assertions} assertions generated`);
    assert.equal(r.summary.runs.map((x) => `${x.run}: ${x.status}`), ['apply: pass'], out);
    assert.is(r.summary.failed, 0, out);
    // The only errors allowed are the teardown's refusals to destroy protected addresses,
    // and those must be exactly the ones the fleet protects.
    const refused = refusedDestroys(out);
    assert.equal(refused, protectedAddresses(r.source.fleet), 'prevent_destroy protects exactly the static IPs and the reverse-tunnel proxies\' addresses');
    const errors = (out.match(/^Error: .*$/gm) ?? []).filter((e) => e !== 'Error: Instance cannot be destroyed');
    assert.equal(errors, [], out);
    assert.is(r.result.code, refused.length ? 1 : 0, out);
  });
}

test.after(() => {
  workspace?.dispose();
});

test.run();
