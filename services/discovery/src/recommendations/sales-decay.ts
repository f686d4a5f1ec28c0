/**
 * The instant every sale's weight is measured from. Fixed for good: the stored scores are sums of
 * weights relative to it, so moving it would leave them incomparable with new ones.
 */
export const DECAY_LANDMARK = new Date('2025-01-01T00:00:00.000Z');

const DAY_MS = 86_400_000;

/** The windows `GET /api/recommendations/popular?days=` ranks over, in days up to today (UTC). */
export const SALES_WINDOWS = [7, 30, 90] as const;
export type SalesWindow = (typeof SALES_WINDOWS)[number];
export const LONGEST_SALES_WINDOW = Math.max(...SALES_WINDOWS);

/**
 * A sale's weight by forward decay: 2^((at − landmark) / half-life). A sale one half-life newer
 * weighs twice as much, so a sum of weights ranks books as the sum of decayed sales would at any
 * later moment, and stored scores never need working out again. A float8 holds 2^1023, so weights
 * stay in range for 1023 half-lives past the landmark: till 2109 at the default 30 days, 2044 at
 * the floor of 7.
 *
 * @example
 *   saleWeight(new Date('2025-01-31T00:00:00Z'), 30); // 2
 */
export function saleWeight(at: Date, halfLifeDays: number): number {
  return 2 ** ((at.getTime() - DECAY_LANDMARK.getTime()) / (halfLifeDays * DAY_MS));
}

/**
 * The UTC day of an instant, as `YYYY-MM-DD` (which sorts as the days do).
 *
 * @example
 *   utcDay(new Date('2030-01-01T23:30:00+07:00')); // '2030-01-01'
 */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/**
 * The day `count` days after `day` (before it, when negative).
 *
 * @example
 *   addDays('2030-03-01', -1); // '2030-02-28'
 */
export function addDays(day: string, count: number): string {
  return utcDay(new Date(Date.parse(`${day}T00:00:00.000Z`) + count * DAY_MS));
}

/** The first day a window of `days` days holds, when the windows end on `today`. */
export function firstDayOf(days: number, today: string): string {
  return addDays(today, 1 - days);
}
