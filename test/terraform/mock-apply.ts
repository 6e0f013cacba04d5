/**
 * One stack's mocked apply: the generated `.tftest.hcl` beside a copy of the
 * stack, `terraform init`, `terraform test`. Shared by the mocked-apply and
 * mutation tests.
 */
import type { Fleet } from '../../compiler/model/fleet';
import type { OutputFile } from '../../compiler/emit/output-file';
import type { OfflineWorkspace, TestSummary, TfResult } from '../helpers/terraform-offline';
import { fakeWorldFor, mainTf, type StackSource } from './stacks';
import { fleetTftest } from './tftest/index';

export interface MockRun {
  source: StackSource;
  assertions: number;
  result: TfResult;
  summary: TestSummary;
  ms: number;
}


/** Addresses whose destruction `prevent_destroy` refused during the test's teardown. */
export function refusedDestroys(output: string): string[] {
  return [...output.matchAll(/Resource (\S+) has lifecycle\.prevent_destroy\s+set/g)].map((m) => m[1]).sort();
}

/**
 * What must never be destroyed by accident (docs/terraform.md): the Elastic IPs
 * the fleet allocates for its static IPs (clients call them), and each
 * reverse-tunnel proxy's Elastic IP (written into its box's installer).
 */
export function protectedAddresses(fleet: Fleet): string[] {
  const front = (fleet.staticIps?.addresses ?? []).filter((a) => a.allocationId === null).map((a) => `aws_eip.static-ip_eip-${a.zone}`);
  const tunnels = fleet.hosts.filter((h) => h.tunnel.direction === 'reverse').map((h) => `aws_eip.proxies_${h.name}_eip`);
  return [...front, ...tunnels].sort();
}

/** Write the generated test beside the stack, init, and run it. */
export async function mockApply(ws: OfflineWorkspace, source: StackSource, name = source.name, files: OutputFile[] = source.files): Promise<MockRun> {
  const started = Date.now();
  const stack = ws.stack(name, files);
  const config = mainTf(files);
  const eipIps = Object.fromEntries((fakeWorldFor(source.fleet).addresses ?? []).map((a) => [a.allocationId, a.publicIp]));
  const tftest = fleetTftest({ fleet: source.fleet, config, eipIps });
  stack.write('fleet.tftest.hcl', tftest.text);
  await stack.init();
  const { result, summary } = await stack.test();
  return { source, assertions: tftest.assertions.length, result, summary, ms: Date.now() - started };
}
