/**
 * Pool capacity: min <= desired <= max, as AWS requires of an Auto Scaling
 * group and of each scheduled action's own values. A pool that backs a
 * service with max 0 never serves: a warning, since parking a pool at zero
 * can be deliberate.
 * https://docs.aws.amazon.com/autoscaling/ec2/userguide/asg-capacity-limits.html
 * https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_PutScheduledUpdateGroupAction.html
 */
import type { PathSegment } from '../../diagnostics/diagnostic';
import type { Check, CheckContext } from './check';
import { at, entries, int, obj, poolsOf, servicePoolNames, servicesOf, show, str } from './read';

export const capacity: Check = {
  name: 'capacity',
  codes: {
    FF279: 'pool capacity is not min <= desired <= max',
    FF280: 'a scheduled action\'s min, desired and max contradict each other',
    FF281: 'a pool that backs a service has max 0 (warning)',
  },
  run(ctx) {
    const backing = new Set(servicesOf(ctx.spec).flatMap((s) => servicePoolNames(s.value)));
    for (const p of poolsOf(ctx.spec)) {
      const c = obj(p.value.capacity);
      if (c) {
        const base = [...p.path, 'capacity'];
        order(ctx, 'FF279', base, int(c.min), int(c.desired), int(c.max));
        const name = str(p.value.name);
        if (int(c.max) === 0 && name !== undefined && backing.has(name)) {
          ctx.report({ code: 'FF281', severity: 'warning', path: [...base, 'max'], message: `${at([...base, 'max'])} is 0, but pool ${show(name)} backs a service; it will never run an instance`, hint: 'Raise max (scaling policies can then add instances), or remove the pool from the service while it is parked.' });
        }
      }
      for (const e of entries(p.value, ['scaling'])) {
        const s = obj(e.value.schedule);
        if (s) order(ctx, 'FF280', [...p.path, 'scaling', e.index, 'schedule'], int(s.min), int(s.desired), int(s.max));
      }
    }
  },
};

/** Reports the first broken link of min <= desired <= max among the values given. */
function order(ctx: CheckContext, code: string, base: PathSegment[], min?: number, desired?: number, max?: number): void {
  const report = (key: string, v: number, rel: string, otherKey: string, other: number): void =>
    ctx.report({
      code,
      path: [...base, key],
      message: `${at([...base, key])} is ${v}, ${rel} ${otherKey} (${other}); capacity must be min <= desired <= max`,
      hint: key === 'max' || otherKey === 'max' ? `Raise max to at least ${Math.max(min ?? 0, desired ?? 0)}, or lower the others.` : `Make desired at least min.`,
    });
  if (min !== undefined && max !== undefined && min > max) return report('min', min, 'greater than', 'max', max);
  if (desired !== undefined && max !== undefined && desired > max) return report('desired', desired, 'greater than', 'max', max);
  if (desired !== undefined && min !== undefined && desired < min) return report('desired', desired, 'less than', 'min', min);
}
