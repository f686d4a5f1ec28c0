import { BOOK_CREATED, BOOK_DELETED, BOOK_UPDATED } from '@pustaka/contracts';
import type { BookPayload } from '@pustaka/contracts';
import type { Transaction } from '@pustaka/kit/db';
import type { CatalogContext } from '../catalog-context.ts';
import type { CatalogTables } from '../catalog.tables.ts';
import { findCategoryName } from './books.repository.ts';
import type { BookRow } from './books.repository.ts';

type BookFields = Pick<
  BookRow,
  'id' | 'title' | 'authors' | 'isbn' | 'synopsis' | 'publication_year' | 'category_id' | 'price' | 'currency' | 'stock' | 'low_stock_threshold' | 'updated_at'
>;

/**
 * Records `book.created` or `book.updated` with the whole book as it now stands, in the
 * transaction that wrote it (after the write, so two changes of one book take their outbox places
 * in commit order).
 */
export async function recordBookWritten(
  ctx: CatalogContext,
  trx: Transaction<CatalogTables>,
  type: typeof BOOK_CREATED | typeof BOOK_UPDATED,
  row: BookRow,
): Promise<void> {
  await ctx.events.record(trx, type, bookPayloadOf(row, (await findCategoryName(trx, row.category_id)) ?? ''));
}

/** The payload of `book.created` and `book.updated`: the book whole, its category's name beside it. */
export function bookPayloadOf(row: BookFields, categoryName: string): BookPayload {
  return {
    bookId: row.id,
    title: row.title,
    authors: row.authors,
    isbn: row.isbn,
    synopsis: row.synopsis,
    publicationYear: row.publication_year,
    categoryId: row.category_id,
    categoryName,
    price: row.price,
    currency: row.currency,
    stock: row.stock,
    lowStockThreshold: row.low_stock_threshold,
    updatedAt: row.updated_at.toISOString(),
  };
}

/** Records `book.deleted` in the transaction that deleted it. */
export async function recordBookDeleted(ctx: CatalogContext, trx: Transaction<CatalogTables>, bookId: string): Promise<void> {
  await ctx.events.record(trx, BOOK_DELETED, { bookId });
}
