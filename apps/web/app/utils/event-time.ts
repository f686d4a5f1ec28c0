/**
 * When an event happens, where it happens: its start and end in its own time zone (a visitor in
 * Tokyo reads Jakarta's clock for a reading in Jakarta), with the zone's name:
 * `formatEventTimes(start, end, 'Asia/Jakarta', 'id-ID')` is "Jumat, 11 Desember 2026 19.00–21.00 WIB".
 */
export function formatEventTimes(startsAt: string, endsAt: string, timeZone: string, locale: string, dateStyle: 'full' | 'medium' = 'full'): string {
  const start = new Date(startsAt);
  const range = new Intl.DateTimeFormat(locale, { dateStyle, timeStyle: 'short', timeZone }).formatRange(start, new Date(endsAt));
  return `${range} ${zoneNameOf(start, timeZone, locale)}`;
}

/** One instant in an event's time zone, e.g. when its sales open. */
export function formatEventInstant(iso: string, timeZone: string, locale: string): string {
  const at = new Date(iso);
  return `${new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(at)} ${zoneNameOf(at, timeZone, locale)}`;
}

function zoneNameOf(at: Date, timeZone: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' }).formatToParts(at).find((part) => part.type === 'timeZoneName')?.value ?? timeZone;
}
