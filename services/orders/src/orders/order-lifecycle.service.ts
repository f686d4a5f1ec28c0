import { assertOwnerOrRole } from '@pustaka/kit/auth';
import type { Caller } from '@pustaka/kit/auth';
import { AppError } from '@pustaka/kit/errors';
import { pageOf } from '@pustaka/kit/http';
import type { OrdersContext } from '../orders-context.ts';
import type { OrderStatus } from '../orders.tables.ts';
import { forgetOrdersOfBooks } from './book-orders-cache.ts';
import { findOrder, findOrdersOfUser, moveOrder } from './orders.repository.ts';
import { toOrder } from './order.ts';
import type { Order } from './order.ts';

const STAFF = ['staff', 'admin'] as const;

/** The order, if the caller is its owner or staff; others get 404 (they may not know it exists). */
export async function getOrder(ctx: OrdersContext, caller: Caller, id: string): Promise<Order> {
  const row = await findOrder(ctx.db, id);
  if (!row) throw orderNotFound();
  assertOwnerOrRole(caller, row.user_id, [...STAFF], orderNotFound);
  return toOrder(row);
}

export async function listOwnOrders(ctx: OrdersContext, caller: Caller, query: { page?: number; pageSize?: number }) {
  const { page, pageSize } = pageOf(query);
  const { rows, total } = await findOrdersOfUser(ctx.db, caller.id, { offset: (page - 1) * pageSize, limit: pageSize });
  return { items: rows.map(toOrder), total, page, pageSize };
}

/** Cancels an unfulfilled order (its owner, or staff); `order.cancelled` gives the stock back. */
export async function cancelOrder(ctx: OrdersContext, caller: Caller, id: string): Promise<Order> {
  return transition(ctx, caller, id, { from: ['placed'], to: 'cancelled', event: 'order.cancelled', ownerMay: true });
}

/** Marks an order handed over to its buyer (staff only). */
export async function fulfilOrder(ctx: OrdersContext, caller: Caller, id: string): Promise<Order> {
  return transition(ctx, caller, id, { from: ['placed'], to: 'fulfilled', event: 'order.fulfilled', ownerMay: false });
}

interface Transition {
  from: OrderStatus[];
  to: OrderStatus;
  event: string;
  ownerMay: boolean;
}

async function transition(ctx: OrdersContext, caller: Caller, id: string, change: Transition): Promise<Order> {
  const order = await getOrder(ctx, caller, id);
  if (!change.ownerMay && !(STAFF as readonly string[]).includes(caller.role)) {
    throw new AppError('forbidden', 'FORBIDDEN', 'Only staff may do this');
  }
  if (order.status === change.to) return order; // a retry: already done
  const moved = await ctx.db.transaction().execute(async (trx) => {
    const row = await moveOrder(trx, id, change.from, change.to, ctx.now());
    if (!row) return undefined;
    await ctx.events.record(
      trx,
      change.event,
      change.to === 'cancelled'
        ? {
            orderId: id,
            userId: order.userId,
            items: order.items.map(({ bookId, quantity }) => ({ bookId, quantity })),
            reason: caller.id === order.userId ? 'buyer' : 'staff',
          }
        : { orderId: id, userId: order.userId },
    );
    return row;
  });
  if (!moved) {
    const current = await getOrder(ctx, caller, id);
    if (current.status === change.to) return current;
    throw new AppError('conflict', `ORDER_${current.status.toUpperCase()}`, `The order is already ${current.status}`);
  }
  ctx.events.notify();
  await forgetOrdersOfBooks(
    ctx.cache,
    order.items.map((item) => item.bookId),
  );
  return { ...order, status: moved.status, updatedAt: moved.updated_at.toISOString() };
}

export function orderNotFound(): AppError {
  return new AppError('not_found', 'ORDER_NOT_FOUND', 'The order was not found');
}
