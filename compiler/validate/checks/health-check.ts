/**
 * ALB target group health checks within AWS's ranges and cross-field rules.
 * Ranges: interval 5-300 s, timeout 2-120 s, healthy and unhealthy
 * thresholds 2-10, matcher codes 200-499 for HTTP/HTTPS, path up to 1024
 * characters. The timeout must be less than the interval.
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html
 */
import type { PathSegment } from '../../diagnostics/diagnostic';
import type { Check, CheckContext } from './check';
import { DEFAULTS } from '../../lower/defaults';
import { at, int, obj, servicesOf, show, str } from './read';

const INTERVAL = [5, 300] as const;
const TIMEOUT = [2, 120] as const;
const THRESHOLD = [2, 10] as const;
const MATCHER = [200, 499] as const;
const PATH_MAX = 1024;
/** URI path and query characters (RFC 3986), with %XX escapes checked separately. */
const PATH_CHARS = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/%?]*$/;

export const healthCheck: Check = {
  name: 'health-check',
  codes: {
    FF253: 'health.interval is not 5 to 300 seconds',
    FF254: 'health.timeout is not 2 to 120 seconds',
    FF255: 'health.timeout is not less than health.interval',
    FF256: 'health.healthy or health.unhealthy is not 2 to 10',
    FF257: 'health.matcher is not a code, list or range of HTTP codes 200 to 499',
    FF258: 'health.path is not an absolute URI path AWS accepts',
  },
  run(ctx) {
    for (const s of servicesOf(ctx.spec)) {
      const h = obj(s.value.health);
      if (!h) continue;
      const base = [...s.path, 'health'];
      const interval = int(h.interval);
      const timeout = int(h.timeout);
      const intervalOk = range(ctx, 'FF253', [...base, 'interval'], interval, INTERVAL, 'seconds', 'Seconds between checks; 15 to 30 suits most model servers.');
      const timeoutOk = range(ctx, 'FF254', [...base, 'timeout'], timeout, TIMEOUT, 'seconds', 'Seconds to wait for an answer; keep it below the interval.');
      for (const k of ['healthy', 'unhealthy']) {
        range(ctx, 'FF256', [...base, k], int(h[k]), THRESHOLD, 'checks', `Consecutive ${k === 'healthy' ? 'successes' : 'failures'} before the state changes.`);
      }
      const effInterval = interval ?? DEFAULTS.health.interval;
      const effTimeout = timeout ?? DEFAULTS.health.timeout;
      if (intervalOk && timeoutOk && (interval !== undefined || timeout !== undefined) && effTimeout >= effInterval) {
        const path = timeout !== undefined ? [...base, 'timeout'] : [...base, 'interval'];
        ctx.report({
          code: 'FF255',
          path,
          message: `${at([...base, 'timeout'])} is ${effTimeout}${timeout === undefined ? ' (the default)' : ''} and ${at([...base, 'interval'])} is ${effInterval}${interval === undefined ? ' (the default)' : ''}; the timeout must be less than the interval`,
          hint: `Lower the timeout below ${effInterval}, or raise the interval above ${effTimeout}.`,
        });
      }
      const matcher = str(h.matcher);
      if (matcher !== undefined) {
        const problem = matcherProblem(matcher);
        if (problem) {
          ctx.report({ code: 'FF257', path: [...base, 'matcher'], message: `${at([...base, 'matcher'])} is ${show(matcher)}; ${problem}`, hint: 'Write a code (200), a list (200,202) or a range (200-299); codes are 200 to 499.' });
        }
      }
      const path = str(h.path);
      if (path !== undefined) {
        const problem = pathProblem(path);
        if (problem) {
          ctx.report({ code: 'FF258', path: [...base, 'path'], message: `${at([...base, 'path'])} is ${show(path.length > 60 ? `${path.slice(0, 57)}...` : path)}; ${problem}`, hint: 'Use an absolute path the model server answers cheaply, e.g. /health; escape other characters as %XX.' });
        }
      }
    }
  },
};

/** Reports a value outside [lo, hi]; returns whether the value (if any) is in range. */
function range(ctx: CheckContext, code: string, path: PathSegment[], v: number | undefined, [lo, hi]: readonly [number, number], unit: string, hint: string): boolean {
  if (v === undefined || (v >= lo && v <= hi)) return true;
  ctx.report({ code, path, message: `${at(path)} is ${v}; must be ${lo} to ${hi} ${unit}`, hint });
  return false;
}

export function matcherProblem(m: string): string | null {
  if (m.trim() === '') return 'it is empty';
  for (const part of m.split(',')) {
    const r = /^(\d{3})(?:-(\d{3}))?$/.exec(part);
    if (!r) return `${show(part)} is not an HTTP code or a range like 200-299`;
    const a = Number(r[1]);
    const b = r[2] === undefined ? a : Number(r[2]);
    for (const c of [a, b]) if (c < MATCHER[0] || c > MATCHER[1]) return `code ${c} is outside ${MATCHER[0]} to ${MATCHER[1]}`;
    if (a > b) return `the range ${part} runs backwards`;
  }
  return null;
}

export function pathProblem(p: string): string | null {
  if (!p.startsWith('/')) return 'it must start with /';
  if (p.length > PATH_MAX) return `it is ${p.length} characters long; at most ${PATH_MAX}`;
  if (!PATH_CHARS.test(p)) {
    const bad = [...p].find((c) => !PATH_CHARS.test(c)) ?? '';
    return `it contains ${show(bad)}, which is not allowed in a URI path`;
  }
  if (/%(?![0-9A-Fa-f]{2})/.test(p)) return 'a % must start a %XX escape';
  return null;
}
