import { tzlib_get_ical_block, tzlib_get_timezones } from 'timezones-ical-library';

const known = new Set(tzlib_get_timezones() as string[]);
// A feed asks once per booking; zone rules change only with a new version of the library.
const found = new Map<string, Vtimezone | undefined>();

export interface Vtimezone {
  /** The zone's name as the VTIMEZONE spells it (aliases resolve: `UTC` is `Etc/UTC`). */
  tzid: string;
  /** The VTIMEZONE component, CRLF-separated. */
  component: string;
}

/**
 * The VTIMEZONE of an IANA zone from timezones-ical-library, or undefined for a zone it does not
 * know (the event is then written in UTC, still correct, only shown without its zone).
 *
 * @example
 *   vtimezoneOf('Asia/Jakarta')?.tzid; // 'Asia/Jakarta'
 */
export function vtimezoneOf(zone: string): Vtimezone | undefined {
  // Asking for an unknown zone makes the library print to the console; ask only for known ones
  // (which also bounds the memo to the library's list).
  if (!known.has(zone)) return undefined;
  if (!found.has(zone)) found.set(zone, lookUp(zone));
  return found.get(zone);
}

function lookUp(zone: string): Vtimezone | undefined {
  const block = tzlib_get_ical_block(zone);
  if (!Array.isArray(block) || !block[0] || !block[1]?.startsWith('TZID=')) return undefined;
  return { tzid: block[1].slice('TZID='.length), component: block[0] };
}
