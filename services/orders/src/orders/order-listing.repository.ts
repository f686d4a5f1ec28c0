import type { OrdersDb, OrderStatus } from '../orders.tables.ts';
import { selectOrdersWithItems } from './orders.repository.ts';
import type { OrderWithItemsRow } from './orders.repository.ts';

/**
 * Up to `limit` orders with ids above `afterId` (all from the first when undefined), in id order,
 * with their items, narrowed to `statuses` unless it is empty: one statement, so one moment of the
 * orders per page, read along the primary key.
 */
export async function findOrdersAfter(
  db: OrdersDb,
  afterId: string | undefined,
  limit: number,
  statuses: readonly OrderStatus[],
): Promise<OrderWithItemsRow[]> {
  return selectOrdersWithItems(db)
    .$if(afterId !== undefined, (query) => query.where('orders.id', '>', afterId!))
    .$if(statuses.length > 0, (query) => query.where('orders.status', 'in', statuses))
    .orderBy('orders.id')
    .limit(limit)
    .execute();
}
