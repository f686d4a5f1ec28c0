import { sql } from '@pustaka/kit/db';
import type { ExpressionBuilder, SqlBool } from 'kysely';
import type { DiscoveryDb, DiscoveryTables, DocumentTable } from '../discovery.tables.ts';

type CardColumns = 'id' | 'title' | 'people' | 'category_id' | 'category_name' | 'publication_year' | 'price' | 'currency' | 'stock';

/** A book as a recommendation shows it. */
export type BookCardRow = Pick<DocumentTable, CardColumns>;

const CARD_COLUMNS = [
  'documents.id',
  'documents.title',
  'documents.people',
  'documents.category_id',
  'documents.category_name',
  'documents.publication_year',
  'documents.price',
  'documents.currency',
  'documents.stock',
] as const;

/** Which popular books: from which sales, which categories, and which to leave out. */
export interface PopularBooksFilter {
  /** The window of days to rank by (see `SALES_WINDOWS`); all sales when undefined. */
  window?: number | undefined;
  /** Books of these categories only; of any when undefined. */
  categoryIds?: readonly string[] | undefined;
  inStockOnly: boolean;
  excludeIds: readonly string[];
  /** Leaves out the books this member bought. */
  notBoughtBy?: string | undefined;
  limit: number;
}

/** A category's or the shop's books in the catalog, newest first: what fills a page no sale has reached. */
export interface NewestBooksFilter {
  categoryId?: string | undefined;
  excludeIds: readonly string[];
  limit: number;
}

/** A book discovery can show (known to the index and not deleted), with its category. */
export async function findRecommendableBook(db: DiscoveryDb, id: string): Promise<Pick<DocumentTable, 'id' | 'category_id'> | undefined> {
  return db
    .selectFrom('documents')
    .select(['id', 'category_id'])
    .where('id', '=', id)
    .where('type', '=', 'book')
    .where('searchable', '=', true)
    .executeTakeFirst();
}

/**
 * The best-selling books, by time-decayed score (all time, or within a window), read down the
 * score index and kept while the index's book is shown, in stock if asked, in the categories
 * asked and not left out; only books with sales.
 */
export async function findPopularBooks(db: DiscoveryDb, filter: PopularBooksFilter): Promise<Array<BookCardRow & { units: number; score: number }>> {
  const sales =
    filter.window === undefined
      ? db.selectFrom('book_sales').select(['book_id', 'units', 'score'])
      : db.selectFrom('book_sales_windows').select(['book_id', 'units', 'score']).where('days', '=', filter.window);
  return db
    .selectFrom(sales.as('sales'))
    .innerJoin('documents', 'documents.id', 'sales.book_id')
    .select([...CARD_COLUMNS, 'sales.units', 'sales.score'])
    .where((eb) => {
      const conditions = [shown(eb, filter.inStockOnly), eb('sales.book_id', '<>', sql<string>`all(${[...filter.excludeIds]}::uuid[])`)];
      if (filter.categoryIds !== undefined) conditions.push(eb('documents.category_id', '=', sql<string>`any(${[...filter.categoryIds]}::uuid[])`));
      if (filter.notBoughtBy !== undefined) conditions.push(notBoughtBy(eb, filter.notBoughtBy, 'sales.book_id'));
      return eb.and(conditions);
    })
    .orderBy('sales.score', 'desc')
    .orderBy('sales.book_id')
    .limit(filter.limit)
    .execute();
}

/**
 * The books most often bought with `bookId` (in stock, not left out), read down the book's pairs
 * by their count of orders.
 */
export async function findBoughtTogether(db: DiscoveryDb, bookId: string, limit: number): Promise<Array<BookCardRow & { orders: number }>> {
  return db
    .selectFrom('book_pairs')
    .innerJoin('documents', 'documents.id', 'book_pairs.paired_book_id')
    .select([...CARD_COLUMNS, 'book_pairs.orders'])
    .where('book_pairs.book_id', '=', bookId)
    .where((eb) => shown(eb, true))
    .orderBy('book_pairs.orders', 'desc')
    .orderBy('book_pairs.paired_book_id')
    .limit(limit)
    .execute();
}

