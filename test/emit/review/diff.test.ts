import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../../compiler/cli/main';
import { diffFleets, risksOf } from '../../../compiler/emit/review/diff/diff';
import { diffMarkdown, diffText } from '../../../compiler/emit/review/diff/render';
import { toMarkdown } from '../../../compiler/emit/review/markdown';
import { capture, edit, exampleFleets, fleetOf, SPEC } from './helpers';

const base = fleetOf(SPEC);
const text = (yaml: string): string => diffText(diffFleets(base, fleetOf(yaml)));

test('the same fleet: no change (defaults written out compare equal)', () => {
  const spelledOut = edit(SPEC, 'proxies:\n  instance_type: t3.small', 'proxies:\n  instance_type: t3.small\n  self_healing: true\n  root_volume_gb: 8');
  assert.equal(diffFleets(base, fleetOf(spelledOut)), []);
  assert.is(diffText([]), 'no change to the fleet\n');
  for (const f of exampleFleets()) assert.equal(diffFleets(fleetOf(f.text), fleetOf(f.text)), [], f.file);
});

test('health check path changed on a live service is a high risk', () => {
  const out = text(edit(SPEC, 'health: { path: /health,', 'health: { path: /ready,'));
  assert.is(
    out,
    'RISK: health check path changed on a live service (chat: /health → /ready): if the model server does not answer the new path, every backend leaves rotation\n\n~ service chat (line 65)\n    health.path: "/health" → "/ready"\n',
  );
});

test('static IPs in fewer zones: "static IPs will change"', () => {
  const head = fleetOf(edit(SPEC, 'static_ips: { zones: all }', 'static_ips: { zones: [ap-northeast-2a] }'));
  const changes = diffFleets(base, head);
  const risks = risksOf(changes);
  assert.equal(risks[0], { level: 'high', text: "static IPs will change: the NLB's zones change (-ap-northeast-2c), so the NLB is replaced" });
  assert.match(diffText(changes), '~ static IPs (line 76)\n    zones with a static IP: ["ap-northeast-2a", "ap-northeast-2c"] → ["ap-northeast-2a"]\n');
});

test('static IPs removed altogether', () => {
  const out = text(edit(SPEC, '  static_ips: { zones: all }\n', ''));
  assert.match(out, 'RISK: static IPs will change: the static IPs are released and clients calling them fail\n');
  assert.match(out, '- static IPs removed\n    NLB legal-chat-nlb and its static IPs\n');
});

test('the ALB changes scheme: called out as a replacement, with why when the static IPs make it internal', () => {
  const withoutIps = edit(SPEC, '  static_ips: { zones: all }\n', '');
  let risks = risksOf(diffFleets(fleetOf(withoutIps), base));
  assert.ok(risks.some((r) => r.level === 'high' && r.text === 'the ALB is replaced (internet-facing → internal): its DNS name changes (behind static IPs the ALB is internal unless load_balancer.internal is false)'), JSON.stringify(risks));
  const publicAlb = edit(SPEC, '  static_ips: { zones: all }\n', '  internal: false\n  static_ips: { zones: all }\n');
  risks = risksOf(diffFleets(base, fleetOf(publicAlb)));
  assert.equal(risks.filter((r) => r.text.startsWith('the ALB is replaced')), [{ level: 'high', text: 'the ALB is replaced (internal → internet-facing): its DNS name changes' }]);
});

test('hosts added and removed, with the capacity risk', () => {
  const v5 = `  - name: v100-5
    gpu: { model: A100, count: 2 }
    ssh:
      address: 203.0.113.11
      port: 22
      user: ubuntu
      host_key: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJwms7zqGjOyD+V1eNTrfN0rQoVQcrcINt7Mfo3J/cbc v100-5"
      private_key: ssm:/legal-chat/ssh/v100-5
    port: 8585
`;
  const withoutV4 = SPEC.replace(/  - name: v100-4\n[\s\S]*?    port: 8585\n/, v5);
  const out = text(withoutV4);
  assert.match(out, 'note: host v100-4 leaves chat: less capacity');
  assert.match(out, '- host v100-4 removed\n    1× V100, forward tunnel to ubuntu@203.0.113.10:2204, model port 8585, proxy legal-chat-proxy-v100-4 in ap-northeast-2c, serves chat\n');
  assert.match(out, '+ host v100-5 added (line 50)\n    2× A100, forward tunnel to ubuntu@203.0.113.11:22, model port 8585, proxy legal-chat-proxy-v100-5 in ap-northeast-2c, serves chat\n');
  assert.match(out, '~ service chat (line 64)\n    hosts: ["v100-1", "v100-2", "v100-3", "v100-4"] → ["v100-1", "v100-2", "v100-3", "v100-5"]\n');
});

