/**
 * Predictive scaling on a service's request count must count this pool's
 * load alone. The predefined `ALBRequestCount` pair forecasts the target
 * group's whole request count and sizes the group as forecast / target per
 * instance; when the target group also holds the fixed hosts' proxies (or
 * another pool's instances), the pool is sized to carry their share too.
 * https://docs.aws.amazon.com/autoscaling/ec2/userguide/predictive-scaling-policy-overview.html
 * https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_PredictiveScalingPredefinedMetricPair.html
 *
 * Target tracking on `requests_per_target` stays allowed on a shared target
 * group: `ALBRequestCountPerTarget` is the average over every target of the
 * service, so the pool grows until every backend, host or pool instance,
 * carries the target (what "40 requests per target" means to the user).
 * Auto Scaling's proportional step assumes every target is the pool's, so
 * it converges in a few steps and scales in conservatively; the reference
 * (docs/terraform.md) says so. Sending part of the traffic to a service of
 * the pool's own (its own target group, one per service) would make the
 * split between hosts and pool a fixed listener weight instead of the
 * routing algorithm's choice, so Fleetform does not do it behind the user's back.
 */
import type { Check } from './check';
import { andList, at, entries, obj, poolsOf, servicePoolNames, serviceHostNames, servicesOf, show, str } from './read';

export const predictiveLoad: Check = {
  name: 'predictive-load',
  codes: {
    FF602: "predictive scaling on requests_per_target of a service whose target group also holds other backends",
  },
  run(ctx) {
    const services = servicesOf(ctx.spec);
    for (const p of poolsOf(ctx.spec)) {
      const pool = str(p.value.name);
      if (pool === undefined) continue;
      for (const e of entries(p.value, ['scaling'])) {
        const pr = obj(e.value.predictive);
        const service = str(pr?.service);
        if (!pr || pr.metric !== 'requests_per_target' || service === undefined) continue;
        const s = services.find((x) => x.value.name === service);
        if (!s) continue; // unknown service: the references check reports it
        const pools = servicePoolNames(s.value);
        if (!pools.includes(pool)) continue; // FF214 explains it
        const others = [...serviceHostNames(ctx.spec, s.value).map((h) => `host ${show(h)}`), ...pools.filter((x) => x !== pool).map((x) => `pool ${show(x)}`)];
        if (others.length === 0) continue;
        const path = [...p.path, 'scaling', e.index, 'predictive', 'service'];
        ctx.report({
          code: 'FF602',
          path,
          message: `${at(path)} is ${show(service)}, whose target group also holds ${andList(others)}; predictive scaling forecasts the group's whole request count and divides it by the target per instance, so pool ${show(pool)} would be sized to carry their share too`,
          hint: 'Predict on cpu or network_in (this pool\'s own instances), or count a service that this pool alone backs. Target tracking on requests_per_target may stay: it tracks the average per target.',
        });
      }
    }
  },
};
