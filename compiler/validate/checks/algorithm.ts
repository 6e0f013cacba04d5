/**
 * Target group attributes that depend on each other or have AWS ranges:
 * slow start (0, or 30-900 s; not with least outstanding requests or
 * weighted random), anomaly mitigation (weighted random only), stickiness
 * (1 s to 7 days; an app cookie needs its name, which must not use the
 * load balancer's reserved prefixes), deregistration delay (0-3600 s).
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/edit-target-group-attributes.html
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/sticky-sessions.html
 */
import type { Check } from './check';
import { at, int, obj, servicesOf, show, str } from './read';

const SLOW_START = [30, 900] as const;
const STICKINESS = [1, 604800] as const;
const DEREGISTRATION = [0, 3600] as const;
// "AWSALB, AWSALBAPP, and AWSALBTG are reserved for use by the load balancer."
const RESERVED_COOKIE = /^AWSALB/;
/** An HTTP cookie name is an RFC 6265 token: visible ASCII without separators. */
const COOKIE_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export const algorithm: Check = {
  name: 'algorithm',
  codes: {
    FF260: 'slow_start is not 0 or 30 to 900 seconds',
    FF261: 'slow_start is set with an algorithm that does not support it',
    FF262: 'anomaly_mitigation without the weighted_random algorithm',
    FF263: 'stickiness.duration is not 1 to 604800 seconds',
    FF264: 'stickiness.cookie is missing for app_cookie, set for lb_cookie, reserved or not a cookie name',
    FF265: 'deregistration_delay is not 0 to 3600 seconds',
  },
  run(ctx) {
    for (const s of servicesOf(ctx.spec)) {
      const v = s.value;
      const algo = str(v.algorithm) ?? 'round_robin';
      const slow = int(v.slow_start);
      if (slow !== undefined && slow !== 0 && (slow < SLOW_START[0] || slow > SLOW_START[1])) {
        ctx.report({ code: 'FF260', path: [...s.path, 'slow_start'], message: `${at([...s.path, 'slow_start'])} is ${slow}; must be 0 (off) or ${SLOW_START[0]} to ${SLOW_START[1]} seconds`, hint: 'Give new backends 30 s to 15 min to warm up, or 0 to send them a full share at once.' });
      } else if (slow !== undefined && slow !== 0 && (algo === 'least_outstanding_requests' || algo === 'weighted_random')) {
        // "You cannot enable both least outstanding requests and slow start
        // mode"; weighted random "does not support slow start mode" either.
        // https://docs.aws.amazon.com/elasticloadbalancing/latest/application/edit-target-group-attributes.html#modify-routing-algorithm
        ctx.report({ code: 'FF261', path: [...s.path, 'slow_start'], message: `${at([...s.path, 'slow_start'])} is ${slow}, but the algorithm is ${algo}; AWS supports slow start only with round_robin`, hint: 'Remove slow_start (or set 0), or use `algorithm: round_robin`.' });
      }
      if (v.anomaly_mitigation === true && algo !== 'weighted_random') {
        ctx.report({ code: 'FF262', path: [...s.path, 'anomaly_mitigation'], message: `${at([...s.path, 'anomaly_mitigation'])} is true, but the algorithm is ${algo}${v.algorithm === undefined ? ' (the default)' : ''}; anomaly mitigation works only with weighted_random`, hint: 'Set `algorithm: weighted_random`, or remove anomaly_mitigation.' });
      }
      const st = obj(v.stickiness);
      if (st) {
        const base = [...s.path, 'stickiness'];
        const duration = int(st.duration);
        if (duration !== undefined && (duration < STICKINESS[0] || duration > STICKINESS[1])) {
          ctx.report({ code: 'FF263', path: [...base, 'duration'], message: `${at([...base, 'duration'])} is ${duration}; must be ${STICKINESS[0]} to ${STICKINESS[1]} seconds (7 days)`, hint: 'How long a client sticks to one backend; the default is 86400 (1 day).' });
        }
        const type = st.type ?? 'lb_cookie';
        const cookie = str(st.cookie);
        if (type === 'app_cookie' && st.cookie === undefined) {
          ctx.report({ code: 'FF264', path: base, atKey: true, message: `${at(base)} has type app_cookie but no cookie; name the application's cookie`, hint: 'Add `cookie: <your session cookie name>`, or use `type: lb_cookie` to let the load balancer set its own.' });
        } else if (type === 'lb_cookie' && st.cookie !== undefined) {
          ctx.report({ code: 'FF264', path: [...base, 'cookie'], atKey: true, message: `${at([...base, 'cookie'])} is set, but the type is lb_cookie${st.type === undefined ? ' (the default)' : ''}; the load balancer names its own cookie`, hint: 'Set `type: app_cookie` to stick on your application\'s cookie, or remove `cookie`.' });
        } else if (type === 'app_cookie' && cookie !== undefined) {
          if (RESERVED_COOKIE.test(cookie)) {
            ctx.report({ code: 'FF264', path: [...base, 'cookie'], message: `${at([...base, 'cookie'])} is ${show(cookie)}; names starting with AWSALB (AWSALB, AWSALBAPP, AWSALBTG) are reserved for the load balancer`, hint: 'Use your application\'s own session cookie name.' });
          } else if (!COOKIE_TOKEN.test(cookie)) {
            ctx.report({ code: 'FF264', path: [...base, 'cookie'], message: `${at([...base, 'cookie'])} is ${show(cookie)}, which is not a cookie name (letters, digits and !#$%&'*+-.^_\`|~, no spaces or separators)`, hint: 'Use the exact name your application sets in Set-Cookie.' });
          }
        }
      }
      const dereg = int(v.deregistration_delay);
      if (dereg !== undefined && (dereg < DEREGISTRATION[0] || dereg > DEREGISTRATION[1])) {
        ctx.report({ code: 'FF265', path: [...s.path, 'deregistration_delay'], message: `${at([...s.path, 'deregistration_delay'])} is ${dereg}; must be ${DEREGISTRATION[0]} to ${DEREGISTRATION[1]} seconds`, hint: 'Seconds for in-flight requests to finish; long LLM generations may need a few minutes.' });
      }
    }
  },
};
