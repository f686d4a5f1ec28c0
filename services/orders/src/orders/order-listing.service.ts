import type { OrderPlacedPayload } from '@pustaka/contracts';
import { AppError } from '@pustaka/kit/errors';
import { pageOfRows } from '@pustaka/kit/rpc';
import type { KeysetPage } from '@pustaka/kit/rpc';
import type { OrdersContext } from '../orders-context.ts';
import type { OrderStatus } from '../orders.tables.ts';
import { toOrder } from './order.ts';
import { findOrdersAfter } from './order-listing.repository.ts';

const STATUSES: readonly OrderStatus[] = ['placed', 'fulfilled', 'cancelled'];

/**
 * An order as the listing gives it: what `order.placed` carried of it, its status now, and when it
 * was cancelled or fulfilled (absent otherwise).
 */
export type ListedOrder = OrderPlacedPayload & { status: OrderStatus; cancelledAt?: string; fulfilledAt?: string };

/**
 * One page of every order (or those in `statuses`), in id order, each with its items as
 * `order.placed` carried them, for a service rebuilding what it keeps of the orders.
 */
export async function listOrdersPage(
  ctx: Pick<OrdersContext, 'db'>,
  page: KeysetPage,
  statuses: readonly string[],
): Promise<{ orders: ListedOrder[]; nextAfterId: string }> {
  const wanted = statuses.map(orderStatusOf);
  const { rows, nextAfterId } = pageOfRows(await findOrdersAfter(ctx.db, page.afterId, page.size + 1, wanted), page, (row) => row.id);
  return {
    orders: rows.map(toOrder).map((order) => ({
      orderId: order.id,
      userId: order.userId,
      status: order.status,
      placedAt: order.createdAt,
      items: order.items,
      total: order.total,
      currency: order.currency,
      // An order leaves `placed` once, to cancelled or fulfilled, and is never written again: its
      // last change is the moment it was cancelled or fulfilled.
      ...(order.status === 'cancelled' ? { cancelledAt: order.updatedAt } : {}),
      ...(order.status === 'fulfilled' ? { fulfilledAt: order.updatedAt } : {}),
    })),
    nextAfterId,
  };
}

function orderStatusOf(status: string): OrderStatus {
  const known = STATUSES.find((each) => each === status);
  if (!known) throw new AppError('invalid', 'VALIDATION_FAILED', `statuses are ${STATUSES.join(', ')}`);
  return known;
}
