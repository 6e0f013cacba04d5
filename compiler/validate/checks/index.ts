/**
 * Every semantic check, in the order they run. One file per check; its tests
 * live in test/validate/checks/<name>.test.ts.
 */
import type { Check } from './check';
import { accessLogs } from './access-logs';
import { alarmData } from './alarm-data';
import { algorithm } from './algorithm';
import { awsNames } from './aws-names';
import { capacity } from './capacity';
import { cidrs } from './cidrs';
import { envRefs } from './env-refs';
import { healthCheck } from './health-check';
import { hostileStrings } from './hostile-strings';
import { listeners } from './listeners';
import { monitoringMetrics } from './monitoring-metrics';
import { monitoringNames } from './monitoring-names';
import { monitoringNotify } from './monitoring-notify';
import { monitoringPeriods } from './monitoring-periods';
import { network } from './network';
import { portChain } from './port-chain';
import { predictiveLoad } from './predictive-load';
import { quotas } from './quotas';
import { references } from './references';
import { routing } from './routing';
import { s3Buckets } from './s3-buckets';
import { scaling } from './scaling';
import { schedules } from './schedules';
import { staticIps } from './static-ips';
import { tags } from './tags';
import { tunnels } from './tunnels';
import { uniqueNames } from './unique-names';
import { zones } from './zones';

export const ALL_CHECKS: readonly Check[] = [
  uniqueNames,
  references,
  zones,
  network,
  cidrs,
  tunnels,
  portChain,
  awsNames,
  staticIps,
  healthCheck,
  algorithm,
  listeners,
  routing,
  capacity,
  scaling,
  alarmData,
  predictiveLoad,
  schedules,
  tags,
  hostileStrings,
  accessLogs,
  envRefs,
  s3Buckets,
  monitoringNotify,
  monitoringPeriods,
  monitoringMetrics,
  monitoringNames,
  quotas,
];
