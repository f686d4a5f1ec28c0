import type { OrdersContext } from '../orders-context.ts';
import { bookOrdersKey } from './book-orders-cache.ts';
import { findOrdersOfBook } from './orders.repository.ts';
import { toOrder } from './order.ts';
import type { Order } from './order.ts';

const LIMIT = 100;

/** The newest orders containing a book (staff view), cached until an order of that book changes. */
export async function listOrdersOfBook(ctx: OrdersContext, bookId: string): Promise<Order[]> {
  const orders = await ctx.cache.getOrLoad(bookOrdersKey(bookId), ctx.settings.bookOrdersCacheTtlSeconds, async () =>
    (await findOrdersOfBook(ctx.db, bookId, LIMIT)).map(toOrder),
  );
  return orders ?? [];
}
