import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../../compiler/cli/main';
import { fleetGraph } from '../../../compiler/emit/review/graph';
import { capture, edit, exampleFleets, fleetOf, SEED_FILE, SPEC } from './helpers';
import { parseMermaid } from './mermaid';

test('the Mermaid parser is live: it rejects a broken flowchart', async () => {
  const r = await parseMermaid('flowchart LR\n  a -->');
  assert.is(r.ok, false);
});

test('the seed, spec/fleet.yaml and every example draw as a flowchart Mermaid parses', async () => {
  const fleets = exampleFleets();
  assert.ok(fleets.length >= 1);
  for (const f of fleets) {
    const text = fleetGraph(fleetOf(f.text, f.file));
    const r = await parseMermaid(text);
    assert.equal(r, { ok: true, type: 'flowchart-v2' }, `${f.file}:\n${text}`);
  }
});

test('the seed fleet: clients, static IPs, NLB, listener, target group, proxies by zone, tunnels, hosts', () => {
  const g = fleetGraph(fleetOf(SPEC));
  assert.ok(g.startsWith('flowchart LR\n  clients(["Clients"])\n'));
  assert.match(g, '  subgraph static_ips["Static IPs (internet-facing)"]\n    direction TB\n    eip_0["Elastic IP<br/>ap-northeast-2a"]\n    eip_1["Elastic IP<br/>ap-northeast-2c"]\n    nlb["NLB legal-chat-nlb"]\n  end');
  assert.match(g, '  nlb -->|"TCP :8585"| listener_8585');
  assert.match(g, '    listener_8585["HTTP :8585"]');
  assert.match(g, '  listener_8585 -->|"default"| tg_chat');
  assert.match(g, 'tg_chat["Target group legal-chat-chat<br/>HTTP :8585 · least outstanding requests<br/>health /health every 15s"]');
  // Hosts are spread over the zones in order: v100-1 and v100-3 in a, v100-2 and v100-4 in c.
  assert.match(g, '  subgraph zone_0["ap-northeast-2a"]\n    proxy_v100_1["Proxy legal-chat-proxy-v100-1<br/>t3.small"]\n    proxy_v100_3[');
  assert.match(g, '  subgraph zone_1["ap-northeast-2c"]\n    proxy_v100_2[');
  assert.match(g, '    host_v100_4[("v100-4<br/>1× V100")]');
  assert.match(g, '  proxy_v100_2 -.->|"ssh -L :8585 → :8585<br/>to 203.0.113.10:2202"| host_v100_2');
  // Nodes inside subgraphs are declared before any edge mentions them.
  assert.ok(g.lastIndexOf('  end\n') < g.indexOf(' --> '));
});

const WITH_POOL_AND_ROUTES = edit(
  edit(
    SPEC,
    'services:\n  - name: chat',
    `pools:
  - name: burst
    instance_type: g5.xlarge
    capacity: { min: 0, desired: 0, max: 4 }
    container: { image: "ghcr.io/acme/legal-chat:1.4", port: 8585 }
    scaling:
      - target_tracking: { metric: cpu, target: 40 }
      - schedule: { cron: "0 17 * * FRI", timezone: Asia/Seoul, min: 2 }

services:
  - name: summarize
    port: 8585
    health: { path: /ready }
    routing: { paths: ["/v1/summarize/*"] }
    backends: { pools: [burst] }
  - name: chat`,
  ),
  'listeners: [{ port: 8585, protocol: HTTP }]',
  'listeners: [{ port: 8585, protocol: HTTP }]\n  internal: false',
);

test('pools with scaling, path rules, and hostile label text stay valid Mermaid', async () => {
  const fleet = fleetOf(WITH_POOL_AND_ROUTES);
  // The front end rejects such paths; the graph must still never break on text it is given.
  fleet.services[0].health.path = '/health?probe="deep"#x<b>';
  // Backticks open Mermaid's Markdown strings, a line break ends a statement.
  fleet.services[1].health.path = '/``a`\n  x --> y';
  const g = fleetGraph(fleet);
  assert.match(g, '  listener_8585 -->|"path /v1/summarize/*<br/>priority');
  assert.match(g, 'pool_burst[["Pool burst (Auto Scaling)<br/>g5.xlarge · min 0 / desired 0 / max 4<br/>target tracking cpu at 40<br/>schedule #quot;0 17 * * FRI#quot; Asia/Seoul: min 2"]]');
  assert.match(g, '  tg_summarize --> pool_burst');
  // Quotes and # in a health path are escaped, not passed through.
  assert.match(g, 'health /health?probe=#quot;deep#quot;#35;x#lt;b#gt; every 15s');
  assert.match(g, 'health /#96;#96;a#96;   x --#gt; y every');
  assert.not.match(g, '`');
  const r = await parseMermaid(g);
  assert.equal(r, { ok: true, type: 'flowchart-v2' }, g);
});

test('CLI: fleetform graph [FILE] [--markdown]', async () => {
  let io = capture();
  assert.is(await main(['graph'], io), 0, io.err);
  assert.ok(io.out.startsWith('flowchart LR\n'));
  io = capture();
  assert.is(await main(['graph', SEED_FILE, '--markdown'], io), 0, io.err);
  assert.ok(io.out.startsWith('```mermaid\nflowchart LR\n') && io.out.endsWith('```\n'));
  io = capture();
  assert.is(await main(['graph', 'missing.yaml'], io), 2);
  assert.match(io.err, 'cannot read missing.yaml');
});

// The README's graph of spec/fleet.yaml is derived output: `npm run generate`
// refreshes it and test/generated/current.test.ts proves it current.

test.run();
