/**
 * Shop days as `YYYY-MM-DD` text: the calendar day in the shop's time zone. Day arithmetic is done
 * on UTC midnights, where every day has 24 hours, so it never depends on the machine's zone.
 */

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The shop day an instant falls on in `timeZone`.
 *
 * @example
 *   shopDayOf('2025-03-04T16:30:00Z', 'Asia/Jakarta'); // '2025-03-04' (23:30 in Jakarta)
 *   shopDayOf('2025-03-04T17:00:00Z', 'Asia/Jakarta'); // '2025-03-05'
 */
export function shopDayOf(instant: Date | string, timeZone: string): string {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // en-CA writes dates as YYYY-MM-DD.
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, formatter);
  }
  return formatter.format(typeof instant === 'string' ? new Date(instant) : instant);
}

/** Whether `timeZone` is an IANA zone this runtime knows. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    shopDayOf(new Date(0), timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * The first day of the day's month, which names the month in the monthly rollups.
 *
 * @example
 *   monthOf('2025-03-04'); // '2025-03-01'
 */
export function monthOf(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

/**
 * The day `n` days after (or, negative, before) `day`.
 *
 * @example
 *   addDays('2025-02-28', 1); // '2025-03-01'
 */
export function addDays(day: string, n: number): string {
  return new Date(toUtc(day) + n * DAY_MS).toISOString().slice(0, 10);
}

/**
 * How many days from `from` to `to`, both counted.
 *
 * @example
 *   daysIn('2025-03-01', '2025-03-31'); // 31
 */
export function daysIn(from: string, to: string): number {
  return Math.round((toUtc(to) - toUtc(from)) / DAY_MS) + 1;
}

/** The first day of the month after the day's month. */
export function nextMonth(day: string): string {
  const date = new Date(toUtc(monthOf(day)));
  date.setUTCMonth(date.getUTCMonth() + 1);
  return date.toISOString().slice(0, 10);
}

/** Every month (by its first day) that holds a day of the range, in order. */
export function monthsTouched(from: string, to: string): string[] {
  const months: string[] = [];
  for (let month = monthOf(from); month <= to; month = nextMonth(month)) months.push(month);
  return months;
}

/** A range in whole months and the days around them. */
export interface MonthSplit {
  head?: [string, string];
  /** First and last whole month, by their first days. */
  months?: [string, string];
  tail?: [string, string];
}

/**
 * A range as the rollups read it: the whole months inside it, and the days before and after them
 * (each part absent when empty). A range without a whole month is all `head`.
 *
 * @example
 *   splitByMonths('2025-01-15', '2025-04-10');
 *   // { head: ['2025-01-15', '2025-01-31'], months: ['2025-02-01', '2025-03-01'], tail: ['2025-04-01', '2025-04-10'] }
 */
export function splitByMonths(from: string, to: string): MonthSplit {
  const firstWhole = from === monthOf(from) ? from : nextMonth(from);
  const afterLastWhole = addDays(to, 1) === monthOf(addDays(to, 1)) ? addDays(to, 1) : monthOf(to);
  if (firstWhole >= afterLastWhole) return { head: [from, to] };
  const lastWhole = monthOf(addDays(afterLastWhole, -1));
  return {
    ...(from < firstWhole ? { head: [from, addDays(firstWhole, -1)] as [string, string] } : {}),
    months: [firstWhole, lastWhole],
    ...(afterLastWhole <= to ? { tail: [afterLastWhole, to] as [string, string] } : {}),
  };
}

export type Granularity = 'day' | 'week' | 'month';

export interface Period {
  start: string;
  end: string;
}

/**
 * The range cut into days, weeks (Monday to Sunday) or calendar months, the first and last
 * clipped to the range.
 *
 * @example
 *   periodsOf('2025-03-05', '2025-03-12', 'week');
 *   // [{ start: '2025-03-05', end: '2025-03-09' }, { start: '2025-03-10', end: '2025-03-12' }]
 */
export function periodsOf(from: string, to: string, granularity: Granularity): Period[] {
  const periods: Period[] = [];
  for (let start = from; start <= to;) {
    const next = granularity === 'day' ? addDays(start, 1) : granularity === 'week' ? addDays(start, 7 - isoWeekdayIndex(start)) : nextMonth(start);
    const end = next > to ? to : addDays(next, -1);
    periods.push({ start, end });
    start = next;
  }
  return periods;
}

/** Monday 0 … Sunday 6. */
function isoWeekdayIndex(day: string): number {
  return (new Date(toUtc(day)).getUTCDay() + 6) % 7;
}

function toUtc(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}
