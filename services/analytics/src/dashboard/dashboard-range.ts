import { AppError } from '@pustaka/kit/errors';
import { addDays, daysIn, shopDayOf } from '../calendar/shop-calendar.ts';
import type { Granularity } from '../calendar/shop-calendar.ts';

/** A dashboard request's shop days, and the period of equal length just before them. */
export interface DashboardRange {
  from: string;
  to: string;
  granularity: Granularity;
  previous: { from: string; to: string };
  /** Days in the range (and in the previous period). */
  days: number;
}

const EARLIEST = '2000-01-01';
const DEFAULT_DAYS = 30;

/**
 * The range a request asks for: the last 30 shop days up to today when it names none, `to`
 * defaulting to today and `from` to 29 days before `to`. Refused (400, with the field) when `from`
 * is after `to`, longer than `maxDays`, before 2000 or more than a year ahead.
 *
 * @example
 *   resolveRange({ from: '2025-03-01', to: '2025-03-31' }, { today: '2025-04-02', maxDays: 1096 });
 *   // { from: '2025-03-01', to: '2025-03-31', granularity: 'day', previous: { from: '2025-01-29', to: '2025-02-28' }, days: 31 }
 */
export function resolveRange(
  query: { from?: string | undefined; to?: string | undefined; granularity?: Granularity | undefined },
  limits: { today: string; maxDays: number },
): DashboardRange {
  const to = query.to ?? (query.from && addDays(query.from, DEFAULT_DAYS - 1) < limits.today ? addDays(query.from, DEFAULT_DAYS - 1) : limits.today);
  const from = query.from ?? addDays(to, -(DEFAULT_DAYS - 1));
  const latest = addDays(limits.today, 366);
  // `to` first: a `from` derived from a bad `to` is bad because of it.
  for (const [field, day] of [
    ['to', to],
    ['from', from],
  ] as const) {
    if (day < EARLIEST || day > latest) throw invalidRange('DATE_OUT_OF_RANGE', field, `must be between ${EARLIEST} and ${latest}`);
  }
  if (from > to) throw invalidRange('INVALID_RANGE', 'from', 'must not be after to');
  const days = daysIn(from, to);
  if (days > limits.maxDays) throw invalidRange('RANGE_TOO_LONG', 'to', `must be at most ${limits.maxDays} days after from`);
  return { from, to, granularity: query.granularity ?? 'day', previous: { from: addDays(from, -days), to: addDays(from, -1) }, days };
}

/** Today in the shop's time zone. */
export function shopToday(now: Date, timeZone: string): string {
  return shopDayOf(now, timeZone);
}

function invalidRange(code: string, field: 'from' | 'to', message: string): AppError {
  return new AppError('invalid', code, `The range is not one the dashboard answers: ${field} ${message}`, {
    errors: [{ in: 'querystring', field: `/${field}`, message }],
  });
}
