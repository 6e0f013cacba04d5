/**
 * Fleet tags become the AWS provider's default tags on every resource. AWS
 * reserves the `aws:` prefix, allows 50 tags per resource, and Fleetform
 * adds `fleetform:fleet` itself, so users get 49 and may not set that key.
 * https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html#tag-conventions
 */
import type { Check } from './check';
import { obj, show } from './read';

const AWS_TAGS_MAX = 50;
const RESERVED = 'fleetform:fleet';

export const tags: Check = {
  name: 'tags',
  codes: {
    FF295: 'a tag key starts with aws:, which AWS reserves',
    FF296: 'the tag key fleetform:fleet is reserved for Fleetform',
    FF297: 'more than 49 tags (AWS allows 50 per resource; Fleetform adds one)',
  },
  run(ctx) {
    const t = obj(ctx.spec.tags);
    if (!t) return;
    for (const key of Object.keys(t)) {
      if (key.toLowerCase().startsWith('aws:')) {
        ctx.report({ code: 'FF295', path: ['tags', key], atKey: true, message: `tag key ${show(key)} starts with aws:, a prefix AWS reserves for its own tags`, hint: 'Use another prefix, e.g. your team or company name.' });
      } else if (key === RESERVED) {
        ctx.report({ code: 'FF296', path: ['tags', key], atKey: true, message: `tag key ${show(key)} is reserved: Fleetform sets it to the fleet name on every resource`, hint: 'Remove it; the fleet name is tagged already.' });
      }
    }
    const count = Object.keys(t).length;
    if (count > AWS_TAGS_MAX - 1) {
      ctx.report({ code: 'FF297', path: ['tags'], atKey: true, message: `tags has ${count} entries; at most ${AWS_TAGS_MAX - 1} (AWS allows ${AWS_TAGS_MAX} per resource and Fleetform adds ${RESERVED})`, hint: `Remove ${count - (AWS_TAGS_MAX - 1)} tag${count - (AWS_TAGS_MAX - 1) === 1 ? '' : 's'}.` });
    }
  },
};
