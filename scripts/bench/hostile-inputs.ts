/**
 * Inputs built to make `check` slow: each about 1 MB (or the size of the
 * reported case), one per way a cost could grow faster than the input.
 * Shared by `npm run bench` (section `hostile`) and test/validate/linear-cost.test.ts.
 */
import { syntheticFleet } from './fleets';

const MB = 1000 * 1000;
const HEAD = 'version: 1\nname: t\n';

/** Repeat `line(i)` until the text is about `bytes` long. */
function fill(head: string, bytes: number, line: (i: number) => string): string {
  const parts = [head];
  let size = head.length;
  for (let i = 0; size < bytes; i++) {
    const l = line(i);
    parts.push(l);
    size += l.length;
  }
  return parts.join('');
}

function withSchedule(timezone: string): string {
  return syntheticFleet(1).replace(
    'load_balancer:',
    `pools:\n  - name: p\n    instance_type: g5.xlarge\n    capacity: { min: 0, desired: 0, max: 1 }\n    container: { image: x/y:1, port: 80 }\n    scaling:\n      - schedule: { cron: "0 1 * * *", timezone: "${timezone}", min: 1 }\nload_balancer:`,
  );
}

/**
 * `count` entries `line(i)` spread over mappings of 900 keys each, so that
 * the text stays under the loader's limits (collections FF010, entries and
 * lines FF008) and every stage sees every entry.
 */
function inMappings(head: string, count: number, line: (i: number) => string): string {
  const parts = [head];
  for (let i = 0; i < count; i++) parts.push(`${i % 900 === 0 ? `m${i / 900}:\n` : ''}  ${line(i)}`);
  return parts.join('');
}

export const HOSTILE_INPUTS: Record<string, () => string> = {
  // The issue's cases: 20,000 unknown top-level keys (258 KB), a 300,000-character time zone.
  'unknown keys 20,000': () => `${HEAD}${Array.from({ length: 20000 }, (_, i) => `unknown_key_${i}: 1`).join('\n')}\n`,
  'time zone 300,000 chars': () => withSchedule('A'.repeat(300000)),
  'unknown keys 1 MB': () => fill(HEAD, MB, (i) => `k${i}: 1\n`),
  'duplicate keys 1 MB': () => fill(HEAD, MB, () => 'name: t\n'),
  'time zone 1 MB': () => withSchedule('Europe/Berlinx'.repeat(Math.floor(MB / 14) - 20)),
  'one long key 1 MB': () => `${HEAD}${'x'.repeat(MB - 40)}: 1\n`,
  'one long value 1 MB': () => HEAD.replace('name: t', `name: "${'a'.repeat(MB - 40)}"`),
  'long flow list 1 MB': () => `${HEAD}zones: [${Array.from({ length: 120000 }, (_, i) => `z${i}`).join(', ')}]\n`,
  'hosts 3,000 (valid)': () => syntheticFleet(3000),
  'hosts 3,000 all invalid': () => syntheticFleet(3000).replace(/port: 8585/g, 'port: 99999').replace(/V100/g, 'V1OO'),
  'nested brackets 1 MB': () => `${HEAD}x: ${'['.repeat(MB / 2 - 20)}${']'.repeat(MB / 2 - 20)}\n`,
  'nested mappings 1 MB': () => fill(`${HEAD}x:\n`, MB, (i) => `${' '.repeat(i + 1)}k${i}:\n`),
  'aliases 1 MB': () => fill(`${HEAD}a: &a [1]\n`, MB, (i) => `b${i}: *a\n`),
  'blank lines 1 MB': () => `${'\n'.repeat(MB - 20)}version: 1\n`,
  'secrets 1 MB': () => fill(HEAD, MB, (i) => `k${i}: "AKIA${String(i).padStart(16, '0')}"\n`),
  // The same shapes at the loader's limits (59,000 entries, 1,000 short of MAX_ENTRIES), so each stage pays for every entry.
  'unknown keys 59,000 in mappings of 900': () => inMappings(HEAD, 59000, (i) => `k${i}: 1\n`),
  'duplicate keys 59,000 in mappings of 900': () => inMappings(HEAD, 59000, () => 'name: t\n'),
  'aliases 59,000 in mappings of 900': () => inMappings(`${HEAD}a: &a [1]\n`, 59000, (i) => `b${i}: *a\n`),
  'secrets 59,000 in mappings of 900': () => inMappings(HEAD, 59000, (i) => `k${i}: "AKIA${String(i).padStart(16, '0')}"\n`),
  'flow lists 58,800 entries in lists of 8,400': () => `${HEAD}${Array.from({ length: 7 }, (_, j) => `l${j}: [${Array.from({ length: 8400 }, (_, i) => `z${i}`).join(', ')}]`).join('\n')}\n`,
  'blank lines 99,000': () => `${'\n'.repeat(99000)}version: 1\n`,
  'escaped quotes 1 MB': () => `${HEAD}x: "${'\\"'.repeat(MB / 2 - 20)}"\n`,
  'emoji 1 MB': () => `${HEAD}x: "${'😀'.repeat(MB / 4 - 20)}"\n`,
};
