/**
 * `terraform graph` of every stack whose fleet creates its network: whatever
 * needs the internet gateway must depend on it (and on the public default
 * route), or Terraform may create it first and AWS answers "VPC has no
 * internet gateway" (issue 10, defect 1). Internet-facing here means the
 * internet-facing load balancers (the NLB maps its Elastic IPs), the Elastic
 * IPs, and the instances and groups in the public subnets (they reach their
 * GPU box, SSM and image registries through the gateway at boot).
 * The provider documents it for Elastic IPs ("EIP may require IGW to exist
 * prior to association. Use depends_on to set an explicit dependency on the
 * IGW."): https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/eip
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Fleet } from '../../compiler/model/fleet';
import { dependenciesOf, mapLimit, offlineTest, OfflineWorkspace, type DependencyGraph } from '../helpers/terraform-offline';
import { goldenFleets, loadFleet } from '../emit/terraform/fleets';
import { stackSources } from './stacks';

/** The nodes of a graph that need the internet gateway, by what the fleet says. */
export function internetFacing(graph: DependencyGraph, fleet: Fleet): string[] {
  return [...graph.keys()]
    .filter((n) => {
      if (n.startsWith('aws_eip.') || n.startsWith('aws_autoscaling_group.') || n.startsWith('aws_instance.')) return true;
      if (n === 'aws_lb.alb') return !fleet.loadBalancer.internal;
      if (n === 'aws_lb.static-ip') return !!fleet.staticIps && !fleet.staticIps.internal;
      return false;
    })
    .sort();
}

const created = goldenFleets().filter((g) => loadFleet(g.file).network.kind === 'create');
const graphs = new Map<string, DependencyGraph>();

offlineTest(test, `terraform graph of the ${created.length} stack(s) that create their network`, async () => {
  assert.ok(created.length > 0, 'some fleet creates its network (examples/hybrid-autoscaling)');
  const ws = OfflineWorkspace.create('graph');
  try {
    const sources = stackSources().filter((s) => s.fleet.network.kind === 'create');
    await mapLimit(sources, async (s) => {
      const stack = ws.stack(s.name, s.files);
      await stack.init();
      graphs.set(s.file, (await stack.graph()).graph);
    });
  } finally {
    ws.dispose();
  }
});

for (const g of created) {
  offlineTest(test, `${g.file}: everything internet-facing depends on the internet gateway and the public route`, () => {
    const graph = graphs.get(g.file);
    if (!graph) throw new Error(`${g.file}: no graph (see the first test)`);
    const fleet = loadFleet(g.file);
    const igw = 'aws_internet_gateway.network_igw';
    const route = 'aws_route.network_default-route';
    assert.ok(graph.has(igw) && graph.has(route), 'the created network has its gateway and default route');
    const nodes = internetFacing(graph, fleet);
    // The fleet's own parts are all there: one group per proxy and pool, the front door's addresses.
    assert.ok(nodes.length >= fleet.hosts.length + fleet.pools.length + (fleet.staticIps?.addresses.length ?? 0), nodes.join(', '));
    const missing = nodes.filter((n) => {
      const deps = dependenciesOf(graph, n);
      return !deps.has(igw) || !deps.has(route);
    });
    assert.equal(missing, [], `without a dependency path to ${igw} and ${route}`);
  });
}

test.run();
