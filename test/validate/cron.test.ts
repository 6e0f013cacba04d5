import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cronProblem } from '../../compiler/validate/cron';
import { timeZoneProblem } from '../../compiler/validate/timezone';

const problem = (e: string): string | null => cronProblem(e)?.message ?? null;

test('Unix cron that Auto Scaling takes', () => {
  for (const ok of ['* * * * *', '0 17 * * FRI', '30 0 1 1,6,12 *', '*/5 9-17 * * 1-5', '0 0 1-31/2 * *', '0 12 * JAN-MAR sun', '0 0 * * 7', '0 0 29 2 *', '  0 9 * * MON  ']) {
    assert.is(problem(ok), null, ok);
  }
});

test('what it rejects, in words', () => {
  assert.is(problem(''), 'it is empty');
  assert.is(problem('0 17 * *'), 'it has 4 fields; Unix cron has 5');
  assert.is(problem('0 0 17 * * FRI'), 'it has 6 fields; Unix cron has 5');
  assert.is(cronProblem('0 0 17 * * FRI')?.hint.endsWith('Auto Scaling takes no seconds or year field.'), true);
  assert.is(problem('60 * * * *'), 'minute field "60": 60 is outside 0 to 59');
  assert.is(problem('0 24 * * *'), 'hour field "24": 24 is outside 0 to 23');
  assert.is(problem('0 0 0 * *'), 'day of month field "0": 0 is outside 1 to 31');
  assert.is(problem('0 0 * 13 *'), 'month field "13": 13 is outside 1 to 12');
  assert.is(problem('0 0 * * 8'), 'day of week field "8": 8 is outside 0 to 7');
  assert.is(problem('0 0 * * FRI-MON'), 'day of week field "FRI-MON": the range FRI-MON runs backwards');
  assert.is(problem('0 0 * * FRIDAY'), 'day of week field "FRIDAY": "FRIDAY" is not a number or one of SUN, MON, TUE, WED, THU, FRI, SAT');
  assert.is(problem('*/0 * * * *'), 'minute field "*/0": step /0 must be 1 to 60');
  assert.is(problem('5/10 * * * *'), 'minute field "5/10": "5/10": a step needs a range or *, e.g. 5-59/10');
  assert.is(problem('0 0 L * *'), 'day of month field "L": "L" is EventBridge syntax; Auto Scaling takes Unix cron');
  assert.is(problem('0 0 * * 5#3'), 'day of week field "5#3": "5#3" is EventBridge syntax; Auto Scaling takes Unix cron');
  assert.is(problem('0 0 1,,2 * *'), 'day of month field "1,,2": an empty list item');
  assert.is(problem('0 0 31 2,4 *'), 'no chosen month has the chosen day of month, so it never runs');
  assert.is(problem('0 0 31 2 MON'), null, 'a day of week widens the match');
  assert.is(problem('0 0 $(reboot) * *'), 'day of month field "$(reboot)": "$(reboot)" is not a value, a range a-b or a step */n');
});

test('time zones: IANA names as written, nothing looser', () => {
  for (const ok of ['UTC', 'Etc/UTC', 'Asia/Seoul', 'Asia/Kolkata', 'America/Argentina/Buenos_Aires', 'Etc/GMT+9']) assert.is(timeZoneProblem(ok), null, ok);
  assert.is(timeZoneProblem('Mars/Olympus')?.message, 'it is not an IANA time zone name');
  assert.is(timeZoneProblem('+09:00')?.message, 'it is not an IANA time zone name');
  assert.is(timeZoneProblem('EST')?.message, 'it is an abbreviation, not an IANA zone name; abbreviations are ambiguous and ignore daylight saving');
  assert.is(timeZoneProblem('utc')?.message, 'the name is case-sensitive; did you mean UTC?');
});

test.run();
