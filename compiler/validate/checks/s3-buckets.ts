/**
 * S3 bucket names (the state bucket and the access-log bucket) beyond what
 * the schema's pattern checks: no two adjacent periods, no period next to a
 * hyphen (not DNS-compatible), not shaped like an IP address, and none of
 * the prefixes and suffixes AWS reserves.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
 */
import type { PathSegment } from '../../diagnostics/diagnostic';
import type { Check } from './check';
import { at, obj, show, str } from './read';

const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

export const s3Buckets: Check = {
  name: 's3-buckets',
  codes: {
    FF242: 'an S3 bucket name breaks AWS\'s naming rules',
  },
  run(ctx) {
    const buckets: [string | undefined, PathSegment[]][] = [
      [str(obj(ctx.spec.state)?.bucket), ['state', 'bucket']],
      [str(obj(obj(ctx.spec.load_balancer)?.access_logs)?.bucket), ['load_balancer', 'access_logs', 'bucket']],
    ];
    for (const [name, path] of buckets) {
      if (name === undefined || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name)) continue; // the schema reports those
      const problem = bucketProblem(name);
      if (problem) ctx.report({ code: 'FF242', path, message: `${at(path)} is ${show(name)}; ${problem}`, hint: 'Use lower-case letters, digits and single hyphens, e.g. legal-chat-tfstate.' });
    }
  },
};

export function bucketProblem(name: string): string | null {
  if (name.includes('..')) return 'a bucket name may not contain two adjacent periods';
  if (name.includes('.-') || name.includes('-.')) return 'a period may not sit next to a hyphen in a bucket name';
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return 'a bucket name may not look like an IP address';
  const prefix = RESERVED_PREFIXES.find((p) => name.startsWith(p));
  if (prefix) return `the prefix ${prefix} is reserved by AWS`;
  const suffix = RESERVED_SUFFIXES.find((s) => name.endsWith(s));
  if (suffix) return `the suffix ${suffix} is reserved by AWS`;
  return null;
}
