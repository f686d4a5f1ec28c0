import type { CatalogDb } from '../catalog.tables.ts';

/**
 * Adds `delta` (negative removes) in one conditional statement, so concurrent changes serialize on
 * the row and none can take the stock below zero or above `max`. `undefined` when the book is
 * missing or the result would be out of bounds.
 */
export async function addToStock(db: CatalogDb, id: string, delta: number, max: number, now: Date): Promise<number | undefined> {
  const row = await db
    .updateTable('books')
    .set((eb) => ({ stock: eb('stock', '+', delta), updated_at: now }))
    .where('id', '=', id)
    .where((eb) => eb.between(eb('stock', '+', delta), 0, max))
    .returning('stock')
    .executeTakeFirst();
  return row?.stock;
}

/** Replaces the stock (a shelf count); `undefined` when the book is missing. */
export async function setStock(db: CatalogDb, id: string, stock: number, now: Date): Promise<number | undefined> {
  const row = await db
    .updateTable('books')
    .set({ stock, updated_at: now })
    .where('id', '=', id)
    .returning('stock')
    .executeTakeFirst();
  return row?.stock;
}

export async function findStock(db: CatalogDb, id: string): Promise<number | undefined> {
  const row = await db.selectFrom('books').select('stock').where('id', '=', id).executeTakeFirst();
  return row?.stock;
}
