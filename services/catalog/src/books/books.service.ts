import { BOOK_CREATED, BOOK_UPDATED } from '@pustaka/contracts';
import { AppError } from '@pustaka/kit/errors';
import { pageOf } from '@pustaka/kit/http';
import { isForeignKeyViolation, isUniqueViolation } from '@pustaka/kit/db';
import type { CatalogContext } from '../catalog-context.ts';
import { forgetCachedBook, getCachedBook } from './book-cache.ts';
import { recordBookDeleted, recordBookWritten } from './book-events.ts';
import { toBookRowChanges, toNewBookRow } from './book-input.ts';
import { countBooks, deleteBook as deleteBookRow, findBook, findBooks, insertBook, updateBook as updateBookRow } from './books.repository.ts';
import type { BookOrder, BookRow } from './books.repository.ts';
import type { Book, BookChanges, BookListFilters, BookPage, BookSort, NewBook } from './books.schema.ts';

export async function createBook(ctx: CatalogContext, input: NewBook): Promise<Book> {
  const newRow = toNewBookRow(input, ctx.newId(), ctx.now());
  const row = await ctx.db
    .transaction()
    .execute(async (trx) => {
      const inserted = await insertBook(trx, newRow);
      await recordBookWritten(ctx, trx, BOOK_CREATED, inserted);
      return inserted;
    })
    .catch(rethrowBookConflict);
  ctx.events.notify();
  return toBook(row);
}

export async function getBook(ctx: CatalogContext, id: string): Promise<Book> {
  const book = await getCachedBook(ctx, id, async () => {
    const row = await findBook(ctx.db, id);
    return row ? toBook(row) : undefined;
  });
  if (!book) throw bookNotFound();
  return book;
}

export async function listBooks(ctx: CatalogContext, query: BookListFilters): Promise<BookPage> {
  const { page: _page, pageSize: _pageSize, sort = 'title', ...filters } = query;
  const { page, pageSize } = pageOf(query);
  const [rows, total] = await Promise.all([
    findBooks(ctx.db, filters, orderOf(sort), { offset: (page - 1) * pageSize, limit: pageSize }),
    countBooks(ctx.db, filters),
  ]);
  return { items: rows.map(toBook), total, page, pageSize };
}

export async function updateBook(ctx: CatalogContext, id: string, changes: BookChanges): Promise<Book> {
  const rowChanges = toBookRowChanges(changes, ctx.now());
  const row = await ctx.db
    .transaction()
    .execute(async (trx) => {
      const updated = await updateBookRow(trx, id, rowChanges);
      if (updated) await recordBookWritten(ctx, trx, BOOK_UPDATED, updated);
      return updated;
    })
    .catch(rethrowBookConflict);
  if (!row) throw bookNotFound();
  ctx.events.notify();
  await forgetCachedBook(ctx, id);
  return toBook(row);
}

export async function deleteBook(ctx: CatalogContext, id: string): Promise<void> {
  const deleted = await ctx.db.transaction().execute(async (trx) => {
    const gone = await deleteBookRow(trx, id);
    if (gone) await recordBookDeleted(ctx, trx, id);
    return gone;
  });
  if (!deleted) throw bookNotFound();
  ctx.events.notify();
  await forgetCachedBook(ctx, id);
}

export function toBook(row: BookRow): Book {
  return {
    id: row.id,
    title: row.title,
    authors: row.authors,
    isbn: row.isbn,
    synopsis: row.synopsis,
    publicationYear: row.publication_year,
    price: row.price,
    currency: row.currency,
    stock: row.stock,
    location: row.location,
    categoryId: row.category_id,
    coverUrl: row.cover_url,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function bookNotFound(): AppError {
  return new AppError('not_found', 'BOOK_NOT_FOUND', 'The book was not found');
}

function orderOf(sort: BookSort): BookOrder {
  const descending = sort.startsWith('-');
  return { by: (descending ? sort.slice(1) : sort) as BookOrder['by'], direction: descending ? 'desc' : 'asc' };
}

/** The database's constraints decide conflicts, so two racing writers cannot both pass a check. */
function rethrowBookConflict(error: unknown): never {
  if (isUniqueViolation(error, 'books_isbn_key')) {
    throw new AppError('conflict', 'ISBN_EXISTS', 'A book with this ISBN is already in the catalog', {
      errors: [{ in: 'body', field: '/isbn', message: 'is already in the catalog' }],
      cause: error,
    });
  }
  if (isForeignKeyViolation(error, 'books_category_id_fkey')) {
    throw new AppError('invalid', 'UNKNOWN_CATEGORY', 'The category does not exist', {
      errors: [{ in: 'body', field: '/categoryId', message: 'does not name an existing category' }],
      cause: error,
    });
  }
  throw error;
}
