/**
 * A stubbed cloud for the real-systemd tests (test/e2e/nspawn.ts machines):
 *
 * - the fleet, built by the real CLI (`fleetform build`) from a fleet.yaml
 *   whose addresses and keys are the test's own;
 * - a stand-in `aws` CLI at /usr/local/bin/aws answering the calls the boot
 *   scripts make (secrets from /etc/ffstub/secrets, Elastic IPs, lifecycle
 *   hooks), every call logged to /var/log/ffstub/aws.log. Test keys reach the
 *   machines only through it, never by editing a generated file;
 * - an instance-metadata stand-in (IMDSv2: token, then instance-id) answering
 *   on 169.254.169.254:80, in a network namespace inside the machine joined to
 *   it by a veth pair (this kernel has no `dummy` link type, and a server on
 *   the instance itself would hold its port 80, which a proxy may need);
 * - a NoCloud seed, so cloud-init runs the generated cloud-config at boot.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../../compiler/emit/provision/engine';
import type { Machine } from './nspawn';

export const AWS_LOG = '/var/log/ffstub/aws.log';

const AWS_STUB = `#!/bin/bash
# Test stand-in for the AWS CLI (test/e2e/cloud-stub.ts). Never in a build.
mkdir -p /var/log/ffstub
printf '%s ' aws "$@" >>${AWS_LOG}; echo >>${AWS_LOG}
svc=\${1-} op=\${2-}
name=''
for a in "$@"; do
  case $a in
    --name=*) name=\${a#--name=} ;;
    --secret-id=*) name=\${a#--secret-id=} ;;
  esac
done
case "$svc $op" in
  'ssm get-parameter')
    if [[ -f /etc/ffstub/secrets/ssm$name ]]; then cat "/etc/ffstub/secrets/ssm$name"; exit 0; fi
    echo "An error occurred (ParameterNotFound) when calling the GetParameter operation: Parameter $name not found." >&2
    exit 254 ;;
  'secretsmanager get-secret-value')
    if [[ -f /etc/ffstub/secrets/secretsmanager/$name ]]; then cat "/etc/ffstub/secrets/secretsmanager/$name"; exit 0; fi
    echo "An error occurred (ResourceNotFoundException) when calling the GetSecretValue operation: Secrets Manager can't find the specified secret." >&2
    exit 254 ;;
  'ec2 describe-addresses') echo eipalloc-0ff0000000000000a ;;
  'ec2 associate-address') echo '{"AssociationId": "eipassoc-0ff0000000000000a"}' ;;
  'autoscaling complete-lifecycle-action') ;;
  'ecr get-login-password') echo stub-token ;;
  *) echo "aws stub: $svc $op is not stubbed" >&2; exit 255 ;;
esac
`;

const IMDS_STUB = `# Test stand-in for the EC2 instance metadata service, IMDSv2 only.
import http.server, secrets, sys
TOKEN = secrets.token_hex(16)
INSTANCE_ID = sys.argv[1]
class Handler(http.server.BaseHTTPRequestHandler):
    def reply(self, code, body=b''):
        self.send_response(code)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def do_PUT(self):
        if self.path == '/latest/api/token' and self.headers.get('X-aws-ec2-metadata-token-ttl-seconds'):
            self.reply(200, TOKEN.encode())
        else:
            self.reply(400)
    def do_GET(self):
        if self.headers.get('X-aws-ec2-metadata-token') != TOKEN:
            self.reply(401)
        elif self.path == '/latest/meta-data/instance-id':
            self.reply(200, INSTANCE_ID.encode())
        else:
            self.reply(404)
http.server.ThreadingHTTPServer(('169.254.169.254', 80), Handler).serve_forever()
`;

function imdsUnit(instanceId: string): string {
  return `[Unit]
Description=test stand-in for the EC2 instance metadata service
Before=cloud-final.service

[Service]
# Off the instance, as on EC2: the server lives in a namespace of its own
# behind a veth pair, so it holds no port of the instance itself.
ExecStartPre=-/usr/sbin/ip netns add ffimds
ExecStartPre=-/usr/sbin/ip link add ffimds0 type veth peer name ffimds1 netns ffimds
ExecStartPre=/usr/sbin/ip addr replace 169.254.169.253/30 dev ffimds0
ExecStartPre=/usr/sbin/ip link set ffimds0 up
ExecStartPre=/usr/sbin/ip -n ffimds addr replace 169.254.169.254/30 dev ffimds1
ExecStartPre=/usr/sbin/ip -n ffimds link set ffimds1 up
ExecStart=/usr/sbin/ip netns exec ffimds /usr/bin/python3 /usr/local/libexec/ffstub/imds.py ${instanceId}
Restart=on-failure

[Install]
WantedBy=multi-user.target
`;
}

/** Write the stubs and a NoCloud seed onto a machine's disk (call from `prepare`). */
export function stubCloud(m: Machine, opts: { instanceId: string; userData: string | null }): void {
  m.write('/usr/local/bin/aws', AWS_STUB, 0o755);
  m.write('/usr/local/libexec/ffstub/imds.py', IMDS_STUB);
  m.write('/etc/systemd/system/ffstub-imds.service', imdsUnit(opts.instanceId));
  m.symlink('/etc/systemd/system/ffstub-imds.service', '/etc/systemd/system/multi-user.target.wants/ffstub-imds.service');
  // NoCloud only: no probing for other clouds. `locale: false`: this image has
  // no en_US.UTF-8 locale to generate (AL2023's has), and cc_locale would fail
  // on it; nothing fleetform writes depends on the locale.
  m.write('/etc/cloud/cloud.cfg.d/90-fftest.cfg', 'datasource_list: [NoCloud, None]\nlocale: false\n');
  if (opts.userData !== null) seed(m, opts.instanceId, opts.userData);
}

