import type { Insertable, Selectable } from '@pustaka/kit/db';
import type { AnalyticsDb, BookTable, CategoryTable, CustomerTable, TicketedEventTable } from '../analytics.tables.ts';
import { sortedBy } from './sorted-by.ts';

export type BookRow = Selectable<BookTable>;

/**
 * Makes sure a row exists for each book (named after an order line or an alarm until its own
 * event comes), so the books of a batch can be locked, and a book known only from a sale still
 * has a title on the dashboard.
 */
export async function ensureBooks(db: AnalyticsDb, books: Array<{ bookId: string; title: string }>): Promise<void> {
  if (books.length === 0) return;
  await db
    .insertInto('books')
    .values(sortedBy(books, (book) => book.bookId).map((book) => ({ book_id: book.bookId, title: book.title })))
    .onConflict((oc) => oc.column('book_id').doNothing())
    .execute();
}

/**
 * The books of a batch, locked in id order: a book's category is filed and its orders counted
 * under the same lock, so an order line cannot miss the category that arrives beside it.
 */
export async function lockBooks(db: AnalyticsDb, bookIds: string[]): Promise<BookRow[]> {
  if (bookIds.length === 0) return [];
  return db
    .selectFrom('books')
    .selectAll()
    .where('book_id', 'in', [...bookIds].sort())
    .orderBy('book_id')
    .forUpdate()
    .execute();
}

/** Writes back books the batch holds locked, whole. */
export async function saveBooks(db: AnalyticsDb, rows: BookRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('books')
    .values(sortedBy(rows, (row) => row.book_id))
    .onConflict((oc) =>
      oc.column('book_id').doUpdateSet((eb) => ({
        title: eb.ref('excluded.title'),
        category_id: eb.ref('excluded.category_id'),
        stock: eb.ref('excluded.stock'),
        low_stock_threshold: eb.ref('excluded.low_stock_threshold'),
        deleted: eb.ref('excluded.deleted'),
        content_version: eb.ref('excluded.content_version'),
        stock_version: eb.ref('excluded.stock_version'),
      })),
    )
    .execute();
}

/** Names categories, each only over an older name (one row per category). */
export async function saveCategories(db: AnalyticsDb, rows: Insertable<CategoryTable>[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('categories')
    .values(sortedBy(rows, (row) => row.category_id))
    .onConflict((oc) =>
      oc
        .column('category_id')
        .doUpdateSet((eb) => ({ name: eb.ref('excluded.name'), version: eb.ref('excluded.version') }))
        .where((eb) => eb('categories.version', '<', eb.ref('excluded.version'))),
    )
    .execute();
}

/** Names customers, each only over an older name (one row per customer). */
export async function saveCustomers(db: AnalyticsDb, rows: Insertable<CustomerTable>[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('customers')
    .values(sortedBy(rows, (row) => row.user_id))
    .onConflict((oc) =>
      oc
        .column('user_id')
        .doUpdateSet((eb) => ({ name: eb.ref('excluded.name'), version: eb.ref('excluded.version') }))
        .where((eb) => eb('customers.version', '<', eb.ref('excluded.version'))),
    )
    .execute();
}

/**
 * Writes ticketed events, each only over an older state (one row per event). A cancellation
 * carries no capacity: the one the event had stays (`capacity` null keeps it).
 */
export async function saveTicketedEvents(db: AnalyticsDb, rows: Insertable<TicketedEventTable>[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('ticketed_events')
    .values(sortedBy(rows, (row) => row.event_id))
    .onConflict((oc) =>
      oc
        .column('event_id')
        .doUpdateSet((eb) => ({
          title: eb.ref('excluded.title'),
          starts_at: eb.ref('excluded.starts_at'),
          capacity: eb.fn.coalesce('excluded.capacity', 'ticketed_events.capacity'),
          cancelled: eb.ref('excluded.cancelled'),
          version: eb.ref('excluded.version'),
        }))
        .where((eb) => eb.or([eb('ticketed_events.version', 'is', null), eb('ticketed_events.version', '<', eb.ref('excluded.version'))])),
    )
    .execute();
}
