import { test } from 'uvu';
import { edit, expectLines, expectValid, keyAt } from '../helpers';

const tags = (body: string): string => edit(['network:', `tags:\n${body}\nnetwork:`]);

test('ordinary tags, up to 49', () => {
  expectValid(tags('  team: legal-ml\n  "cost center": research'));
  expectValid(tags(Array.from({ length: 49 }, (_, i) => `  t${i}: v`).join('\n')));
});

test('reserved prefixes and keys', () => {
  let t = tags('  aws:team: x');
  expectLines(t, [`FF295 ${keyAt(t, 'aws:team')} tag key "aws:team" starts with aws:, a prefix AWS reserves for its own tags`]);
  t = tags('  AWS:team: x');
  expectLines(t, [`FF295 ${keyAt(t, 'AWS:team')} tag key "AWS:team" starts with aws:, a prefix AWS reserves for its own tags`]);
  t = tags('  fleetform:fleet: other');
  expectLines(t, [`FF296 ${keyAt(t, 'fleetform:fleet')} tag key "fleetform:fleet" is reserved: Fleetform sets it to the fleet name on every resource`]);
});

test('50 tags leave no room for fleetform:fleet', () => {
  const t = tags(Array.from({ length: 50 }, (_, i) => `  t${i}: v`).join('\n'));
  expectLines(t, [`FF297 ${keyAt(t, 'tags:')} tags has 50 entries; at most 49 (AWS allows 50 per resource and Fleetform adds fleetform:fleet)`]);
});

test.run();