/** Books in stock, newest in the catalog first, of one category or any, not left out. */
export async function findNewestBooks(db: DiscoveryDb, filter: NewestBooksFilter): Promise<BookCardRow[]> {
  return db
    .selectFrom('documents')
    .select(CARD_COLUMNS)
    .where((eb) => {
      const conditions = [
        // Written as the partial index's predicate is, so the planner can use it.
        sql<SqlBool>`documents.type = 'book' and documents.searchable`,
        eb('documents.stock', '>', 0),
        eb('documents.id', '<>', sql<string>`all(${[...filter.excludeIds]}::uuid[])`),
      ];
      if (filter.categoryId !== undefined) conditions.push(eb('documents.category_id', '=', filter.categoryId));
      return eb.and(conditions);
    })
    .orderBy('documents.id', 'desc')
    .limit(filter.limit)
    .execute();
}

/** A member's books, most recently and most often bought first (their score), with each one's category. */
export async function findMemberSeeds(
  db: DiscoveryDb,
  userId: string,
  limit: number,
): Promise<Array<{ book_id: string; score: number; category_id: string | null }>> {
  return db
    .selectFrom('member_books')
    .leftJoin('documents', 'documents.id', 'member_books.book_id')
    .select(['member_books.book_id', 'member_books.score', 'documents.category_id'])
    .where('member_books.user_id', '=', userId)
    .orderBy('member_books.score', 'desc')
    .orderBy('member_books.book_id')
    .limit(limit)
    .execute();
}

/**
 * The books bought with a member's seed books that they have not bought (in stock), each
 * scored by the orders it shares with each seed times the seed's weight, summed: the `perSeed`
 * most bought with each seed are read, no more.
 */
export async function findNeighbourBooks(
  db: DiscoveryDb,
  seeds: ReadonlyArray<{ bookId: string; weight: number }>,
  userId: string,
  page: { perSeed: number; limit: number },
): Promise<Array<BookCardRow & { weight: number }>> {
  const ranked = db
    .selectFrom(
      sql<{
        book_id: string;
        weight: number;
      }>`(select * from unnest(${seeds.map((seed) => seed.bookId)}::uuid[], ${seeds.map((seed) => seed.weight)}::float8[]) as seeds (book_id, weight))`.as(
        'seeds',
      ),
    )
    .innerJoinLateral(
      (eb) =>
        eb
          .selectFrom('book_pairs')
          .innerJoin('documents', 'documents.id', 'book_pairs.paired_book_id')
          .select(['book_pairs.paired_book_id', 'book_pairs.orders'])
          .whereRef('book_pairs.book_id', '=', 'seeds.book_id')
          .where((inner) => inner.and([shown(inner, true), notBoughtBy(inner, userId, 'book_pairs.paired_book_id')]))
          .orderBy('book_pairs.orders', 'desc')
          .orderBy('book_pairs.paired_book_id')
          .limit(page.perSeed)
          .as('near'),
      (join) => join.onTrue(),
    )
    .select(['near.paired_book_id as book_id', sql<number>`sum(near.orders * seeds.weight)`.as('weight')])
    .groupBy('near.paired_book_id')
    .orderBy('weight', 'desc')
    .orderBy('near.paired_book_id')
    .limit(page.limit);
  return db
    .selectFrom(ranked.as('ranked'))
    .innerJoin('documents', 'documents.id', 'ranked.book_id')
    .select([...CARD_COLUMNS, 'ranked.weight'])
    .orderBy('ranked.weight', 'desc')
    .orderBy('ranked.book_id')
    .execute();
}

/** A book the index shows (not deleted), and on the shelf when `inStockOnly`. */
function shown(eb: ExpressionBuilder<DiscoveryTables, 'documents'>, inStockOnly: boolean) {
  const conditions = [eb('documents.type', '=', 'book'), eb('documents.searchable', '=', true)];
  if (inStockOnly) conditions.push(eb('documents.stock', '>', 0));
  return eb.and(conditions);
}

function notBoughtBy(eb: ExpressionBuilder<DiscoveryTables, any>, userId: string, bookColumn: 'sales.book_id' | 'book_pairs.paired_book_id') {
  return eb.not(
    eb.exists(
      eb
        .selectFrom('member_books')
        .select(sql`1`.as('bought'))
        .where('member_books.user_id', '=', userId)
        .whereRef('member_books.book_id', '=', sql.ref(bookColumn) as never),
    ),
  );
}
