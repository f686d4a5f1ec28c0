import { AppError } from '@pustaka/kit/errors';
import { counter } from '@pustaka/kit/metrics';

/**
 * What an operator asks of the shop first: are orders going through, and when not, why. A refusal
 * is counted by its problem code (OUT_OF_STOCK, UNKNOWN_BOOK, CATALOG_UNAVAILABLE, ...), a closed
 * set; anything that is not a domain error as INTERNAL. A retry answered from its idempotency
 * key is the first request's outcome and is not counted again.
 */
export const orderMetrics = {
  placed: () => counter('pustaka_orders_placed_total', 'Orders placed (written with their order.placed event)'),
  refused: () => counter('pustaka_orders_refused_total', 'Orders not placed, by the problem code the client was answered', ['reason']),
};

/** Counts a failed placement under its reason. */
export function countRefusedOrder(error: unknown): void {
  orderMetrics.refused().inc({ reason: error instanceof AppError ? error.code : 'INTERNAL' });
}
