import { sql } from '@pustaka/kit/db';
import type { Insertable, Selectable, Updateable } from '@pustaka/kit/db';
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { BookTable, CatalogDb, CatalogTables } from '../catalog.tables.ts';

export type BookRow = Selectable<BookTable>;
export type NewBookRow = Insertable<BookTable>;
export type BookRowChanges = Updateable<BookTable>;

/** What the list can be narrowed by; text filters match anywhere, in any case. */
export interface BookFilters {
  categoryId?: string | undefined;
  author?: string | undefined;
  yearFrom?: number | undefined;
  yearTo?: number | undefined;
  priceMin?: number | undefined;
  priceMax?: number | undefined;
  inStock?: boolean | undefined;
  q?: string | undefined;
}

export interface BookOrder {
  by: 'title' | 'price' | 'publicationYear' | 'createdAt';
  direction: 'asc' | 'desc';
}

export async function insertBook(db: CatalogDb, row: NewBookRow): Promise<BookRow> {
  return db.insertInto('books').values(row).returningAll().executeTakeFirstOrThrow();
}

/** Inserts books and returns them as stored (with the columns' defaults, such as the low-stock threshold). */
export async function insertBooks(db: CatalogDb, rows: NewBookRow[]): Promise<BookRow[]> {
  return rows.length > 0 ? db.insertInto('books').values(rows).returningAll().execute() : [];
}

export async function findBook(db: CatalogDb, id: string): Promise<BookRow | undefined> {
  return db.selectFrom('books').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateBook(db: CatalogDb, id: string, changes: BookRowChanges): Promise<BookRow | undefined> {
  return db.updateTable('books').set(changes).where('id', '=', id).returningAll().executeTakeFirst();
}

/** The name of a category, for the events that carry a book whole. */
/**
 * The category's name, read under a share lock: a rename in progress is waited for, so the event
 * of a book written beside it names the category as it stands after that rename.
 */
export async function findCategoryName(db: CatalogDb, categoryId: string): Promise<string | undefined> {
  const row = await db.selectFrom('categories').select('name').where('id', '=', categoryId).forShare().executeTakeFirst();
  return row?.name;
}

/** True when a row was deleted. */
export async function deleteBook(db: CatalogDb, id: string): Promise<boolean> {
  const deleted = await db.deleteFrom('books').where('id', '=', id).returning('id').executeTakeFirst();
  return deleted !== undefined;
}

export async function countBooks(db: CatalogDb, filters: BookFilters = {}): Promise<number> {
  const { count } = await db
    .selectFrom('books')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where(matching(filters))
    .executeTakeFirstOrThrow();
  return count;
}

export async function findBooks(db: CatalogDb, filters: BookFilters, order: BookOrder, page: { offset: number; limit: number }): Promise<BookRow[]> {
  return (
    db
      .selectFrom('books')
      .selectAll()
      .where(matching(filters))
      .orderBy(sortKey(order.by), order.direction)
      // Ties (same price, same year) would otherwise shuffle between pages.
      .orderBy('id', order.direction)
      .offset(page.offset)
      .limit(page.limit)
      .execute()
  );
}

function sortKey(by: BookOrder['by']) {
  switch (by) {
    case 'title':
      return (eb: ExpressionBuilder<CatalogTables, 'books'>) => eb.fn<string>('lower', ['title']);
    case 'price':
      return 'price' as const;
    case 'publicationYear':
      return 'publication_year' as const;
    case 'createdAt':
      return 'created_at' as const;
  }
}

function matching(filters: BookFilters) {
  return (eb: ExpressionBuilder<CatalogTables, 'books'>) => {
    const conditions: Expression<SqlBool>[] = [];
    if (filters.categoryId !== undefined) conditions.push(eb('category_id', '=', filters.categoryId));
    if (filters.author !== undefined) conditions.push(anyAuthorLike(containing(filters.author)));
    if (filters.yearFrom !== undefined) conditions.push(eb('publication_year', '>=', filters.yearFrom));
    if (filters.yearTo !== undefined) conditions.push(eb('publication_year', '<=', filters.yearTo));
    if (filters.priceMin !== undefined) conditions.push(eb('price', '>=', filters.priceMin));
    if (filters.priceMax !== undefined) conditions.push(eb('price', '<=', filters.priceMax));
    if (filters.inStock !== undefined) conditions.push(eb('stock', filters.inStock ? '>' : '=', 0));
    if (filters.q !== undefined) {
      const pattern = containing(filters.q);
      conditions.push(eb.or([eb('title', 'ilike', pattern), anyAuthorLike(pattern)]));
    }
    return eb.and(conditions);
  };
}

function anyAuthorLike(pattern: string): Expression<SqlBool> {
  return sql<SqlBool>`exists (select 1 from unnest(${sql.ref('authors')}) as author (name) where author.name ilike ${pattern})`;
}

/** An ILIKE pattern matching the text literally anywhere: `%` and `_` typed by a user are not wildcards. */
function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, '\\$&')}%`;
}
