import { sql } from '@pustaka/kit/db';
import type { Selectable } from '@pustaka/kit/db';
import type { AnalyticsDb, BookingState, OrderLineTable, OrderTable } from '../analytics.tables.ts';
import { sortedBy } from './sorted-by.ts';

export type OrderRow = Selectable<OrderTable>;
export type OrderLineRow = Selectable<OrderLineTable>;

/** An order line with the days its order was placed and cancelled (what filing it under a category moves). */
export interface UncategorisedLine extends OrderLineRow {
  counted: boolean;
  placed_on: string | null;
  cancelled_on: string | null;
}

/** Makes sure each order has a row to lock, whichever of its events comes first. */
export async function ensureOrders(db: AnalyticsDb, orders: Array<{ orderId: string; userId: string }>): Promise<void> {
  if (orders.length === 0) return;
  await db
    .insertInto('orders')
    .values(sortedBy(orders, (order) => order.orderId).map((order) => ({ order_id: order.orderId, user_id: order.userId })))
    .onConflict((oc) => oc.column('order_id').doNothing())
    .execute();
}

/** The orders of a batch, locked in id order, so a placement and a cancellation of one order are applied one after the other. */
export async function lockOrders(db: AnalyticsDb, orderIds: string[]): Promise<OrderRow[]> {
  if (orderIds.length === 0) return [];
  return db
    .selectFrom('orders')
    .select([
      'order_id',
      'user_id',
      'counted',
      sql<string | null>`placed_on::text`.as('placed_on'),
      sql<string | null>`cancelled_on::text`.as('cancelled_on'),
      sql<string | null>`fulfilled_on::text`.as('fulfilled_on'),
    ])
    .where('order_id', 'in', [...orderIds].sort())
    .orderBy('order_id')
    .forUpdate()
    .execute();
}

/** The lines of the given orders, in order. */
export async function findOrderLines(db: AnalyticsDb, orderIds: string[]): Promise<OrderLineRow[]> {
  if (orderIds.length === 0) return [];
  return db.selectFrom('order_lines').selectAll().where('order_id', 'in', orderIds).orderBy('order_id').orderBy('line').execute();
}

/** The lines of books not yet filed under a category, with their orders' days (the books are locked by the caller). */
export async function findUncategorisedLines(db: AnalyticsDb, bookIds: string[]): Promise<UncategorisedLine[]> {
  if (bookIds.length === 0) return [];
  return db
    .selectFrom('order_lines')
    .innerJoin('orders', 'orders.order_id', 'order_lines.order_id')
    .select([
      'order_lines.order_id',
      'order_lines.line',
      'order_lines.book_id',
      'order_lines.category_id',
      'order_lines.quantity',
      'order_lines.unit_price',
      'orders.counted',
      sql<string | null>`orders.placed_on::text`.as('placed_on'),
      sql<string | null>`orders.cancelled_on::text`.as('cancelled_on'),
    ])
    .where('order_lines.book_id', 'in', bookIds)
    .where('order_lines.category_id', 'is', null)
    .orderBy('order_lines.order_id')
    .orderBy('order_lines.line')
    .execute();
}

/** Writes back orders the batch holds locked, whole. */
export async function saveOrders(db: AnalyticsDb, rows: OrderRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('orders')
    .values(sortedBy(rows, (row) => row.order_id))
    .onConflict((oc) =>
      oc.column('order_id').doUpdateSet((eb) => ({
        user_id: eb.ref('excluded.user_id'),
        counted: eb.ref('excluded.counted'),
        placed_on: eb.ref('excluded.placed_on'),
        cancelled_on: eb.ref('excluded.cancelled_on'),
        fulfilled_on: eb.ref('excluded.fulfilled_on'),
      })),
    )
    .execute();
}

/** Writes order lines: new ones, and old ones filed under their category at last. */
export async function saveOrderLines(db: AnalyticsDb, rows: OrderLineRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('order_lines')
    .values(sortedBy(rows, (row) => `${row.order_id}|${String(row.line).padStart(5, '0')}`))
    .onConflict((oc) => oc.columns(['order_id', 'line']).doUpdateSet((eb) => ({ category_id: eb.ref('excluded.category_id') })))
    .execute();
}

/** Makes sure each booking has a row to lock. */
export async function ensureBookings(db: AnalyticsDb, bookingIds: string[]): Promise<void> {
  if (bookingIds.length === 0) return;
  await db
    .insertInto('bookings')
    .values([...bookingIds].sort().map((id) => ({ booking_id: id, states: JSON.stringify([]) as unknown as BookingState[] })))
    .onConflict((oc) => oc.column('booking_id').doNothing())
    .execute();
}

/** The bookings of a batch with every state seen of each, locked in id order. */
export async function lockBookings(db: AnalyticsDb, bookingIds: string[]): Promise<Array<{ booking_id: string; states: BookingState[] }>> {
  if (bookingIds.length === 0) return [];
  return db
    .selectFrom('bookings')
    .selectAll()
    .where('booking_id', 'in', [...bookingIds].sort())
    .orderBy('booking_id')
    .forUpdate()
    .execute();
}

/** Writes back bookings the batch holds locked. */
export async function saveBookings(db: AnalyticsDb, rows: Array<{ booking_id: string; states: BookingState[] }>): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('bookings')
    .values(
      sortedBy(rows, (row) => row.booking_id).map((row) => ({ booking_id: row.booking_id, states: JSON.stringify(row.states) as unknown as BookingState[] })),
    )
    .onConflict((oc) => oc.column('booking_id').doUpdateSet((eb) => ({ states: eb.ref('excluded.states') })))
    .execute();
}
