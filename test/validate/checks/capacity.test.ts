import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { diagnostics, edit, expectLines, expectValid, onlyHint, valueAt } from '../helpers';

const cap = (c: string): string => edit(['capacity: { min: 0, desired: 1, max: 4 }', `capacity: { ${c} }`]);

test('ordered capacities are valid, desired optional', () => {
  expectValid(cap('min: 2, max: 2'));
  expectValid(cap('min: 0, desired: 4, max: 4'));
});

test('min above max, desired outside', () => {
  let t = cap('min: 5, max: 4');
  expectLines(t, [`FF279 ${valueAt(t, 'min: 5')} pools[0].capacity.min is 5, greater than max (4); capacity must be min <= desired <= max`]);
  assert.is(onlyHint(t), 'Raise max to at least 5, or lower the others.');
  t = cap('min: 0, desired: 5, max: 4');
  expectLines(t, [`FF279 ${valueAt(t, 'desired: 5')} pools[0].capacity.desired is 5, greater than max (4); capacity must be min <= desired <= max`]);
  t = cap('min: 2, desired: 1, max: 4');
  expectLines(t, [`FF279 ${valueAt(t, 'desired: 1')} pools[0].capacity.desired is 1, less than min (2); capacity must be min <= desired <= max`]);
});

test('a scheduled action contradicting itself', () => {
  const t = edit(['timezone: Asia/Seoul, min: 2 }', 'timezone: Asia/Seoul, min: 3, max: 2 }']);
  expectLines(t, [`FF280 ${valueAt(t, 'min: 3')} pools[0].scaling[2].schedule.min is 3, greater than max (2); capacity must be min <= desired <= max`]);
});

test('a pool with max 0 backing a service is a warning', () => {
  const t = cap('min: 0, max: 0');
  assert.equal(diagnostics(t).map((d) => `${d.code} ${d.severity} ${d.span.start.line}:${d.span.start.col} ${d.message}`), [`FF281 warning ${valueAt(t, 'max: 0')} pools[0].capacity.max is 0, but pool "burst" backs a service; it will never run an instance`]);
});

test.run();
