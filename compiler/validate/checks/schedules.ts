/**
 * Scheduled actions: a one-off time (`at`) or a recurrence (`cron`), never
 * both; at least one of min, desired, max to set (AWS requires one); a time
 * zone and an end time only for a recurrence; real calendar times; a valid
 * Unix cron expression and an IANA time zone. No rule here looks at the
 * clock: `fleetform check` gives the same answer tomorrow.
 * https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_PutScheduledUpdateGroupAction.html
 */
import type { Check } from './check';
import { cronProblem } from '../cron';
import { timeZoneProblem } from '../timezone';
import { at, entries, obj, poolsOf, show, str } from './read';

export const schedules: Check = {
  name: 'schedules',
  codes: {
    FF289: 'a scheduled action has both or neither of cron and at',
    FF290: 'a scheduled action sets none of min, desired, max',
    FF291: 'timezone or end on a one-off (at) scheduled action',
    FF292: 'a scheduled time is not a real date and time',
    FF293: 'a cron expression is not valid Unix cron',
    FF294: 'a time zone is not an IANA time zone name',
  },
  run(ctx) {
    for (const p of poolsOf(ctx.spec)) {
      for (const e of entries(p.value, ['scaling'])) {
        const s = obj(e.value.schedule);
        if (!s) continue;
        const base = [...p.path, 'scaling', e.index, 'schedule'];
        const hasCron = s.cron !== undefined;
        const hasAt = s.at !== undefined;
        if (hasCron && hasAt) {
          ctx.report({ code: 'FF289', path: [...base, 'at'], atKey: true, message: `${at(base)} has both cron and at; a scheduled action either recurs or runs once`, hint: 'Keep `cron` for a recurrence, or `at` for a single time.' });
        } else if (!hasCron && !hasAt) {
          ctx.report({ code: 'FF289', path: base, atKey: true, message: `${at(base)} has neither cron nor at; say when it runs`, hint: 'Add `cron: "0 17 * * FRI"` (with `timezone`) for a recurrence, or `at: 2026-12-24T17:00:00Z` for once.' });
        }
        if (s.min === undefined && s.desired === undefined && s.max === undefined) {
          ctx.report({ code: 'FF290', path: base, atKey: true, message: `${at(base)} sets none of min, desired, max; a scheduled action must change at least one`, hint: 'Add e.g. `min: 2` to keep at least two instances from that time on.' });
        }
        if (hasAt && !hasCron) {
          for (const k of ['timezone', 'end']) {
            if (s[k] === undefined) continue;
            ctx.report({ code: 'FF291', path: [...base, k], atKey: true, message: `${at([...base, k])} is set on a one-off action (at); it applies only to a cron recurrence`, hint: k === 'timezone' ? '`at` is always UTC: write the time in UTC and remove timezone.' : 'A one-off action has no end: remove it.' });
          }
        }
        for (const k of ['at', 'end']) {
          const v = str(s[k]);
          if (v !== undefined && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(v) && !realTime(v)) {
            ctx.report({ code: 'FF292', path: [...base, k], message: `${at([...base, k])} is ${show(v)}, which is not a real date and time`, hint: 'Check the month (01-12), the day of that month, hours 00-23 and minutes and seconds 00-59.' });
          }
        }
        const cron = str(s.cron);
        if (cron !== undefined) {
          const problem = cronProblem(cron);
          if (problem) ctx.report({ code: 'FF293', path: [...base, 'cron'], message: `${at([...base, 'cron'])} is ${show(cron)}; ${problem.message}`, hint: problem.hint });
        }
        const tz = str(s.timezone);
        if (tz !== undefined) {
          const problem = timeZoneProblem(tz);
          if (problem) ctx.report({ code: 'FF294', path: [...base, 'timezone'], message: `${at([...base, 'timezone'])} is ${show(tz)}; ${problem.message}`, hint: problem.hint });
        }
      }
    }
  },
};

/** `2026-02-30T00:00:00Z` parses in JS by rolling over; a round trip catches it. */
function realTime(v: string): boolean {
  const d = new Date(v);
  return !Number.isNaN(d.getTime()) && d.toISOString().replace('.000Z', 'Z') === v;
}
