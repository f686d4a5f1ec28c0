const DAY = 86_400_000;

/** How far back the seeded shop's orders go. */
export const ORDER_HISTORY_DAYS = 730;

/** The span the seeded shop's history fills: two years of orders ending at `until`. */
export interface ShopWindow {
  /** The first order's day. */
  start: Date;
  /** Nothing seeded happens at or after this (but upcoming events). */
  until: Date;
}

/**
 * The two years before `until`.
 *
 * @example
 *   shopWindow(new Date('2026-01-01')).start; // 2024-01-02T00:00:00.000Z
 */
export function shopWindow(until: Date): ShopWindow {
  return { start: new Date(until.getTime() - ORDER_HISTORY_DAYS * DAY), until };
}

/** `days` days (fractions too) in milliseconds. */
export function days(count: number): number {
  return count * DAY;
}
