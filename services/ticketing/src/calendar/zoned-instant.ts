import type { ICalDayJsStub } from 'ical-generator';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall-clock fields of an instant in a zone: `{ YYYY: '2026', MM: '05', DD: '01', HH: '19', mm: '00', ss: '00' }`. */
function wallClockOf(instant: Date, timeZone: string): Record<string, string> {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  return { YYYY: parts.year!.padStart(4, '0'), MM: parts.month!, DD: parts.day!, HH: parts.hour!, mm: parts.minute!, ss: parts.second! };
}

/**
 * An instant that ical-generator formats as wall-clock time in the zone it asks for.
 *
 * ical-generator prints a native `Date` of a zoned event with the *process's* local time getters,
 * so DTSTART would depend on the server's TZ. Node 24 has no `Temporal` without a flag, and the
 * library's other route is a Day.js-shaped value (`tz(zone)`, `utc()`, `format(tokens)`): this is
 * that shape, backed by `Intl`, with only the tokens ical-generator uses.
 *
 * @example
 *   event.start(zonedInstant(new Date('2026-05-01T12:00:00Z'))).timezone('Asia/Jakarta'); // DTSTART;TZID=Asia/Jakarta:20260501T190000
 */
export function zonedInstant(instant: Date, timeZone = 'UTC'): ICalDayJsStub {
  return {
    tz: (zone?: string) => zonedInstant(instant, zone ?? timeZone),
    utc: () => zonedInstant(instant, 'UTC'),
    format: (pattern = 'YYYY-MM-DDTHH:mm:ss') => {
      const fields = wallClockOf(instant, timeZone);
      return pattern.replace(/YYYY|MM|DD|HH|mm|ss/g, (token) => fields[token]!);
    },
    isValid: () => !Number.isNaN(instant.getTime()),
    toDate: () => new Date(instant),
    toJSON: () => instant.toISOString(),
  };
}
