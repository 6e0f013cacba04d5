/**
 * Issue 8, "Output that depends on the machine": the review commands, run as
 * a user runs them (a new process of the CLI), write the same bytes whatever
 * the locale (da_DK, cs_CZ, et_EE, lt_LT against C), the time zone, the umask
 * and the working folder. The inputs hold names whose order differs between
 * those locales (`aa` after `z` in Danish, `ch` after `h` in Czech, `z` before
 * `t` in Estonian, `y` beside `i` in Lithuanian), so a `localeCompare` left in
 * any sort shows here.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ROOT } from './helpers';

const CLI = path.join(ROOT, 'dist', 'compiler', 'cli', 'main.js');
const NAMES = ['aa-box', 'b-box', 'ch-box', 'h-box', 'i-box', 'y-box', 'j-box', 's-box', 'z-box', 't-box', 'Zed-box'].filter((n) => /^[a-z0-9-]+$/.test(n));

function fleet(names: readonly string[]): string {
  const hosts = names
    .map(
      (n, i) => `  - name: ${n}
    port: 8000
    ssh:
      address: 203.0.113.${10 + i}
      host_key: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINyaffpD9Q3UfITXyfYUbWt5+nOKjxFqeSDJl0Bl2IXl m1"
      private_key: ssm:/solo/ssh/${n}
`,
    )
    .join('');
  return `version: 1
name: solo
region: us-east-1
zones: [us-east-1a, us-east-1b]
network:
  vpc: vpc-0a1b2c3d4e5f60718
  public_subnets: [subnet-01234567890abcdef, subnet-0fedcba9876543210]
tags: { ${names.map((n) => `${n}: v`).join(', ')} }
hosts:
${hosts}services:
  - name: model
    port: 8000
    health: { path: /health }
    backends: { hosts: all }
load_balancer:
  listeners: [{ port: 80 }]
`;
}

/** A plan touching one resource per host, in an order no locale agrees with. */
function planFor(names: readonly string[]): string {
  const resource_changes = [...names].reverse().flatMap((n) => [
    { address: `aws_autoscaling_group.proxies_${n}_group`, mode: 'managed', type: 'aws_autoscaling_group', name: `proxies_${n}_group`, change: { actions: ['create'], before: null, after: { name: `solo-proxy-${n}`, tags: { [`${n}`]: 'v', 'fleetform:host': n } }, after_unknown: {}, before_sensitive: false, after_sensitive: {} } },
    { address: `aws_iam_role.proxies_${n}_role`, mode: 'managed', type: 'aws_iam_role', name: `proxies_${n}_role`, change: { actions: ['delete'], before: { name: `solo-proxy-${n}`, tags: { 'fleetform:host': n } }, after: null, after_unknown: {}, before_sensitive: {}, after_sensitive: false } },
  ]);
  return JSON.stringify({ format_version: '1.2', terraform_version: '1.9.8', resource_changes, output_changes: Object.fromEntries(names.map((n) => [`out_${n.replace(/-/g, '_')}`, { actions: ['create'], before: null, after: n, after_unknown: false, before_sensitive: false, after_sensitive: false }])) });
}

const LOCALES = ['C', 'da_DK.UTF-8', 'cs_CZ.UTF-8', 'et_EE.UTF-8', 'lt_LT.UTF-8'];

interface Machine {
  locale: string;
  tz: string;
  umask: string;
  cwd: string;
}

/**
 * Runs the commands in one new process with the machine's environment, through
 * the CLI's own entry point (`main`, as dist/compiler/cli/main.js runs it), and
 * returns what each wrote to standard output.
 */
