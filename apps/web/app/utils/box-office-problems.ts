/** The problem codes of services/ticketing (and the platform) the box office words for the member. */
export const BOX_OFFICE_PROBLEM_CODES: ReadonlySet<string> = new Set([
  'SEAT_TAKEN',
  'HOLD_EXPIRED',
  'HOLD_RELEASED',
  'HOLD_BOOKED',
  'HOLD_NOT_FOUND',
  'HOLD_LIMIT_EXCEEDED',
  'NOT_ENOUGH_PLACES',
  'SALES_CLOSED',
  'EVENT_CANCELLED',
  'EVENT_STARTED',
  'EVENT_NOT_FOUND',
  'NOT_SEATED',
  'BOOKING_CANCELLED',
  'BOOKING_NOT_FOUND',
  'UNKNOWN_SEATS',
  'IDEMPOTENCY_KEY_REUSED',
  'RATE_LIMITED',
  'OFFLINE',
]);

/** The problem+json body's extra members (seatIds, limit, remaining, ...), when the API sent any. */
export function problemExtensions(error: unknown): Record<string, unknown> {
  const data = (error as { data?: unknown } | null)?.data;
  return data && typeof data === 'object' ? (data as Record<string, unknown>) : {};
}
