import type { CatalogDb } from '../catalog.tables.ts';

/** A book's stock right after a change, with what its `stock.*` events need. */
export interface StockAfterChange {
  bookId: string;
  title: string;
  stock: number;
  delta: number;
  threshold: number;
}

/**
 * Adds `delta` (negative removes) in one conditional statement, so concurrent changes serialize on
 * the row and none can take the stock below zero or above `max`. `undefined` when the book is
 * missing or the result would be out of bounds.
 */
export async function addToStock(db: CatalogDb, id: string, delta: number, max: number, now: Date): Promise<StockAfterChange | undefined> {
  const row = await db
    .updateTable('books')
    .set((eb) => ({ stock: eb('stock', '+', delta), updated_at: now }))
    .where('id', '=', id)
    .where((eb) => eb.between(eb('stock', '+', delta), 0, max))
    .returning(['stock', 'title', 'low_stock_threshold'])
    .executeTakeFirst();
  return row && { bookId: id, title: row.title, stock: row.stock, delta, threshold: row.low_stock_threshold };
}

/**
 * Replaces the stock (a shelf count); `undefined` when the book is missing. Run it in a
 * transaction: the row is locked first, so the reported delta is exactly what this count changed.
 */
export async function setStock(db: CatalogDb, id: string, stock: number, now: Date): Promise<StockAfterChange | undefined> {
  const before = await db.selectFrom('books').select('stock').where('id', '=', id).forUpdate().executeTakeFirst();
  if (!before) return undefined;
  const row = await db
    .updateTable('books')
    .set({ stock, updated_at: now })
    .where('id', '=', id)
    .returning(['stock', 'title', 'low_stock_threshold'])
    .executeTakeFirstOrThrow();
  return { bookId: id, title: row.title, stock: row.stock, delta: row.stock - before.stock, threshold: row.low_stock_threshold };
}

export async function findStock(db: CatalogDb, id: string): Promise<number | undefined> {
  const row = await db.selectFrom('books').select('stock').where('id', '=', id).executeTakeFirst();
  return row?.stock;
}