test('a pinned host key change is called out without printing the key', () => {
  const out = text(edit(SPEC, 'AAAAC3NzaC1lZDI1NTE5AAAAIAsGpfzoxRf8NbVcbzibn6Wu5+xhebL4H/uGL+qUygFs v100-1', 'AAAAC3NzaC1lZDI1NTE5AAAAIIyPqcVxv+X7covJbOTqHdoRyAKx9faoxmoBecWoqDQZ v100-1'));
  assert.match(out, "note: host v100-1's pinned host key changes: the tunnel fails unless the box presents the new key");
  assert.match(out, '    host key: "ssh-ed25519 …H/uGL+qUygFs" → "ssh-ed25519 …xmoBecWoqDQZ"\n');
});

test('listeners, idle timeout, algorithm, proxies', () => {
  const head = edit(
    edit(edit(SPEC, 'listeners: [{ port: 8585, protocol: HTTP }]', 'listeners: [{ port: 8080, protocol: HTTP }]'), 'idle_timeout: 300', 'idle_timeout: 600'),
    'instance_type: t3.small',
    'instance_type: t3.medium',
  );
  const out = text(head);
  assert.match(out, 'RISK: clients on port 8585 lose the service');
  assert.match(out, 'note: every proxy is replaced: each tunnel drops while its proxy restarts');
  assert.match(out, '- listener :8585 removed\n    HTTP :8585\n');
  assert.match(out, '+ listener :8080 added (line 73)\n');
  assert.match(out, 'RISK: port 8585 is no longer forwarded by the static IPs');
  assert.match(out, '~ static IPs (line 76)\n    forwarded ports: [8585] → [8080]\n');
  assert.match(out, '~ load balancer (line 73)\n    idle timeout: 300 → 600\n');
  assert.match(out, '~ proxies (line 62)\n    instance type: "t3.small" → "t3.medium"\n');
});

test('pools: added, then capacity and scaling changed', () => {
  const pool = (max: number, target: number) => `pools:
  - name: burst
    instance_type: g5.xlarge
    capacity: { min: 0, max: ${max} }
    container: { image: "ghcr.io/acme/legal-chat:1.4", port: 8585, env: { MODE: fast } }
    scaling:
      - target_tracking: { metric: cpu, target: ${target} }

services:`;
  const withPool = (max: number, target: number) => edit(edit(SPEC, 'services:', pool(max, target)), 'backends: { hosts: all }', 'backends: { hosts: all, pools: [burst] }');
  const added = text(withPool(4, 40));
  assert.match(added, '+ pool burst added (line 65)\n    g5.xlarge, capacity min 0 / desired 0 / max 4, image ghcr.io/acme/legal-chat:1.4, scaling: target tracking cpu at 40\n');
  const changed = diffText(diffFleets(fleetOf(withPool(4, 40)), fleetOf(withPool(2, 60))));
  assert.match(changed, 'note: pool burst can shrink to at most 2 instance(s)');
  assert.match(changed, '    capacity: "min 0 / desired 0 / max 4" → "min 0 / desired 0 / max 2"\n');
  assert.match(changed, '    scaling target-tracking-1: "target tracking cpu at 40" → "target tracking cpu at 60"\n');
  // A plain env value is shown (which model version ships); secrets are references and show as such.
  const envChanged = diffText(diffFleets(fleetOf(withPool(4, 40)), fleetOf(withPool(4, 40).replace('MODE: fast', 'MODE: model-v2'))));
  assert.match(envChanged, '    environment MODE: "fast" → "model-v2"\n');
  assert.not.match(envChanged, 'value #');
});

test('a new fleet, and Markdown for the PR comment', () => {
  const changes = diffFleets(null, base);
  assert.is(diffText(changes), '+ fleet legal-chat added (line 5)\n    fleet legal-chat in ap-northeast-2: 4 host(s), 0 pool(s), 1 service(s), 2 static IP(s)\n');
  const md = toMarkdown(diffMarkdown(diffFleets(base, fleetOf(edit(SPEC, 'health: { path: /health,', 'health: { path: /ready,'))), 'spec/fleet.yaml'));
  assert.is(
    md,
    '**Risks**\n\n- 🔴 health check path changed on a live service (chat: /health → /ready): if the model server does not answer the new path, every backend leaves rotation\n\n- ✏️ **service chat** changed <sub>spec/fleet.yaml:65</sub>\n  - health.path: "/health" → "/ready"\n',
  );
});

