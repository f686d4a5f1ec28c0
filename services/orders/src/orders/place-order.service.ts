import { AppError } from '@pustaka/kit/errors';
import type { Caller } from '@pustaka/kit/auth';
import type { OrderLineRequest, OrdersContext, StockReservation } from '../orders-context.ts';
import type { OrdersTables } from '../orders.tables.ts';
import type { Transaction } from '@pustaka/kit/db';
import { forgetOrdersOfBooks } from '../book-orders/book-orders.service.ts';
import { insertOrder } from './orders.repository.ts';
import { toOrder } from './order.ts';
import type { Order } from './order.ts';

/** Work done in the order's own transaction besides writing it (e.g. completing an idempotency key). */
export type AlsoInTransaction = (trx: Transaction<OrdersTables>, order: Order) => Promise<void>;

/**
 * Places an order: the catalog reserves every line (or refuses, OUT_OF_STOCK) and prices it; then
 * the order, its items and `order.placed` are written in one transaction. If that write fails the
 * reservation is released at once (and, should even that fail, it expires on its own), so nothing
 * is left half-done. An order is never written after its reservation expired: past that point the
 * catalog's expiry job may give the stock to someone else.
 */
export async function placeOrder(ctx: OrdersContext, caller: Caller, items: OrderLineRequest[], orderId: string, also?: AlsoInTransaction): Promise<Order> {
  const reservation = await ctx.inventory.reserve({ orderId, items, ttlSeconds: ctx.settings.reservationTtlSeconds });
  let order: Order;
  try {
    order = await ctx.db.transaction().execute(async (trx) => {
      const placed = priceOrder(orderId, caller.id, reservation, ctx.now());
      await insertOrder(trx, placed.row, placed.items);
      const order = toOrder({ ...placed.row, items: placed.items });
      await ctx.events.record(trx, 'order.placed', {
        orderId,
        userId: caller.id,
        items: order.items,
        total: order.total,
        currency: order.currency,
        placedAt: order.createdAt,
      });
      await also?.(trx, order);
      assertReservationStillHeld(ctx, reservation);
      return order;
    });
  } catch (error) {
    await ctx.inventory.release(orderId).catch((releaseError: unknown) =>
      ctx.logger.warn({ err: releaseError, orderId }, 'release after a failed order write failed; the reservation will expire'));
    throw error;
  }
  ctx.events.notify();
  await forgetOrdersOfBooks(ctx, order.items.map((item) => item.bookId));
  return order;
}

function priceOrder(orderId: string, userId: string, reservation: StockReservation, now: Date) {
  const currencies = new Set(reservation.lines.map((line) => line.currency));
  if (currencies.size !== 1) {
    throw new AppError('invalid', 'MIXED_CURRENCIES', 'All books of one order must be priced in one currency');
  }
  const items = reservation.lines.map((line) => ({ order_id: orderId, book_id: line.bookId, title: line.title, unit_price: line.unitPrice, quantity: line.quantity }));
  const total = items.reduce((sum, item) => sum + item.unit_price * item.quantity, 0);
  const row = { id: orderId, user_id: userId, status: 'placed' as const, total, currency: [...currencies][0]!, created_at: now, updated_at: now };
  return { row, items };
}

/**
 * The last check before the order's transaction commits. The catalog releases an expired
 * reservation only after asking orders whether it became an order, and only a grace period
 * (RESERVATION_RELEASE_GRACE_SECONDS) after its expiry, which covers the moment between this
 * check and the commit and a modest clock difference between the two services.
 */
function assertReservationStillHeld(ctx: OrdersContext, reservation: StockReservation): void {
  if (ctx.now().getTime() < Date.parse(reservation.expiresAt)) return;
  throw new AppError('unavailable', 'RESERVATION_EXPIRED', 'The order took too long to write and its stock was let go; try again', { retryAfterSeconds: 1 });
}
