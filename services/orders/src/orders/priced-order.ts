import { AppError } from '@pustaka/kit/errors';
import type { StockReservation } from '../inventory.ts';
import type { OrderItemRow, OrderRow } from './orders.repository.ts';
import { toOrder } from './order.ts';
import type { Order } from './order.ts';

/** An order priced from its reservation, ready to be written: its rows and the answer its buyer gets. */
export interface PricedOrder {
  row: OrderRow;
  items: OrderItemRow[];
  /** Built once from the rows, so the buyer gets the same order however it is written. */
  order: Order;
  /** The order must commit before this instant (see `assertReservationStillHeld`). */
  reservationExpiresAt: string;
}

export function priceOrder(orderId: string, userId: string, reservation: StockReservation, now: Date): PricedOrder {
  const currencies = new Set(reservation.lines.map((line) => line.currency));
  if (currencies.size !== 1) {
    throw new AppError('invalid', 'MIXED_CURRENCIES', 'All books of one order must be priced in one currency');
  }
  const items = reservation.lines.map((line) => ({
    order_id: orderId,
    book_id: line.bookId,
    title: line.title,
    unit_price: line.unitPrice,
    quantity: line.quantity,
  }));
  const total = items.reduce((sum, item) => sum + item.unit_price * item.quantity, 0);
  const row = { id: orderId, user_id: userId, status: 'placed' as const, total, currency: [...currencies][0]!, created_at: now, updated_at: now };
  return { row, items, order: toOrder({ ...row, items }), reservationExpiresAt: reservation.expiresAt };
}

/** The payload of the `order.placed` that announces an order. */
export function orderPlacedPayload(order: Order) {
  return { orderId: order.id, userId: order.userId, items: order.items, total: order.total, currency: order.currency, placedAt: order.createdAt };
}

export function hasReservationExpired(placed: PricedOrder, now: Date): boolean {
  return now.getTime() >= Date.parse(placed.reservationExpiresAt);
}

/**
 * The last check before an order's transaction commits. The catalog releases an expired
 * reservation only after asking orders whether it became an order, and only a grace period
 * (RESERVATION_RELEASE_GRACE_SECONDS) after its expiry, which covers the moment between this
 * check and the commit and a modest clock difference between the two services.
 */
export function assertReservationStillHeld(placed: PricedOrder, now: Date): void {
  if (!hasReservationExpired(placed, now)) return;
  throw new AppError('unavailable', 'RESERVATION_EXPIRED', 'The order took too long to write and its stock was let go; try again', { retryAfterSeconds: 1 });
}