test('examples: routing change and a swapped Elastic IP allocation (multi-model-https)', () => {
  const ex = exampleFleets().find((f) => f.name === 'multi-model-https');
  assert.ok(ex, 'examples/multi-model-https/fleet.yaml');
  const head = edit(edit(ex!.text, 'paths: ["/v1/embeddings", "/v1/embeddings/*"]', 'paths: ["/v2/embeddings/*"]'), 'eipalloc-0f1e2d3c4b5a69788', 'eipalloc-0f1e2d3c4b5a69789');
  const out = diffText(diffFleets(fleetOf(ex!.text, ex!.file), fleetOf(head, ex!.file)));
  assert.match(out, 'RISK: static IPs will change: the Elastic IP allocation of ap-northeast-2c changes');
  assert.match(out, 'note: routing of live service embed changes: some requests go elsewhere');
  assert.match(out, 'allocation in ap-northeast-2c: "eipalloc-0f1e2d3c4b5a69788" → "eipalloc-0f1e2d3c4b5a69789"');
  assert.match(out, /routing: \{"paths":\["\/v1\/embeddings","\/v1\/embeddings\/\*"\],"hosts":\[\],"priority":\d+\} → \{"paths":\["\/v2\/embeddings\/\*"\]/);
});

test('fleet-wide changes: region, network, state backend', () => {
  const out = text(
    edit(edit(edit(SPEC, 'region: ap-northeast-2\nzones: [ap-northeast-2a, ap-northeast-2c]', 'region: ap-northeast-1\nzones: [ap-northeast-1a, ap-northeast-1c]'), 'subnet-0c1d2e3f4a5b60718', 'subnet-0c1d2e3f4a5b60719'), 'lock_table: legal-chat-tflock', 'lockfile: true'),
  );
  assert.match(out, 'RISK: the fleet moves to ap-northeast-1: it is rebuilt from scratch there');
  assert.match(out, 'RISK: the network changes: everything placed in the VPC (load balancers, proxies, pools) is replaced, static IPs included');
  assert.match(out, 'RISK: the state backend changes: run `terraform init -migrate-state` before the next apply');
  assert.match(out, '    region: "ap-northeast-2" → "ap-northeast-1"\n');
});

function tmpRepo(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-diff-'));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  git('init', '-q');
  git('config', 'user.email', 'test@example.com');
  git('config', 'user.name', 'test');
  fs.mkdirSync(path.join(dir, 'spec'));
  fs.writeFileSync(path.join(dir, 'spec', 'fleet.yaml'), SPEC);
  git('add', '.');
  git('commit', '-q', '-m', 'base');
  fs.writeFileSync(path.join(dir, 'spec', 'fleet.yaml'), edit(SPEC, 'health: { path: /health,', 'health: { path: /ready,'));
  return dir;
}

test('CLI: --base GIT_REF compares with the committed file; formats', async () => {
  const dir = tmpRepo();
  try {
    let io = capture(dir);
    assert.is(await main(['diff', '--base', 'HEAD'], io), 0, io.err);
    assert.match(io.out, 'health.path: "/health" → "/ready"');
    io = capture(dir);
    assert.is(await main(['diff', '--base', 'HEAD', 'spec/fleet.yaml', '--format', 'json'], io), 0, io.err);
    const json = JSON.parse(io.out);
    assert.is(json.risks[0].level, 'high');
    assert.is(json.changes[0].name, 'chat');
    io = capture(dir);
    assert.is(await main(['diff', '--base', 'no-such-ref'], io), 2);
    assert.match(io.err, "'no-such-ref' is not a commit in this repository");
    // The file did not exist at the ref: a new fleet.
    fs.renameSync(path.join(dir, 'spec', 'fleet.yaml'), path.join(dir, 'new.yaml'));
    io = capture(dir);
    assert.is(await main(['diff', '--base', 'HEAD', 'new.yaml'], io), 0, io.err);
    assert.match(io.out, '+ fleet legal-chat added');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('CLI: two files; invalid fleets exit 1 with diagnostics; usage exits 2', async () => {
  const dir = tmpRepo();
  try {
    fs.writeFileSync(path.join(dir, 'base.yaml'), SPEC);
    let io = capture(dir);
    assert.is(await main(['diff', 'base.yaml', 'spec/fleet.yaml', '--format', 'markdown'], io), 0, io.err);
    assert.match(io.out, '🔴 health check path changed on a live service');
    fs.writeFileSync(path.join(dir, 'bad.yaml'), 'version: 1\nname: Bad Name\n');
    io = capture(dir);
    assert.is(await main(['diff', 'base.yaml', 'bad.yaml'], io), 1);
    assert.match(io.err, /bad\.yaml:\d+:\d+: error\[FF/);
    io = capture(dir);
    assert.is(await main(['diff', 'base.yaml'], io), 2);
    assert.match(io.err, 'give two fleet files, or --base GIT_REF');
    io = capture(dir);
    assert.is(await main(['diff', 'base.yaml', 'spec/fleet.yaml', '--format', 'yaml'], io), 2);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