/** A NoCloud seed: cloud-init treats a new instance-id as a new instance and runs its user data. */
export function seed(m: Machine, instanceId: string, userData: string): void {
  m.write('/var/lib/cloud/seed/nocloud/meta-data', `instance-id: ${instanceId}\nlocal-hostname: ${m.label}\n`);
  m.write('/var/lib/cloud/seed/nocloud/user-data', userData);
}

/** Put a value in the stubbed secret store: `ssm`, `/x/y` or `secretsmanager`, `x/y`. */
export function setSecret(m: Machine, store: 'ssm' | 'secretsmanager', name: string, value: string): void {
  m.write(path.posix.join('/etc/ffstub/secrets', store, name), value, 0o600);
}

export function removeSecret(m: Machine, store: 'ssm' | 'secretsmanager', name: string): void {
  fs.rmSync(m.path(path.posix.join('/etc/ffstub/secrets', store, name)), { force: true });
}

/** The aws calls made so far on a machine, one per line. */
export function awsCalls(m: Machine): string[] {
  return (m.read(AWS_LOG) ?? '').split('\n').map((l) => l.trim()).filter(Boolean);
}

/** ssh-keygen an ed25519 pair in `dir`; private and public (type and blob). */
export function keypair(dir: string, name: string): { file: string; private: string; public: string } {
  const file = path.join(dir, name);
  const r = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ssh-keygen: ${r.stderr}`);
  return { file, private: fs.readFileSync(file, 'utf8'), public: fs.readFileSync(`${file}.pub`, 'utf8').trim().split(' ').slice(0, 2).join(' ') };
}

export interface TestKeys {
  /** The forward box's sshd host key (pinned by fwd-*), and another one it must refuse. */
  boxHost: ReturnType<typeof keypair>;
  wrongBoxHost: ReturnType<typeof keypair>;
  /** The forward proxies' client key (in the secret store). */
  proxyClient: ReturnType<typeof keypair>;
  /** The reverse box's key (authorized on the proxy), the reverse proxy's host key (secret store), and a wrong one. */
  reverseBox: ReturnType<typeof keypair>;
  proxyHost: ReturnType<typeof keypair>;
  wrongProxyHost: ReturnType<typeof keypair>;
}

export function testKeys(dir: string): TestKeys {
  return {
    boxHost: keypair(dir, 'box-host'),
    wrongBoxHost: keypair(dir, 'wrong-box-host'),
    proxyClient: keypair(dir, 'proxy-client'),
    reverseBox: keypair(dir, 'reverse-box'),
    proxyHost: keypair(dir, 'proxy-host'),
    wrongProxyHost: keypair(dir, 'wrong-proxy-host'),
  };
}

/**
 * Addresses of the test network (private namespaces only):
 *   alb 10.231.1.1 -- 10.231.1.2 proxy machine
 *   forward: proxy 10.231.2.1 -- 10.231.2.2 box namespace (sshd :2222, model :9000)
 *   reverse: proxy 10.231.3.1 -- 10.231.3.2 box machine
 */
export const NET = { alb: '10.231.1.1', proxyFront: '10.231.1.2', fwdProxy: '10.231.2.1', fwdBox: '10.231.2.2', revProxy: '10.231.3.1', revBox: '10.231.3.2' } as const;

/** The test fleet: forward hosts fwd-1 (port 8585) and fwd-80 (port 80), reverse rev-1, idle-1 (no service), pool burst. */
export function fleetYaml(k: TestKeys): string {
  return `version: 1
name: fftest
region: ap-northeast-2
zones: [ap-northeast-2a, ap-northeast-2c]
network:
  vpc: vpc-0123456789abcdef0
  public_subnets: [subnet-0aaaaaaaaaaaaaaaa, subnet-0bbbbbbbbbbbbbbbb]
hosts:
  - name: fwd-1
    port: 9000
    ssh: { address: ${NET.fwdBox}, port: 2222, user: nobody, host_key: "${k.boxHost.public}", private_key: "ssm:/fftest/ssh/fwd" }
  - name: fwd-80
    port: 9000
    ssh: { address: ${NET.fwdBox}, port: 2222, user: nobody, host_key: "${k.boxHost.public}", private_key: "ssm:/fftest/ssh/fwd" }
  - name: rev-1
    port: 9000
    tunnel: reverse
    dials_from: ${NET.revBox}/32
    ssh: { authorized_key: "${k.reverseBox.public}", proxy_host_key: "secretsmanager:fftest/proxy/rev-1", proxy_host_public_key: "${k.proxyHost.public}" }
  - name: idle-1
    port: 9000
    ssh: { address: 192.0.2.9, host_key: "${k.boxHost.public}", private_key: "ssm:/fftest/ssh/idle" }
pools:
  - name: burst
    instance_type: g5.xlarge
    capacity: { min: 0, desired: 0, max: 2 }
    health_grace: 60
    container:
      image: ghcr.io/acme/model:1.0
      port: 8080
      env: { HF_TOKEN: "ssm:/fftest/hf-token", MODEL: m1 }
services:
  - name: chat
    port: 8585
    health: { path: /health }
    backends: { hosts: [fwd-1, rev-1], pools: [burst] }
  - name: web
    port: 80
    health: { path: /health }
    routing: { paths: [/web/*] }
    backends: { hosts: [fwd-80] }
load_balancer:
  listeners: [{ port: 8585 }]
`;
}

/** Build the test fleet with the real CLI; the generated files by output path. */
export function buildFleet(dir: string, k: TestKeys): Map<string, string> {
  fs.writeFileSync(path.join(dir, 'fleet.yaml'), fleetYaml(k));
  const out = path.join(dir, 'out');
  const cli = path.join(repoRoot(), 'dist', 'compiler', 'cli', 'main.js');
  const r = spawnSync(process.execPath, [cli, 'build', path.join(dir, 'fleet.yaml'), '--out', out], { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`fleetform build failed (${r.status}):\n${r.stdout}${r.stderr}`);
  const files = new Map<string, string>();
  for (const rel of fs.readdirSync(out, { recursive: true }) as string[]) {
    const full = path.join(out, rel);
    if (fs.statSync(full).isFile()) files.set(rel.split(path.sep).join('/'), fs.readFileSync(full, 'utf8'));
  }
  return files;
}

/** `systemd-analyze security UNIT` inside a machine: the overall exposure and the table. */
export async function exposure(m: Machine, unit: string): Promise<{ score: number; table: string }> {
  const r = await m.exec(['systemd-analyze', 'security', '--no-pager', unit]);
  const match = /Overall exposure level for \S+: ([0-9.]+)/.exec(r.stdout);
  if (!match) throw new Error(`systemd-analyze security ${unit}: no score\n${r.stdout}${r.stderr}`);
  return { score: Number(match[1]), table: r.stdout };
}

/** The capability sets of a process in a machine (hex masks from /proc/PID/status). */
export async function capabilities(m: Machine, pid: string): Promise<Record<string, bigint>> {
  const status = await m.must(['cat', `/proc/${pid}/status`]);
  const out: Record<string, bigint> = {};
  for (const key of ['CapInh', 'CapPrm', 'CapEff', 'CapBnd', 'CapAmb', 'NoNewPrivs']) {
    const v = new RegExp(`^${key}:\\s+(\\S+)$`, 'm').exec(status)?.[1];
    if (v !== undefined) out[key] = key === 'NoNewPrivs' ? BigInt(v) : BigInt(`0x${v}`);
  }
  return out;
}

/** CAP_NET_BIND_SERVICE is capability 10. */
export const CAP_NET_BIND_SERVICE = 1n << 10n;

/**
 * Kill a unit's main process `rounds` times; each time, how long until the
 * tunnel answers again (polled every 100 ms), checking that a new process
 * answered. The median is what the tests hold against RestartSec + 2 s: on a
 * shared 2-core machine one round can stall for reasons of its own.
 */
export async function restartTimes(m: Machine, unit: string, answers: (p: string) => Promise<boolean>, rounds = 3): Promise<{ times: (number | null)[]; median: number | null }> {
  const mainPid = async () => (await m.must(['systemctl', 'show', '-p', 'MainPID', '--value', unit])).trim();
  const times: (number | null)[] = [];
  for (let i = 0; i < rounds; i++) {
    const before = await mainPid();
    if (!/^[1-9][0-9]*$/.test(before)) throw new Error(`${unit} has no main process (MainPID=${before})`);
    const t0 = Date.now();
    await m.must(['kill', '-KILL', before]);
    let back: number | null = null;
    while (Date.now() - t0 < 15_000) {
      if (await answers(`/restart-${i}`)) {
        back = Date.now() - t0;
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    if (back !== null && (await mainPid()) === before) throw new Error(`${unit}: the killed process answered`);
    times.push(back);
  }
  const sorted = [...times].sort((a, b) => (a ?? Infinity) - (b ?? Infinity));
  return { times, median: sorted[Math.floor(sorted.length / 2)] ?? null };
}

/**
 * The bound a restart is held to: RestartSec + 2 s, the figure. On a
 * machine loaded past one runnable process per CPU (8 helpers sharing 2
 * cores while these tests were written: load 20), the 2 s of process start,
 * key exchange and forwarding stretch with the load, so that part is scaled
 * by the 1-minute load per CPU (at most 3x); RestartSec itself is systemd's
 * timer and is not. Every measured time is printed beside the load it was
 * measured under.
 */
export function restartBound(restartSec: number): { ms: number; loadPerCpu: number } {
  const loadPerCpu = os.loadavg()[0] / Math.max(1, os.cpus().length);
  // At most three times: beyond that a slow restart is a finding, whatever the load.
  return { ms: restartSec * 1000 + 2000 * Math.min(3, Math.max(1, loadPerCpu)), loadPerCpu: Math.round(loadPerCpu * 10) / 10 };
}
