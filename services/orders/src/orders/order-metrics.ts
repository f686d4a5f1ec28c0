import { AppError } from '@pustaka/kit/errors';
import { counter, fromZero } from '@pustaka/kit/metrics';

/**
 * What an operator asks of the shop first: are orders going through, and when not, why. A refusal
 * is counted by its problem code (OUT_OF_STOCK, UNKNOWN_BOOK, UPSTREAM_UNAVAILABLE when the catalog cannot be reached, ...), a closed
 * set; anything that is not a domain error as INTERNAL. A retry answered from its idempotency
 * key is the first request's outcome and is not counted again.
 */
export const orderMetrics = {
  placed: () => counter('pustaka_orders_placed_total', 'Orders placed (written with their order.placed event)'),
  refused: () =>
    fromZero(counter('pustaka_orders_refused_total', 'Orders not placed, by the problem code the client was answered', ['reason']), 'reason', [
      'OUT_OF_STOCK',
      'UPSTREAM_UNAVAILABLE',
    ]),
};

// At start, not at the first order: a shop that has taken none yet shows 0 placed, not no data.
orderMetrics.placed();
orderMetrics.refused();

/** Counts a failed placement under its reason. */
export function countRefusedOrder(error: unknown): void {
  orderMetrics.refused().inc({ reason: error instanceof AppError ? error.code : 'INTERNAL' });
}
