import { sql, unnestRows } from '@pustaka/kit/db';
import type { CatalogDb } from '../catalog.tables.ts';
import type { NewBookRow } from '../books/books.repository.ts';
import type { NewCategoryRow } from '../categories/categories.repository.ts';
import type { ReservationLineRow, ReservationRow } from '../inventory/reservations.repository.ts';

/*
 * A bulk import's statements: thousands of rows each, one array parameter per column
 * (`unnestRows`), on pg and PGlite alike.
 */

export async function insertCategoryRows(db: CatalogDb, rows: NewCategoryRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('categories')
    .columns(['id', 'name', 'slug', 'description', 'created_at', 'updated_at'])
    .expression(unnestRows(rows, { id: 'uuid', name: 'text', slug: 'text', description: 'text', created_at: 'timestamptz', updated_at: 'timestamptz' }))
    .execute();
}

export async function insertBookRows(db: CatalogDb, rows: NewBookRow[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = {
    id: 'uuid',
    title: 'text',
    authors: 'text[]',
    isbn: 'text',
    synopsis: 'text',
    publication_year: 'int',
    price: 'int',
    currency: 'text',
    stock: 'int',
    location: 'text',
    category_id: 'uuid',
    cover_url: 'text',
    created_at: 'timestamptz',
    updated_at: 'timestamptz',
  } as const;
  await db
    .insertInto('books')
    .columns(Object.keys(columns) as Array<keyof typeof columns>)
    .expression(unnestRows(rows, columns))
    .execute();
}

export async function insertReservationRows(db: CatalogDb, rows: ReservationRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('stock_reservations')
    .columns(['order_id', 'status', 'expires_at', 'created_at', 'updated_at'])
    .expression(unnestRows(rows, { order_id: 'uuid', status: 'text', expires_at: 'timestamptz', created_at: 'timestamptz', updated_at: 'timestamptz' }))
    .execute();
}

export async function insertReservationLineRows(db: CatalogDb, rows: ReservationLineRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('stock_reservation_lines')
    .columns(['order_id', 'book_id', 'quantity', 'unit_price', 'currency', 'title'])
    .expression(unnestRows(rows, { order_id: 'uuid', book_id: 'uuid', quantity: 'int', unit_price: 'int', currency: 'text', title: 'text' }))
    .execute();
}

/**
 * Takes the units of every committed reservation from its books' stock, in one statement, and
 * moves each book's `updated_at` to when its stock last moved (taken, or given back by a
 * cancellation): for books imported with the stock they had before any order, once all their
 * reservations are imported. The stock check constraint stands behind it: an import that would
 * oversell fails instead of going below zero. The number of books whose stock moved.
 */
export async function takeReservedUnits(db: CatalogDb): Promise<number> {
  // One statement over every line: on PostgreSQL it may take longer than a request's timeout.
  await sql`set local statement_timeout = 0`.execute(db);
  const sold = db
    .selectFrom('stock_reservation_lines as line')
    .innerJoin('stock_reservations as reservation', 'reservation.order_id', 'line.order_id')
    .select((eb) => [
      'line.book_id',
      eb.fn.coalesce(eb.fn.sum<number>('line.quantity').filterWhere('reservation.status', '=', 'committed'), eb.lit(0)).as('units'),
      eb.fn.max(sql<Date>`case when reservation.status = 'committed' then reservation.created_at else reservation.updated_at end`).as('at'),
    ])
    .groupBy('line.book_id')
    .as('sold');
  const result = await db
    .updateTable('books')
    .from(sold)
    .set({ stock: sql<number>`books.stock - sold.units`, updated_at: sql<Date>`greatest(books.updated_at, sold.at)` })
    .whereRef('books.id', '=', 'sold.book_id')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Counts of what the bulk import writes, to refuse a shop that has data and to report. */
export async function countCatalogRows(db: CatalogDb): Promise<{ categories: number; books: number; reservations: number }> {
  const row = await db
    .selectNoFrom((eb) => [
      eb
        .selectFrom('categories')
        .select((sub) => sub.fn.countAll<number>().as('n'))
        .as('categories'),
      eb
        .selectFrom('books')
        .select((sub) => sub.fn.countAll<number>().as('n'))
        .as('books'),
      eb
        .selectFrom('stock_reservations')
        .select((sub) => sub.fn.countAll<number>().as('n'))
        .as('reservations'),
    ])
    .executeTakeFirstOrThrow();
  return { categories: Number(row.categories), books: Number(row.books), reservations: Number(row.reservations) };
}

/** Deletes every reservation, book and category (lines go with their reservations). */
export async function deleteCatalogRows(db: CatalogDb): Promise<void> {
  await db.deleteFrom('stock_reservations').execute();
  await db.deleteFrom('books').execute();
  await db.deleteFrom('categories').execute();
}
