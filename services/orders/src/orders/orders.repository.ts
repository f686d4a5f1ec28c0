import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Selectable } from '@pustaka/kit/db';
import type { OrderItemTable, OrdersDb, OrderStatus, OrderTable } from '../orders.tables.ts';

export type OrderRow = Selectable<OrderTable>;
export type OrderItemRow = Selectable<OrderItemTable>;
export type OrderWithItemsRow = OrderRow & { items: Array<Omit<OrderItemRow, 'order_id'>> };

export async function insertOrder(db: OrdersDb, order: OrderRow, items: OrderItemRow[]): Promise<void> {
  await db.insertInto('orders').values(order).execute();
  await insertOrderItems(db, items);
}

/** Writes many orders in one statement, skipping any whose id was written before; how many it wrote. */
export async function insertNewOrders(db: OrdersDb, orders: OrderRow[]): Promise<number> {
  const written = await db
    .insertInto('orders')
    .values(orders)
    .onConflict((conflict) => conflict.column('id').doNothing())
    .returning('id')
    .execute();
  return written.length;
}

export async function insertOrderItems(db: OrdersDb, items: OrderItemRow[]): Promise<void> {
  await db.insertInto('order_items').values(items).execute();
}

/** Orders with their items in one query (a lateral JSON aggregate), never a query per order. */
export function selectOrdersWithItems(db: OrdersDb) {
  return db
    .selectFrom('orders')
    .selectAll('orders')
    .select((eb) =>
      jsonArrayFrom(
        eb
          .selectFrom('order_items')
          .select(['order_items.book_id', 'order_items.title', 'order_items.unit_price', 'order_items.quantity'])
          .whereRef('order_items.order_id', '=', 'orders.id')
          .orderBy('order_items.book_id'),
      ).as('items'),
    );
}

export async function findOrder(db: OrdersDb, id: string): Promise<OrderWithItemsRow | undefined> {
  return selectOrdersWithItems(db).where('orders.id', '=', id).executeTakeFirst();
}

export async function findOrdersOfUser(
  db: OrdersDb,
  userId: string,
  page: { offset: number; limit: number },
): Promise<{ rows: OrderWithItemsRow[]; total: number }> {
  const [rows, count] = await Promise.all([
    selectOrdersWithItems(db)
      .where('orders.user_id', '=', userId)
      .orderBy('orders.created_at', 'desc')
      .orderBy('orders.id', 'desc')
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
    db
      .selectFrom('orders')
      .select((eb) => eb.fn.countAll<number>().as('total'))
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.total) };
}

/** The orders containing a book, newest first, with their items. */
export async function findOrdersOfBook(db: OrdersDb, bookId: string, limit: number): Promise<OrderWithItemsRow[]> {
  return selectOrdersWithItems(db)
    .where('orders.id', 'in', (eb) => eb.selectFrom('order_items').select('order_id').where('book_id', '=', bookId))
    .orderBy('orders.created_at', 'desc')
    .orderBy('orders.id', 'desc')
    .limit(limit)
    .execute();
}

/** Moves an order between states; the row as it is afterwards, or `undefined` if it was in none of `from`. */
export async function moveOrder(db: OrdersDb, id: string, from: OrderStatus[], to: OrderStatus, now: Date): Promise<OrderRow | undefined> {
  return db.updateTable('orders').set({ status: to, updated_at: now }).where('id', '=', id).where('status', 'in', from).returningAll().executeTakeFirst();
}

/** The status of each order among `ids` that exists. */
export async function findOrderStatuses(db: OrdersDb, ids: string[]): Promise<Array<Pick<OrderRow, 'id' | 'status'>>> {
  if (ids.length === 0) return [];
  return db.selectFrom('orders').select(['id', 'status']).where('id', 'in', ids).execute();
}
