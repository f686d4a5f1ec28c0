import type { Caller } from '@pustaka/kit/auth';
import type { OrderLineRequest, OrdersContext } from '../orders-context.ts';
import type { Order } from './order.ts';
import { priceOrder } from './priced-order.ts';
import type { AlsoInTransaction, WrittenOrder } from './order-writer.ts';

/**
 * Places an order: the catalog reserves every line (or refuses, OUT_OF_STOCK) and prices it; then
 * the order, its items and `order.placed` are written in one transaction, which orders placed at
 * the same moment may share (see `createOrderWriter`). If that write fails the reservation is
 * released at once (and, should even that fail, it expires on its own), so nothing is left
 * half-done. An order is never written after its reservation expired: past that point the
 * catalog's expiry job may give the stock to someone else.
 */
export async function placeOrder(ctx: OrdersContext, caller: Caller, items: OrderLineRequest[], orderId: string, also?: AlsoInTransaction): Promise<Order> {
  const reservation = await ctx.inventory.reserve({ orderId, items, ttlSeconds: ctx.settings.reservationTtlSeconds });
  let written: WrittenOrder;
  try {
    written = await ctx.orderWriter.write(priceOrder(orderId, caller.id, reservation, ctx.now()), also);
  } catch (error) {
    await ctx.inventory.release(orderId).catch((releaseError: unknown) =>
      ctx.logger.warn({ err: releaseError, orderId }, 'release after a failed order write failed; the reservation will expire'));
    throw error;
  }
  // A failure from here on comes after the commit: the order stands, so its stock is not released.
  await written.announced;
  return written.order;
}
