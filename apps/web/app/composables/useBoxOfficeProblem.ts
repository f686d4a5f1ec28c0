/** What the ticketing API said went wrong, as a sentence for the member (problem codes of services/ticketing). */
const KNOWN = new Set([
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

export function useBoxOfficeProblem() {
  const { t } = useI18n();
  return (error: unknown): string => {
    const problem = problemOf(error);
    if (problem.status === 401) return t('boxOffice.problem.UNAUTHORIZED');
    if (!KNOWN.has(problem.code)) return t('common.error', { detail: problem.detail ?? problem.title });
    const extensions = problemExtensions(error);
    const seatIds = Array.isArray(extensions.seatIds) ? (extensions.seatIds as string[]) : [];
    return t(`boxOffice.problem.${problem.code}`, {
      seats: seatIds.join(', '),
      limit: Number(extensions.limit ?? 0),
      remaining: Number(extensions.remaining ?? 0),
    });
  };
}
