import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { edit, expectLines, expectValid, keyAt, onlyHint, valueAt } from '../helpers';

const sched = (s: string): string => edit(['{ cron: "0 17 * * FRI", timezone: Asia/Seoul, min: 2 }', `{ ${s} }`]);

test('recurring and one-off actions', () => {
  expectValid(sched('cron: "*/15 8-18 * 1,6,12 MON-FRI", timezone: Europe/Berlin, desired: 2, end: 2027-01-01T00:00:00Z'));
  expectValid(sched('at: 2028-02-29T12:00:00Z, max: 1'));
  expectValid(sched('cron: "0 0 29 2 *", timezone: Asia/Kolkata, min: 1'));
});

test('both or neither of cron and at', () => {
  let t = sched('cron: "0 17 * * FRI", at: 2026-12-24T17:00:00Z, min: 2');
  expectLines(t, [`FF289 ${keyAt(t, 'at: 2026')} pools[0].scaling[2].schedule has both cron and at; a scheduled action either recurs or runs once`]);
  t = sched('min: 2');
  expectLines(t, [`FF289 ${keyAt(t, 'schedule: { min: 2 }')} pools[0].scaling[2].schedule has neither cron nor at; say when it runs`]);
});

test('nothing to set', () => {
  const t = sched('cron: "0 17 * * FRI"');
  expectLines(t, [`FF290 ${keyAt(t, 'schedule: { cron')} pools[0].scaling[2].schedule sets none of min, desired, max; a scheduled action must change at least one`]);
});

test('timezone and end only with cron', () => {
  const t = sched('at: 2026-12-24T17:00:00Z, timezone: Asia/Seoul, end: 2027-01-01T00:00:00Z, min: 1');
  expectLines(t, [
    `FF291 ${keyAt(t, 'timezone: Asia/Seoul, end')} pools[0].scaling[2].schedule.timezone is set on a one-off action (at); it applies only to a cron recurrence`,
    `FF291 ${keyAt(t, 'end: 2027')} pools[0].scaling[2].schedule.end is set on a one-off action (at); it applies only to a cron recurrence`,
  ]);
});

test('dates that do not exist', () => {
  const t = sched('at: 2026-02-29T17:00:00Z, min: 1');
  expectLines(t, [`FF292 ${valueAt(t, 'at: 2026-02-29T17:00:00Z')} pools[0].scaling[2].schedule.at is "2026-02-29T17:00:00Z", which is not a real date and time`]);
  const u = sched('at: 2026-12-24T24:00:00Z, min: 1');
  expectLines(u, [`FF292 ${valueAt(u, 'at: 2026-12-24T24:00:00Z')} pools[0].scaling[2].schedule.at is "2026-12-24T24:00:00Z", which is not a real date and time`]);
});

test('invalid cron and time zones', () => {
  let t = sched('cron: "0 17 * * FRI *", min: 1');
  expectLines(t, [`FF293 ${valueAt(t, 'cron: "0 17 * * FRI *"')} pools[0].scaling[2].schedule.cron is "0 17 * * FRI *"; it has 6 fields; Unix cron has 5`]);
  t = sched('cron: "0 17 ? * FRI", min: 1');
  expectLines(t, [`FF293 ${valueAt(t, 'cron: "0 17 ? * FRI"')} pools[0].scaling[2].schedule.cron is "0 17 ? * FRI"; day of month field "?": "?" is EventBridge syntax; Auto Scaling takes Unix cron`]);
  t = sched('cron: "0 17 * * FRI", timezone: Asia/Seol, min: 1');
  expectLines(t, [`FF294 ${valueAt(t, 'timezone: Asia/Seol')} pools[0].scaling[2].schedule.timezone is "Asia/Seol"; it is not an IANA time zone name`]);
  assert.is(onlyHint(t), 'Did you mean `Asia/Seoul` or `Asia/Oral`?');
  t = sched('cron: "0 17 * * FRI", timezone: KST, min: 1');
  expectLines(t, [`FF294 ${valueAt(t, 'timezone: KST')} pools[0].scaling[2].schedule.timezone is "KST"; it is not an IANA time zone name`]);
  t = sched('cron: "0 17 * * FRI", timezone: asia/seoul, min: 1');
  expectLines(t, [`FF294 ${valueAt(t, 'timezone: asia/seoul')} pools[0].scaling[2].schedule.timezone is "asia/seoul"; the name is case-sensitive; did you mean Asia/Seoul?`]);
  t = sched('cron: "0 17 * * FRI", timezone: EST, min: 1');
  expectLines(t, [`FF294 ${valueAt(t, 'timezone: EST')} pools[0].scaling[2].schedule.timezone is "EST"; it is an abbreviation, not an IANA zone name; abbreviations are ambiguous and ignore daylight saving`]);
});

test.run();
