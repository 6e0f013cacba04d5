/**
 * Unix cron expressions as Auto Scaling's scheduled actions take them
 * (`Recurrence`: minute hour day-of-month month day-of-week, five fields,
 * no seconds, no year, none of EventBridge's `?`, `L`, `W` or `#`).
 * https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-scheduled-scaling.html#scheduled-scaling-recurring-schedules
 *
 * Each field is a comma list of `*`, `*\/n`, `a`, `a-b` or `a-b/n`; months
 * and weekdays also by their three-letter English names, day of week 0-7
 * (0 and 7 are Sunday). Returns a problem in words, or null.
 */

interface Field {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
  /** Index of names[0]. */
  nameBase?: number;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

const FIELDS: readonly Field[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS, nameBase: 1 },
  { name: 'day of week', min: 0, max: 7, names: DAYS, nameBase: 0 },
];

/** Days in each month in the longest case (leap years). */
const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export interface CronProblem {
  message: string;
  hint: string;
}

export function cronProblem(expr: string): CronProblem | null {
  const hint = 'Five fields: minute hour day-of-month month day-of-week, e.g. `0 17 * * FRI` (17:00 every Friday) or `30 8 * * 1-5`.';
  const fields = expr.trim().split(/\s+/);
  if (expr.trim() === '') return { message: 'it is empty', hint };
  if (fields.length !== 5) {
    return { message: `it has ${fields.length} field${fields.length === 1 ? '' : 's'}; Unix cron has 5`, hint: fields.length === 6 ? `${hint} Auto Scaling takes no seconds or year field.` : hint };
  }
  const values: Set<number>[] = [];
  for (let i = 0; i < 5; i++) {
    const r = parseField(fields[i], FIELDS[i]);
    if (typeof r === 'string') return { message: `${FIELDS[i].name} field ${JSON.stringify(fields[i])}: ${r}`, hint };
    values.push(r);
  }
  // A day-of-month that no chosen month has (e.g. `0 0 31 2 *`) never fires
  // when the day of week does not widen the match.
  if (fields[4] === '*' && fields[2] !== '*') {
    const possible = [...values[3]].some((m) => [...values[2]].some((d) => d <= MONTH_DAYS[m - 1]));
    if (!possible) return { message: 'no chosen month has the chosen day of month, so it never runs', hint: 'Pick a day every chosen month has, e.g. 1 to 28.' };
  }
  return null;
}

function parseField(text: string, f: Field): Set<number> | string {
  const out = new Set<number>();
  for (const item of text.split(',')) {
    if (item === '') return 'an empty list item';
    if (/^\?$|#|^\d*L$|^\d+W$|^LW$/i.test(item)) return `${JSON.stringify(item)} is EventBridge syntax; Auto Scaling takes Unix cron`;
    const m = /^(\*|[A-Za-z0-9]+(?:-[A-Za-z0-9]+)?)(?:\/(\d+))?$/.exec(item);
    if (!m) return `${JSON.stringify(item)} is not a value, a range a-b or a step */n`;
    let lo = f.min;
    let hi = f.max === 7 ? 6 : f.max;
    if (m[1] !== '*') {
      const [a, b] = m[1].split('-');
      const va = value(a, f);
      if (typeof va === 'string') return va;
      lo = va;
      hi = va;
      if (b !== undefined) {
        const vb = value(b, f);
        if (typeof vb === 'string') return vb;
        hi = vb;
        if (lo > hi) return `the range ${item} runs backwards`;
      } else if (m[2] !== undefined) {
        return `${JSON.stringify(item)}: a step needs a range or *, e.g. ${a}-${f.max}/${m[2]}`;
      }
    }
    if (m[2] !== undefined) {
      const step = Number(m[2]);
      if (step < 1 || step > f.max - f.min + 1) return `step /${m[2]} must be 1 to ${f.max - f.min + 1}`;
      for (let v = lo; v <= hi; v += step) out.add(v);
    } else {
      for (let v = lo; v <= hi; v++) out.add(v);
    }
  }
  return out;
}

function value(text: string, f: Field): number | string {
  if (/^\d+$/.test(text)) {
    const v = Number(text);
    if (v < f.min || v > f.max) return `${text} is outside ${f.min} to ${f.max}`;
    return v;
  }
  const idx = f.names?.indexOf(text.toUpperCase()) ?? -1;
  if (idx < 0) return f.names ? `${JSON.stringify(text)} is not a number or one of ${f.names.join(', ')}` : `${JSON.stringify(text)} is not a number`;
  return idx + (f.nameBase ?? 0);
}
