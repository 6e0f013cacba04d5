/**
 * Test inputs as YAML text: a small valid fleet exercising every backend
 * kind, edited by exact text replacement so each test shows the change it
 * makes and positions stay predictable. Diagnostics are rendered as
 * `CODE line:col message` lines, and positions are found in the text itself
 * (`valueAt`, `keyAt`), so an assertion states exactly where a finding must
 * point.
 */
import * as assert from 'uvu/assert';
import { checkSource } from '../../compiler/index';
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic';

export const BASE = `version: 1
name: demo
region: ap-northeast-2
zones: [ap-northeast-2a, ap-northeast-2c]
network:
  cidr: 10.20.0.0/16
hosts:
  - name: box-1
    ssh:
      address: 203.0.113.10
      host_key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAsGpfzoxRf8NbVcbzibn6Wu5+xhebL4H/uGL+qUygFs
      private_key: ssm:/demo/ssh/box-1
    port: 8585
  - name: box-2
    tunnel: reverse
    ssh:
      authorized_key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIyPqcVxv+X7covJbOTqHdoRyAKx9faoxmoBecWoqDQU
      proxy_host_key: ssm:/demo/ssh/box-2-host
      proxy_host_public_key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAJ4cMlrkUXjdnd1NyDdb3sk/lb5nLkYyRnGbslfD02R
    dials_from: 198.51.100.7/32
    port: 8585
pools:
  - name: burst
    instance_type: g5.xlarge
    capacity: { min: 0, desired: 1, max: 4 }
    container: { image: ghcr.io/acme/chat:1.4, port: 8080 }
    scaling:
      - target_tracking: { metric: requests_per_target, service: chat, target: 40 }
      - step:
          alarm: { metric: cpu, above: true, threshold: 70 }
          steps:
            - { from: 0, to: 20, change: 1 }
            - { from: 20, change: 2 }
      - schedule: { cron: "0 17 * * FRI", timezone: Asia/Seoul, min: 2 }
services:
  - name: chat
    port: 8585
    health: { path: /health }
    backends: { hosts: all, pools: [burst] }
load_balancer:
  listeners:
    - { port: 80 }
  static_ips: { zones: all }
`;

/** BASE (or `base`) with each [find, replace] applied; each `find` must occur exactly once. */
export function edit(...pairs: [string, string][]): string {
  return editText(BASE, ...pairs);
}

export function editText(base: string, ...pairs: [string, string][]): string {
  let text = base;
  for (const [find, replace] of pairs) {
    const first = text.indexOf(find);
    if (first < 0) throw new Error(`edit: ${JSON.stringify(find)} not found`);
    if (text.indexOf(find, first + 1) >= 0) throw new Error(`edit: ${JSON.stringify(find)} occurs more than once`);
    text = text.slice(0, first) + replace + text.slice(first + find.length);
  }
  return text;
}

export function diagnostics(text: string): Diagnostic[] {
  return checkSource(text, 'fleet.yaml').diagnostics;
}

/** Every diagnostic as `CODE line:col message`, in reported (position) order. */
export function lines(text: string): string[] {
  return diagnostics(text).map((d) => `${d.code} ${d.span.start.line}:${d.span.start.col} ${d.message}`);
}

/** `line:col` of the unique occurrence of `marker`, plus `offset` characters. */
export function posOf(text: string, marker: string, offset = 0): string {
  const i = text.indexOf(marker);
  if (i < 0) throw new Error(`posOf: ${JSON.stringify(marker)} not found`);
  if (text.indexOf(marker, i + 1) >= 0) throw new Error(`posOf: ${JSON.stringify(marker)} occurs more than once`);
  const before = text.slice(0, i + offset).split('\n');
  return `${before.length}:${before[before.length - 1].length + 1}`;
}

/** Position of the value in `key: value` (the unique marker). */
export function valueAt(text: string, marker: string): string {
  const colon = marker.indexOf(': ');
  return posOf(text, marker, colon < 0 ? 0 : colon + 2);
}

/** Position of the start of the marker (a key, or a list item's first key). */
export const keyAt = (text: string, marker: string): string => posOf(text, marker);

/** Asserts the text yields exactly these diagnostics. */
export function expectLines(text: string, expected: string[]): void {
  assert.equal(lines(text), expected);
}

/** Asserts the text yields no diagnostics at all: it is a valid fleet. */
export function expectValid(text: string): void {
  const r = checkSource(text, 'fleet.yaml');
  assert.equal(lines(text), []);
  assert.ok(r.fleet, 'a fleet without diagnostics lowers to a model');
}

/** The hint of the only diagnostic. */
export function onlyHint(text: string): string {
  const d = diagnostics(text);
  assert.is(d.length, 1, `expected one diagnostic, got ${d.map((x) => x.code).join(', ')}`);
  return d[0].hint;
}
