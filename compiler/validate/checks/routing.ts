/**
 * Listener rules for services behind one ALB. Each routed service becomes
 * one rule on every forwarding listener: conditions on paths and/or hosts,
 * a priority unique per listener (explicit, or 10, 20, ... in order of the
 * routed services without one, as lowering assigns them). At most one
 * service goes without routing: it is the listeners' default action.
 * AWS limits: priority 1-50000; patterns up to 128 characters of a fixed
 * alphabet; 5 condition values and 5 wildcards per rule; 100 rules per ALB.
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/rule-condition-types.html
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html
 */
import type { PathSegment } from '../../diagnostics/diagnostic';
import type { Check } from './check';
import { DEFAULTS } from '../../lower/defaults';
import { at, int, list, listenersOf, obj, servicesOf, show } from './read';

const PRIORITY = [1, 50000] as const;
const PATTERN_MAX = 128;
const PATH_CHARS = /^[A-Za-z0-9_\-.$/~"'@:+&*?]+$/;
const HOST_CHARS = /^[A-Za-z0-9\-.*?]+$/;
const VALUES_PER_RULE = 5;
const WILDCARDS_PER_RULE = 5;
const RULES_PER_ALB = 100;

export const routing: Check = {
  name: 'routing',
  codes: {
    FF271: 'more than one service without routing (only one can be the default)',
    FF272: 'a service\'s routing has neither paths nor hosts',
    FF273: 'routing.priority is not 1 to 50000',
    FF274: 'two services get the same rule priority',
    FF275: 'a path pattern is longer than 128 characters or has characters AWS rejects',
    FF276: 'a host pattern is longer than 128 characters or is not a host name pattern',
    FF277: 'a rule has more than 5 condition values or 5 wildcards',
    FF278: 'more listener rules than the default quota per ALB (100, adjustable; warning)',
  },
  run(ctx) {
    const services = servicesOf(ctx.spec);
    const defaults = services.filter((s) => s.value.routing === undefined);
    for (const extra of defaults.slice(1)) {
      ctx.report({
        code: 'FF271',
        path: extra.path,
        message: `${at(extra.path)} (${show(extra.value.name)}) has no routing, and neither has ${at(defaults[0].path)} (${show(defaults[0].value.name)}); only one service can take the requests no rule matches`,
        hint: 'Add `routing: { paths: [...] }` or `routing: { hosts: [...] }` to all services but the default one.',
      });
    }

    let next = 0;
    const byPriority = new Map<number, { path: PathSegment[]; derived: boolean }>();
    let routed = 0;
    for (const s of services) {
      const r = obj(s.value.routing);
      if (!r) continue;
      routed++;
      const base = [...s.path, 'routing'];
      const paths = list(r.paths);
      const hosts = list(r.hosts);
      if (r.paths === undefined && r.hosts === undefined) {
        ctx.report({ code: 'FF272', path: base, atKey: true, message: `${at(base)} has neither paths nor hosts; a rule needs at least one condition`, hint: 'Add `paths: [/v1/chat/*]` or `hosts: [chat.example.com]`, or remove routing to make this the default service.' });
      }
      paths.forEach((p, i) => {
        if (typeof p !== 'string') return;
        const problem = p.length === 0 ? 'it is empty' : p.length > PATTERN_MAX ? `it is ${p.length} characters long; at most ${PATTERN_MAX}` : !PATH_CHARS.test(p) ? `it contains ${show([...p].find((c) => !PATH_CHARS.test(c)))}; allowed are letters, digits, _ - . $ / ~ " ' @ : + & and the wildcards * ?` : null;
        if (problem) ctx.report({ code: 'FF275', path: [...base, 'paths', i], message: `${at([...base, 'paths', i])} is ${show(p.length > 60 ? `${p.slice(0, 57)}...` : p)}; ${problem}`, hint: 'Path patterns are case-sensitive, e.g. /v1/chat/*; percent-encode other characters.' });
      });
      hosts.forEach((h, i) => {
        if (typeof h !== 'string') return;
        const problem = hostProblem(h);
        if (problem) ctx.report({ code: 'FF276', path: [...base, 'hosts', i], message: `${at([...base, 'hosts', i])} is ${show(h.length > 60 ? `${h.slice(0, 57)}...` : h)}; ${problem}`, hint: 'Write a host name such as chat.example.com or *.example.com.' });
      });
      const strings = [...paths, ...hosts].filter((x): x is string => typeof x === 'string');
      const wildcards = strings.join('').replace(/[^*?]/g, '').length;
      if (strings.length > VALUES_PER_RULE || wildcards > WILDCARDS_PER_RULE) {
        ctx.report({
          code: 'FF277',
          path: base,
          atKey: true,
          message: strings.length > VALUES_PER_RULE
            ? `${at(base)} has ${strings.length} paths and hosts; a listener rule takes at most ${VALUES_PER_RULE} condition values`
            : `${at(base)} uses ${wildcards} wildcards (* and ?); a listener rule takes at most ${WILDCARDS_PER_RULE}`,
          hint: 'Use broader patterns (e.g. /v1/* instead of each path), or split the service.',
        });
      }
      const explicit = int(r.priority);
      if (explicit !== undefined && (explicit < PRIORITY[0] || explicit > PRIORITY[1])) {
        ctx.report({ code: 'FF273', path: [...base, 'priority'], message: `${at([...base, 'priority'])} is ${explicit}; must be ${PRIORITY[0]} to ${PRIORITY[1]}`, hint: 'Lower numbers are evaluated first; omit it to get 10, 20, ... in order of services.' });
        continue;
      }
      if (r.priority !== undefined && explicit === undefined) continue; // malformed: the schema reports it
      const derived = explicit === undefined;
      const priority = explicit ?? (next += DEFAULTS.rulePriorityStep);
      const first = byPriority.get(priority);
      if (first) {
        // Point at an explicit priority: that is what the user can change.
        const path = derived ? first.path : [...base, 'priority'];
        const other = derived ? s.path : first.path;
        const otherGets = derived || first.derived ? 'gets by default (10, 20, ... in order of the routed services without a priority)' : 'has too';
        ctx.report({
          code: 'FF274',
          path,
          message: `${at(path)} is ${priority}, which ${at(other.slice(0, 2))} ${otherGets}; rule priorities must be unique`,
          hint: 'Choose a priority no other service uses, or give every routed service an explicit priority.',
        });
      } else byPriority.set(priority, { path: derived ? s.path : [...base, 'priority'], derived });
    }

    const forwarding = listenersOf(ctx.spec).filter((l) => l.value.redirect_to === undefined).length;
    if (routed * forwarding > RULES_PER_ALB) {
      // An adjustable quota (Elastic Load Balancing, "Rules per Application
      // Load Balancer", default rules not counted): a warning (quotas.ts).
      ctx.report({
        code: 'FF278',
        severity: 'warning',
        path: ['services'],
        atKey: true,
        message: `${routed} routed services on ${forwarding} forwarding listeners make ${routed * forwarding} listener rules; the default quota is ${RULES_PER_ALB} rules per Application Load Balancer`,
        hint: 'Request an increase in the Service Quotas console before applying (Elastic Load Balancing, "Rules per Application Load Balancer"), or use fewer forwarding listeners (redirect HTTP to HTTPS), or fewer routed services.',
      });
    }
  },
};

export function hostProblem(h: string): string | null {
  if (h.length === 0) return 'it is empty';
  if (h.length > PATTERN_MAX) return `it is ${h.length} characters long; at most ${PATTERN_MAX}`;
  if (!HOST_CHARS.test(h)) return `it contains ${show([...h].find((c) => !HOST_CHARS.test(c)))}; allowed are letters, digits, - . and the wildcards * ?`;
  // "You must include at least one "." character. You can include only
  // alphabetical characters after the final "." character."
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_HostHeaderConditionConfig.html
  if (!h.includes('.')) return 'a host pattern must contain at least one "."';
  if (!/\.[A-Za-z*?]+$/.test(h)) return 'only letters (or wildcards) may follow the final "."';
  return null;
}

