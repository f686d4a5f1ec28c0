import type { DiscoveryContext } from '../discovery-context.ts';
import type { DiscoveryDb } from '../discovery.tables.ts';
import { planOrderChanges } from './purchase-plan.ts';
import type { CancelledOrder, KnownOrder, OrderChange, PlacedOrder } from './purchase-plan.ts';
import {
  addToBookPairs,
  addToBookSales,
  addToBookSalesDays,
  addToBookSalesWindows,
  addToMemberBooks,
  claimPurchaseOrders,
  savePurchaseOrders,
} from './purchases.repository.ts';
import type { PurchaseOrderRow } from './purchases.repository.ts';
import { salesDeltas } from './sales-deltas.ts';
import { readSalesWindowsToday } from './sales-windows.repository.ts';

export type { CancelledOrder, OrderChange, PlacedOrder } from './purchase-plan.ts';

/**
 * Counts placed orders into the recommendations, in the caller's transaction, exactly as the
 * consumer counts `order.placed` (it is the same code): each order's units go to its books' sales
 * (all time, its day and the windows it falls in, weighted by `placedAt`), each ordered pair of
 * its distinct books gains one order, and its member's books gain it. An order seen before
 * (counted, or cancelled before its placement arrived) changes nothing, so the same orders may be
 * handed again, by a rebuild and the live consumer alike.
 *
 * @example
 *   await ctx.db.transaction().execute((trx) => applyPlacedOrders(ctx, trx, page.orders));
 */
export function applyPlacedOrders(ctx: DiscoveryContext, trx: DiscoveryDb, orders: readonly PlacedOrder[]): Promise<void> {
  return applyOrderChanges(
    ctx,
    trx,
    orders.map((order) => ({ kind: 'placed', order })),
  );
}

/**
 * Takes cancelled orders back out of the recommendations, in the caller's transaction, as the
 * consumer applies `order.cancelled`: a counted order's sales, pairs and member's books lose
 * exactly what its placement added (from what was stored then, at its own `placedAt`); an order
 * not placed yet is remembered as cancelled, so its placement arriving later counts nothing.
 * Cancelling an order again changes nothing.
 *
 * @example
 *   await applyCancelledOrders(ctx, trx, [{ orderId, userId }]);
 */
export function applyCancelledOrders(ctx: DiscoveryContext, trx: DiscoveryDb, orders: readonly CancelledOrder[]): Promise<void> {
  return applyOrderChanges(
    ctx,
    trx,
    orders.map((order) => ({ kind: 'cancelled', order })),
  );
}

/**
 * Applies placements and cancellations in the order given (see `planOrderChanges`): the orders
 * they name are locked first, then every table changes by one statement whatever the number of
 * orders, in key order.
 */
export async function applyOrderChanges(ctx: DiscoveryContext, trx: DiscoveryDb, changes: readonly OrderChange[]): Promise<void> {
  if (changes.length === 0) return;
  const claimed = await claimPurchaseOrders(
    trx,
    changes.map(({ order }) => ({ orderId: order.orderId.toLowerCase(), userId: order.userId.toLowerCase() })),
  );
  const known = new Map(claimed.filter(wasSeen).map((row) => [row.order_id, knownOrder(row)]));
  const plan = planOrderChanges(known, changes);
  await savePurchaseOrders(trx, plan.orders);
  if (plan.sales.length === 0) return;
  const today = await readSalesWindowsToday(trx);
  const deltas = salesDeltas(plan.sales, today, ctx.settings.DISCOVERY_POPULAR_HALF_LIFE_DAYS);
  await addToBookSales(trx, deltas.books);
  await addToBookSalesDays(trx, deltas.days);
  await addToBookSalesWindows(trx, deltas.windows);
  await addToBookPairs(trx, deltas.pairs);
  await addToMemberBooks(trx, deltas.memberBooks);
}

/** A row written by an earlier transaction, not one `claimPurchaseOrders` has just made. */
function wasSeen(row: PurchaseOrderRow): boolean {
  return row.placed_at !== null || row.cancelled;
}

function knownOrder(row: PurchaseOrderRow): KnownOrder {
  return {
    orderId: row.order_id,
    userId: row.user_id,
    placedAt: row.placed_at,
    cancelled: row.cancelled,
    lines: row.book_ids.map((bookId, n) => ({ bookId, quantity: row.quantities[n]! })),
  };
}
