/** The offset from UTC of a time zone at an instant, in minutes (`Asia/Jakarta` is 420). */
function offsetMinutes(timeZone: string, at: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(at));
  const part = (type: string) => Number(parts.find((candidate) => candidate.type === type)?.value);
  const asUtc = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return Math.round((asUtc - Math.floor(at / 1000) * 1000) / 60_000);
}

const pad = (value: number) => String(value).padStart(2, '0');

/**
 * A wall-clock time as an `<input type="datetime-local">` gives it, read in an event's time zone,
 * as ISO 8601 with that zone's offset: `zonedToIso('2030-05-01T19:00', 'Asia/Jakarta')` is
 * `'2030-05-01T19:00:00+07:00'`. Null when the input is empty or not a time.
 */
export function zonedToIso(local: string, timeZone: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!match) return null;
  const [, year, month, day, hour, minute] = match.map(Number) as [number, number, number, number, number, number];
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  // The zone's offset at that wall time (checked once more where a daylight-saving change moves it).
  let offset = offsetMinutes(timeZone, wall - offsetMinutes(timeZone, wall) * 60_000);
  offset = offsetMinutes(timeZone, wall - offset * 60_000);
  const sign = offset < 0 ? '-' : '+';
  return `${local}:00${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
}

/** An instant as the wall-clock time of a time zone, for `<input type="datetime-local">`. */
export function isoToZonedLocal(iso: string, timeZone: string): string {
  const at = new Date(iso).getTime();
  if (Number.isNaN(at)) return '';
  const shifted = new Date(at + offsetMinutes(timeZone, at) * 60_000);
  return `${shifted.getUTCFullYear()}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}T${pad(shifted.getUTCHours())}:${pad(shifted.getUTCMinutes())}`;
}

/** Whether the browser knows the time zone. */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}
