import type { OrdersContext } from '../orders-context.ts';
import { findOrdersOfBook } from '../orders/orders.repository.ts';
import { toOrder } from '../orders/order.ts';
import type { Order } from '../orders/order.ts';

const LIMIT = 100;
const keyOf = (bookId: string) => `book-orders:${bookId}`;

/** The newest orders containing a book (staff view), cached until an order of that book changes. */
export async function listOrdersOfBook(ctx: OrdersContext, bookId: string): Promise<Order[]> {
  const orders = await ctx.cache.getOrLoad(keyOf(bookId), ctx.settings.bookOrdersCacheTtlSeconds, async () =>
    (await findOrdersOfBook(ctx.db, bookId, LIMIT)).map(toOrder));
  return orders ?? [];
}

/** After an order is placed, cancelled or fulfilled: its books' order lists are stale. */
export async function forgetOrdersOfBooks(ctx: Pick<OrdersContext, 'cache'>, bookIds: string[]): Promise<void> {
  if (bookIds.length > 0) await ctx.cache.delete(...bookIds.map(keyOf));
}
