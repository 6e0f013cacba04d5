/**
 * The mocked-apply assertions catch real faults: each mutation plants one
 * into a copy of a stack's main.tf.json, the test file is generated again
 * from the fleet (and the mutated configuration's rule list), and the run
 * must fail, with the message of the assertion (or the provider validation)
 * that names the fault. The unmutated stack passing is the control
 * (mock-apply.test.ts runs it; it runs here too, so this file stands alone).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { OutputFile } from '../../compiler/emit/output-file';
import { mapLimit, offlineTest, OfflineWorkspace } from '../helpers/terraform-offline';
import { stackSources, type StackSource, type TerraformJson } from './stacks';
import { mockApply, refusedDestroys, type MockRun } from './mock-apply';

interface Mutation {
  name: string;
  /** Plants the fault; returns false when the stack has nothing to mutate. */
  plant(tf: TerraformJson, s: StackSource): void;
  /** What the failing run must say. */
  expect: RegExp;
}

type Resources = Record<string, Record<string, Record<string, unknown>>>;
const res = (tf: TerraformJson): Resources => tf.resource as Resources;

/** The ingress rule of the proxies' group (the one that admits the ALB). */
function proxyRule(tf: TerraformJson): Record<string, unknown> {
  const rules = res(tf).aws_vpc_security_group_ingress_rule;
  const name = Object.keys(rules).find((n) => String(rules[n].security_group_id).includes('aws_security_group.security_proxies.id'));
  if (!name) throw new Error('no ingress rule on the proxies group');
  return rules[name];
}

const staticPort = (s: StackSource): number => s.fleet.staticIps!.ports[0].port;

const MUTATIONS: Mutation[] = [
  {
    name: 'NLB target group of type instance instead of alb',
    plant: (tf, s) => {
      res(tf).aws_lb_target_group[`static-ip_tg-${staticPort(s)}`].target_type = 'instance';
    },
    expect: /fleet: NLB target group \S+: target type alb, TCP/,
  },
  {
    name: "proxies' service port open to 0.0.0.0/0 instead of the ALB's group",
    plant: (tf) => {
      const rule = proxyRule(tf);
      delete rule.referenced_security_group_id;
      rule.cidr_ipv4 = '0.0.0.0/0';
    },
    expect: /fleet: every ingress rule of the proxies group admits only the ALB's group/,
  },
  {
    name: 'an extra rule opening SSH on the proxies to the world',
    plant: (tf) => {
      const rule = proxyRule(tf);
      res(tf).aws_vpc_security_group_ingress_rule['security_proxies-in-22-world'] = { security_group_id: rule.security_group_id, ip_protocol: 'tcp', from_port: 22, to_port: 22, cidr_ipv4: '0.0.0.0/0' };
    },
    expect: /fleet: every ingress rule of the proxies group admits only the ALB's group/,
  },
  {
    name: "a broken ARN for the ALB listener's load balancer",
    plant: (tf) => {
      const listeners = res(tf).aws_lb_listener;
      const alb = Object.keys(listeners).find((n) => n.startsWith('alb_listener-'))!;
      listeners[alb].load_balancer_arn = 'arn:aws:elasticloadbalancing:loadbalancer-without-account';
    },
    // The provider's own validation of the value.
    expect: /"load_balancer_arn" \(arn:aws:elasticloadbalancing:loadbalancer-without-account\) is an invalid ARN/,
  },
  {
    name: 'the NLB target group attached to the NLB itself instead of the ALB',
    plant: (tf, s) => {
      res(tf).aws_lb_target_group_attachment[`static-ip_attach-${staticPort(s)}`].target_id = '${aws_lb.static-ip.arn}';
    },
    expect: /fleet: NLB target group \S+ has the ALB as its target/,
  },
];

function mutate(files: OutputFile[], m: Mutation, s: StackSource): OutputFile[] {
  return files.map((f) => {
    if (f.path !== 'main.tf.json') return f;
    const tf = JSON.parse(f.content) as TerraformJson;
    m.plant(tf, s);
    return { ...f, content: JSON.stringify(tf, null, 2) };
  });
}

// A stack with proxies and static IPs, so every mutation has something to break.
const target = (): StackSource => {
  const s = stackSources().find((x) => x.fleet.staticIps && x.fleet.hosts.length && x.fleet.proxies.selfHealing);
  if (!s) throw new Error('no stack with static IPs and proxies to mutate');
  return s;
};

offlineTest(test, `mutation control: each of ${MUTATIONS.length + 1} runs (the clean stack, then one planted fault each) does what it should`, async () => {
  const ws = OfflineWorkspace.create('mutation');
  try {
    const s = target();
    const cases: { name: string; files: OutputFile[]; expect: RegExp | null }[] = [
      { name: 'control (no fault)', files: s.files, expect: null },
      ...MUTATIONS.map((m) => ({ name: m.name, files: mutate(s.files, m, s), expect: m.expect })),
    ];
    const results = await mapLimit(cases, (c, i) => mockApply(ws, s, `case-${i}`, c.files));
    const report: string[] = [];
    results.forEach((r: MockRun, i) => {
      const c = cases[i];
      const out = `${r.result.stdout}\n${r.result.stderr}`;
      const status = r.summary.runs.map((x) => x.status).join(',') || 'error';
      report.push(`  ${c.name}: run ${status} (${(r.ms / 1000).toFixed(1)}s)`);
      if (c.expect === null) {
        assert.is(status, 'pass', `the control must pass:\n${out}`);
        return;
      }
      assert.is.not(status, 'pass', `mutation "${c.name}" was not caught:\n${out}`);
      // Terraform wraps messages at 78 columns; compare with whitespace folded.
      assert.match(out.replace(/\s+/g, ' '), c.expect, `mutation "${c.name}" failed for another reason than expected:\n${out}`);
      // The failure is the planted fault, not a side effect: nothing but the expected kind of error.
      assert.equal(refusedDestroys(out).filter((a) => !a.startsWith('aws_eip.')), []);
    });
    process.stdout.write(`\nmutations of ${s.file}:\n${report.join('\n')}\n`);
  } finally {
    ws.dispose();
  }
});

test.run();
