import type { DiscoveryContext } from '../discovery-context.ts';
import type { DiscoveryDb } from '../discovery.tables.ts';
import { utcDay } from './sales-decay.ts';
import { clearRecommendations } from './reset.repository.ts';

/**
 * Empties the recommendations for a rebuild, in the caller's transaction: no order, booking,
 * sale, pair, or member's book or event is left, and the popular-books windows end on the clock's
 * day (UTC). `applyPlacedOrders`, `applyCancelledOrders`, `applyConfirmedBookings` and
 * `applyCancelledBookings` then fill it as the consumer would. In one transaction, readers see the
 * old model until it commits and the new one after. The consumer's inbox is left alone: an order
 * or booking the consumer applies again after the rebuild handed it over is known, and changes nothing.
 *
 * @example
 *   await ctx.db.transaction().execute(async (trx) => {
 *     await resetRecommendations(ctx, trx);
 *     for await (const page of placedOrdersFromOwner()) await applyPlacedOrders(ctx, trx, page);
 *   });
 */
export async function resetRecommendations(ctx: DiscoveryContext, trx: DiscoveryDb): Promise<void> {
  await clearRecommendations(trx, utcDay(ctx.now()));
}
