/**
 * IANA time zone names as Auto Scaling takes them for scheduled actions
 * ("the canonical names of the IANA time zones ... such as Etc/GMT+9 or
 * Pacific/Tahiti").
 * https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_PutScheduledUpdateGroupAction.html
 *
 * Node's ICU knows the IANA database, so `Intl.DateTimeFormat` decides
 * whether a zone exists. ICU is lenient where AWS is not: it matches names
 * case-insensitively and accepts legacy abbreviations (`EST`), so those are
 * rejected here. Links such as Asia/Kolkata (ICU reports Asia/Calcutta) are
 * accepted as written, since both names are in the IANA database.
 */
import { didYouMean } from './suggest';

export interface ZoneProblem {
  message: string;
  hint: string;
}

let known: string[] | undefined;
function knownZones(): string[] {
  // supportedValuesOf exists from Node 18; fall back to no suggestions.
  const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
  return (known ??= [...(intl.supportedValuesOf?.('timeZone') ?? []), 'UTC']);
}

/** IANA names are far shorter (the schema caps the field at 64). */
const MAX_ZONE_LENGTH = 64;

export function timeZoneProblem(zone: string): ZoneProblem | null {
  if (zone.length > MAX_ZONE_LENGTH) return { message: `it is ${zone.length} characters long; IANA time zone names are at most ${MAX_ZONE_LENGTH}`, hint: 'Use an IANA name such as Asia/Seoul, Europe/Berlin or UTC.' };
  let resolved: string | undefined;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    resolved = undefined;
  }
  if (resolved === undefined || !/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(zone)) {
    const dym = didYouMean(zone, knownZones());
    return { message: 'it is not an IANA time zone name', hint: dym ? `${dym.charAt(0).toUpperCase()}${dym.slice(1)}` : 'Use an IANA name such as Asia/Seoul, Europe/Berlin or UTC.' };
  }
  if (resolved.toLowerCase() === zone.toLowerCase() && resolved !== zone) {
    return { message: `the name is case-sensitive; did you mean ${resolved}?`, hint: `Write ${resolved}.` };
  }
  if (!zone.includes('/') && zone !== 'UTC' && zone !== 'GMT') {
    return { message: 'it is an abbreviation, not an IANA zone name; abbreviations are ambiguous and ignore daylight saving', hint: `Use a region name such as ${resolved.includes('/') ? resolved : 'America/New_York'}.` };
  }
  return null;
}