function runAll(commands: readonly (readonly string[])[], m: Machine): string[] {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: os.tmpdir(), LANG: m.locale, LC_ALL: m.locale, TZ: m.tz, NO_COLOR: '1' };
  const driver = `
    const { main } = require(${JSON.stringify(CLI)});
    (async () => {
      const outs = [];
      for (const args of ${JSON.stringify(commands)}) {
        let out = '', err = '';
        const code = await main(args, { stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, cwd: process.cwd(), env: process.env });
        outs.push({ code, out, err });
      }
      process.stdout.write(JSON.stringify(outs));
    })();`;
  const r = spawnSync('/bin/sh', ['-c', `umask ${m.umask} && exec "$0" "$@"`, process.execPath, '-e', driver], { cwd: m.cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.is(r.status, 0, `driver under ${JSON.stringify(m)}: ${r.stderr}`);
  const outs = JSON.parse(r.stdout) as { code: number; out: string; err: string }[];
  outs.forEach((o, i) => assert.is(o.code, 0, `${commands[i].join(' ')} under ${JSON.stringify(m)}: ${o.err}`));
  return outs.map((o) => o.out);
}

function collatorLocale(locale: string): string {
  const r = spawnSync(process.execPath, ['-p', 'Intl.Collator().resolvedOptions().locale'], { env: { LANG: locale, LC_ALL: locale }, encoding: 'utf8' });
  return r.stdout.trim();
}

// Node built with small-icu knows only English: the locales would not bite, and the test would prove little.
const FULL_ICU = collatorLocale('da_DK.UTF-8').startsWith('da');

test(`review commands write the same bytes under ${LOCALES.join(', ')}, time zones, umasks and working folders${FULL_ICU ? '' : ' (WEAK: this node has no full ICU, locales are not applied)'}`, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ff-machine-${process.pid}-`));
  try {
    const base = path.join(dir, 'base.yaml');
    const head = path.join(dir, 'head.yaml');
    const planFile = path.join(dir, 'plan.json');
    fs.writeFileSync(base, fleet(NAMES.slice(0, 1)));
    fs.writeFileSync(head, fleet(NAMES));
    fs.writeFileSync(planFile, planFor(NAMES));
    const other = fs.mkdtempSync(path.join(dir, 'cwd-'));
    const commands: string[][] = [
      ['plan-comment', planFile, '--fleet', head, '--base', base],
      ['diff', base, head, '--format', 'markdown'],
      ['diff', base, head, '--format', 'text'],
      ['diff', base, head, '--format', 'json'],
      ['graph', head],
    ];
    const reference: Machine = { locale: 'C', tz: 'UTC', umask: '022', cwd: ROOT };
    const machines: Machine[] = [
      { locale: 'da_DK.UTF-8', tz: 'Asia/Seoul', umask: '077', cwd: other },
      { locale: 'cs_CZ.UTF-8', tz: 'America/St_Johns', umask: '002', cwd: dir },
      { locale: 'et_EE.UTF-8', tz: 'UTC', umask: '022', cwd: ROOT },
      { locale: 'lt_LT.UTF-8', tz: 'Asia/Seoul', umask: '027', cwd: other },
    ];
    const expected = runAll(commands, reference);
    expected.forEach((out, i) => assert.ok(out.length > 100, `${commands[i][0]} wrote ${out.length} bytes`));
    for (const m of machines) {
      const got = runAll(commands, m);
      got.forEach((out, i) => assert.is(out, expected[i], `${commands[i].join(' ')} differs under ${JSON.stringify(m)}`));
    }
    // The order is the code-unit order, whatever the locale.
    const added = [...expected[2].matchAll(/^\+ host (\S+) added/gm)].map((m) => m[1]);
    assert.equal(added, [...NAMES.slice(1)].sort());
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the locales bite here: localeCompare orders these names differently under each (the hazard the test guards against)', () => {
  if (!FULL_ICU) return;
  const orders = new Set(LOCALES.map((l) => spawnSync(process.execPath, ['-p', `${JSON.stringify(NAMES)}.sort((a, b) => a.localeCompare(b)).join(' ')`], { env: { LANG: l, LC_ALL: l }, encoding: 'utf8' }).stdout));
  assert.ok(orders.size >= 4, [...orders].join('\n'));
});

test.run();
