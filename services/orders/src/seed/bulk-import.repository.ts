import { unnestRows } from '@pustaka/kit/db';
import type { OrdersDb } from '../orders.tables.ts';
import type { OrderItemRow, OrderRow } from '../orders/orders.repository.ts';

/* A bulk import's statements: thousands of rows each, one array parameter per column (`unnestRows`). */

export async function insertOrderRows(db: OrdersDb, rows: OrderRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('orders')
    .columns(['id', 'user_id', 'status', 'total', 'currency', 'created_at', 'updated_at'])
    .expression(
      unnestRows(rows, { id: 'uuid', user_id: 'uuid', status: 'text', total: 'int', currency: 'text', created_at: 'timestamptz', updated_at: 'timestamptz' }),
    )
    .execute();
}

export async function insertOrderItemRows(db: OrdersDb, rows: OrderItemRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('order_items')
    .columns(['order_id', 'book_id', 'title', 'unit_price', 'quantity'])
    .expression(unnestRows(rows, { order_id: 'uuid', book_id: 'uuid', title: 'text', unit_price: 'int', quantity: 'int' }))
    .execute();
}

export async function countOrderRows(db: OrdersDb): Promise<number> {
  const { count } = await db
    .selectFrom('orders')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(count);
}

/** Deletes every order (items go with them) and every remembered idempotency key. */
export async function deleteOrderRows(db: OrdersDb): Promise<void> {
  await db.deleteFrom('orders').execute();
  await db.deleteFrom('idempotency_keys').execute();
}
