/**
 * Scaling alarms whose period the data cannot fill. EC2 publishes an
 * instance's CPU and network metrics every 5 minutes with basic monitoring
 * and every minute with detailed monitoring; ALB metrics come every minute.
 * A shorter period leaves most periods without a datapoint, so the alarm
 * acts on a fraction of the data or flaps to INSUFFICIENT_DATA. Fleetform
 * turns detailed monitoring on where an alarm needs it
 * (compiler/lower/detailed-monitoring.ts); these warnings cover what is
 * left: `detailed_monitoring: false`, and sub-minute periods, which only a
 * high-resolution custom metric can fill.
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/manage-detailed-monitoring.html
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarm-evaluation
 */
import type { PathSegment } from '../../diagnostics/diagnostic';
import { DEFAULTS } from '../../lower/defaults';
import { BASIC_MONITORING_PERIOD, DETAILED_MONITORING_PERIOD, EC2_METRICS } from '../../lower/detailed-monitoring';
import type { Check } from './check';
import { at, entries, int, obj, poolsOf, str } from './read';

const SUB_MINUTE_PERIODS = [10, 20, 30];

export const alarmData: Check = {
  name: 'alarm-data',
  codes: {
    FF601: 'a scaling alarm period shorter than its metric is published (warning)',
  },
  run(ctx) {
    for (const p of poolsOf(ctx.spec)) {
      const basic = p.value.detailed_monitoring === false;
      for (const e of entries(p.value, ['scaling'])) {
        for (const kind of ['step', 'simple'] as const) {
          const alarm = obj(obj(e.value[kind])?.alarm);
          const metric = str(alarm?.metric);
          if (!alarm || metric === undefined) continue;
          const base: PathSegment[] = [...p.path, 'scaling', e.index, kind, 'alarm'];
          const own = int(alarm.period);
          const period = own ?? DEFAULTS.alarmPeriod;
          const path = own !== undefined ? [...base, 'period'] : base;
          const what = own !== undefined ? `${at(path)} is ${period}` : `${at(base)} has the default period of ${period} s`;
          const ec2 = EC2_METRICS.includes(metric);
          // A period CloudWatch rejects outright is the scaling check's (FF287).
          if (!SUB_MINUTE_PERIODS.includes(period) && period % 60 !== 0) continue;
          if ((ec2 || metric === 'requests_per_target') && period < DETAILED_MONITORING_PERIOD) {
            ctx.report({
              code: 'FF601',
              severity: 'warning',
              path,
              message: `${what}, but ${metric} is published at most every ${DETAILED_MONITORING_PERIOD} s (${ec2 ? 'EC2 detailed monitoring' : 'ALB metrics'}); most periods would hold no datapoint`,
              hint: `Use period: ${DETAILED_MONITORING_PERIOD} or longer; periods under a minute need a high-resolution custom metric.`,
            });
          } else if (ec2 && basic && period < BASIC_MONITORING_PERIOD) {
            ctx.report({
              code: 'FF601',
              severity: 'warning',
              path,
              message: `${what}, but ${at(p.path)} has detailed_monitoring: false, so its instances publish ${metric} every ${BASIC_MONITORING_PERIOD} s; most periods would hold no datapoint`,
              hint: `Use period: ${BASIC_MONITORING_PERIOD} or a multiple of it, or remove detailed_monitoring: false (1-minute metrics, charged per metric).`,
            });
          }
        }
      }
    }
  },
};
