import { sql } from '@pustaka/kit/db';
import type { Selectable } from '@pustaka/kit/db';
import type { CatalogDb, ReservationStatus, StockReservationLineTable, StockReservationTable } from '../catalog.tables.ts';

export type ReservationRow = Selectable<StockReservationTable>;
export type ReservationLineRow = Selectable<StockReservationLineTable>;

/** What taking stock for one line returns: the book as it is after the decrement. */
export interface TakenStock {
  id: string;
  title: string;
  price: number;
  currency: string;
  stock: number;
  low_stock_threshold: number;
}

/**
 * Claims the order id. `false` when a reservation for it already exists (a retry); on PostgreSQL a
 * concurrent claim of the same id waits here until the first commits, so only one ever proceeds.
 */
export async function claimReservation(db: CatalogDb, row: ReservationRow): Promise<boolean> {
  const claimed = await db
    .insertInto('stock_reservations')
    .values(row)
    .onConflict((conflict) => conflict.column('order_id').doNothing())
    .returning('order_id')
    .executeTakeFirst();
  return claimed !== undefined;
}

export async function findReservation(db: CatalogDb, orderId: string): Promise<{ reservation: ReservationRow; lines: ReservationLineRow[] } | undefined> {
  const reservation = await db.selectFrom('stock_reservations').selectAll().where('order_id', '=', orderId).executeTakeFirst();
  if (!reservation) return undefined;
  const lines = await db.selectFrom('stock_reservation_lines').selectAll().where('order_id', '=', orderId).orderBy('book_id').execute();
  return { reservation, lines };
}

export async function insertReservationLines(db: CatalogDb, lines: ReservationLineRow[]): Promise<void> {
  if (lines.length > 0) await db.insertInto('stock_reservation_lines').values(lines).execute();
}

/**
 * Takes `quantity` units in one conditional statement: the row lock serializes concurrent takers
 * and the condition is re-checked on the latest row, so stock can never go below zero.
 * `undefined` when there is not enough (or no such book).
 */
export async function takeStock(db: CatalogDb, bookId: string, quantity: number, now: Date): Promise<TakenStock | undefined> {
  return db
    .updateTable('books')
    .set((eb) => ({ stock: eb('stock', '-', quantity), updated_at: now }))
    .where('id', '=', bookId)
    .where('stock', '>=', quantity)
    .returning(['id', 'title', 'price', 'currency', 'stock', 'low_stock_threshold'])
    .executeTakeFirst();
}

/** Gives units back; `undefined` when the book no longer exists (nothing to give back to). */
export async function returnStock(db: CatalogDb, bookId: string, quantity: number, now: Date): Promise<TakenStock | undefined> {
  return db
    .updateTable('books')
    .set((eb) => ({ stock: eb('stock', '+', quantity), updated_at: now }))
    .where('id', '=', bookId)
    .returning(['id', 'title', 'price', 'currency', 'stock', 'low_stock_threshold'])
    .executeTakeFirst();
}

export async function findStockLevels(db: CatalogDb, bookIds: string[]): Promise<Map<string, number>> {
  if (bookIds.length === 0) return new Map();
  const rows = await db.selectFrom('books').select(['id', 'stock']).where('id', 'in', bookIds).execute();
  return new Map(rows.map((row) => [row.id, row.stock]));
}

/** Moves a reservation from one of `from` to `to`; `false` when it was in no such state. */
export async function moveReservation(db: CatalogDb, orderId: string, from: ReservationStatus[], to: ReservationStatus, now: Date): Promise<boolean> {
  return (await moveReservations(db, [orderId], from, to, now)).size > 0;
}

/**
 * Moves the reservations of many orders from one of `from` to `to` in one statement; the ids of
 * those moved (an order in no such state is left as it is).
 */
export async function moveReservations(db: CatalogDb, orderIds: string[], from: ReservationStatus[], to: ReservationStatus, now: Date): Promise<Set<string>> {
  if (orderIds.length === 0) return new Set();
  const moved = await db
    .updateTable('stock_reservations')
    .set({ status: to, updated_at: now })
    .where('order_id', 'in', orderIds)
    .where('status', 'in', from)
    .returning('order_id')
    .execute();
  return new Set(moved.map((row) => row.order_id));
}

/**
 * Held reservations past their time, oldest first. The sweep runs on one replica at a time (a job
 * lock), and settling moves only a reservation still held, so no row lock is taken here.
 */
export async function findExpiredHeld(db: CatalogDb, now: Date, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('stock_reservations')
    .select('order_id')
    .where('status', '=', 'held')
    .where('expires_at', '<=', now)
    .orderBy('expires_at')
    .limit(limit)
    .execute();
  return rows.map((row) => row.order_id);
}

/** Books by id, for other services; unknown ids are left out. */
export async function findBookSummaries(db: CatalogDb, ids: string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('books').select(['id', 'title', 'authors', 'price', 'currency', 'stock']).where('id', 'in', ids).execute();
}

/** Claims many order ids in one statement; the set of those claimed (ids already reserved are not). */
export async function claimReservations(db: CatalogDb, rows: ReservationRow[]): Promise<Set<string>> {
  const claimed = await db
    .insertInto('stock_reservations')
    .values(rows)
    .onConflict((conflict) => conflict.column('order_id').doNothing())
    .returning('order_id')
    .execute();
  return new Set(claimed.map((row) => row.order_id));
}

/** Locks books in id order (so batches and single reservations never deadlock) and reads their stock. */
export async function lockStockOf(db: CatalogDb, bookIds: string[]): Promise<TakenStock[]> {
  return db
    .selectFrom('books')
    .select(['id', 'title', 'price', 'currency', 'stock', 'low_stock_threshold'])
    .where('id', 'in', bookIds)
    .orderBy('id')
    .forUpdate()
    .execute();
}

/**
 * Takes units from several books in one statement, each by its own amount. The rows must be locked
 * by `lockStockOf` and checked to have enough; the condition is repeated so a mistake fails loudly
 * (fewer rows back) instead of overselling, and the table's check constraint stands behind both.
 */
export async function takeStockOfLocked(db: CatalogDb, amounts: Map<string, number>, now: Date): Promise<TakenStock[]> {
  const amount = sql<number>`(case id ${sql.join(
    [...amounts].map(([id, quantity]) => sql`when ${id}::uuid then ${quantity}::int`),
    sql` `,
  )} end)`;
  return db
    .updateTable('books')
    .set({ stock: sql<number>`stock - ${amount}`, updated_at: now })
    .where('id', 'in', [...amounts.keys()])
    .where(sql<boolean>`stock >= ${amount}`)
    .returning(['id', 'title', 'price', 'currency', 'stock', 'low_stock_threshold'])
    .execute();
}
