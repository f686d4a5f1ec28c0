import { sql } from '@pustaka/kit/db';
import type { Selectable } from '@pustaka/kit/db';
import type { AnalyticsDb, BookStockDayTable, ShopDayTable } from '../analytics.tables.ts';
import type { MonthSplit } from '../calendar/shop-calendar.ts';

export type ShopDayRow = Selectable<ShopDayTable>;
export type StockDayRow = Omit<Selectable<BookStockDayTable>, 'book_id' | 'closing_version'>;

const dayText = sql<string>`day::text`.as('day');

/** The shop's totals of each day of a range that had any (one row per day: an index scan of its key). */
export async function findShopDays(db: AnalyticsDb, from: string, to: string): Promise<ShopDayRow[]> {
  return db
    .selectFrom('shop_days')
    .select([
      dayText,
      'orders_placed',
      'orders_cancelled',
      'orders_fulfilled',
      'lines_placed',
      'lines_cancelled',
      'gross_revenue',
      'refunded_revenue',
      'units_sold',
      'units_returned',
      'seats_sold',
      'ticket_revenue',
      'other_currency_orders',
    ])
    .where('day', '>=', from)
    .where('day', '<=', to)
    .orderBy('day')
    .execute();
}

/** Every category's sales over a range, from its whole months and the days around them (categories are few). */
export async function sumCategories(db: AnalyticsDb, split: MonthSplit): Promise<Array<{ category_id: string; revenue: number; units: number }>> {
  const days = (part: [string, string]) =>
    db.selectFrom('category_days').select(['category_id', 'revenue', 'units']).where('day', '>=', part[0]).where('day', '<=', part[1]);
  const months = (part: [string, string]) =>
    db.selectFrom('category_months').select(['category_id', 'revenue', 'units']).where('month', '>=', part[0]).where('month', '<=', part[1]);
  const parts = [...(split.head ? [days(split.head)] : []), ...(split.months ? [months(split.months)] : []), ...(split.tail ? [days(split.tail)] : [])];
  const [first, ...rest] = parts;
  if (!first) return [];
  const union = rest.reduce((query, part) => query.unionAll(part), first);
  const rows = await db
    .selectFrom(union.as('parts'))
    .select(['parts.category_id', sql<number>`sum(parts.revenue)::int8`.as('revenue'), sql<number>`sum(parts.units)::int8`.as('units')])
    .groupBy('parts.category_id')
    .execute();
  return rows.map((row) => ({ ...row, revenue: Number(row.revenue), units: Number(row.units) }));
}

/** A ticketed event's seats and ticket revenue over a range, and the seats booked on it by the range's end. */
export interface EventFiguresRow {
  event_id: string;
  seats: number;
  revenue: number;
  booked_by_end: number;
}

/**
 * The ticketed events whose seats moved in a range (or, given `eventIds`, those events), with
 * their figures. Events are few and each sells over weeks, so their days are summed plainly.
 */
export async function sumEventSeats(db: AnalyticsDb, from: string, to: string, eventIds?: string[]): Promise<EventFiguresRow[]> {
  if (eventIds?.length === 0) return [];
  const inRange = sql<boolean>`day >= ${from}::date`;
  const rows = await db
    .selectFrom('event_days')
    .select([
      'event_id',
      sql<number>`coalesce(sum(seats) filter (where ${inRange}), 0)::int8`.as('seats'),
      sql<number>`coalesce(sum(revenue) filter (where ${inRange}), 0)::int8`.as('revenue'),
      sql<number>`sum(seats)::int8`.as('booked_by_end'),
    ])
    .where('event_id', 'in', eventIds ?? db.selectFrom('event_days').select('event_id').distinct().where('day', '>=', from).where('day', '<=', to))
    .where('day', '<=', to)
    .groupBy('event_id')
    .execute();
  return rows.map((row) => ({ event_id: row.event_id, seats: Number(row.seats), revenue: Number(row.revenue), booked_by_end: Number(row.booked_by_end) }));
}

/** Titles, start and capacity of ticketed events. */
export async function findTicketedEvents(db: AnalyticsDb, eventIds: string[]) {
  if (eventIds.length === 0) return [];
  return db.selectFrom('ticketed_events').select(['event_id', 'title', 'starts_at', 'capacity', 'cancelled']).where('event_id', 'in', eventIds).execute();
}

/** The books at or below their low-stock threshold, lowest stock first (through the partial index that holds only them). */
export async function findLowStockBooks(db: AnalyticsDb, limit: number) {
  return db
    .selectFrom('books')
    .select(['book_id', 'title', 'stock', 'low_stock_threshold'])
    .where(sql<boolean>`stock <= low_stock_threshold`)
    .where('deleted', '=', false)
    .orderBy('stock')
    .orderBy('book_id')
    .limit(limit)
    .execute() as Promise<Array<{ book_id: string; title: string; stock: number; low_stock_threshold: number }>>;
}

/** Titles of books. */
export async function findBookTitles(db: AnalyticsDb, bookIds: string[]): Promise<Array<{ book_id: string; title: string }>> {
  if (bookIds.length === 0) return [];
  return db.selectFrom('books').select(['book_id', 'title']).where('book_id', 'in', bookIds).execute();
}

/** Names of categories (as their books' newest events named them). */
export async function findCategoryNames(db: AnalyticsDb, categoryIds: string[]): Promise<Array<{ category_id: string; name: string }>> {
  if (categoryIds.length === 0) return [];
  return db.selectFrom('categories').select(['category_id', 'name']).where('category_id', 'in', categoryIds).execute();
}

/** Names of customers (those identity has told of). */
export async function findCustomerNames(db: AnalyticsDb, userIds: string[]): Promise<Array<{ user_id: string; name: string }>> {
  if (userIds.length === 0) return [];
  return db.selectFrom('customers').select(['user_id', 'name']).where('user_id', 'in', userIds).execute();
}

/** One book as analytics knows it, with its category's name. */
export async function findReportedBook(db: AnalyticsDb, bookId: string) {
  return db
    .selectFrom('books')
    .leftJoin('categories', 'categories.category_id', 'books.category_id')
    .select([
      'books.book_id',
      'books.title',
      'books.category_id',
      'categories.name as category_name',
      'books.stock',
      'books.low_stock_threshold',
      'books.deleted',
    ])
    .where('books.book_id', '=', bookId)
    .executeTakeFirst();
}

/** One book's sales per day of a range that had any (an index-only scan of its key). */
export async function findBookSales(
  db: AnalyticsDb,
  bookId: string,
  from: string,
  to: string,
): Promise<Array<{ day: string; revenue: number; units: number }>> {
  return db
    .selectFrom('book_days')
    .select([dayText, 'revenue', 'units'])
    .where('book_id', '=', bookId)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .orderBy('day')
    .execute();
}

/** One book's stock movements per day of a range that had any. */
export async function findBookStockDays(db: AnalyticsDb, bookId: string, from: string, to: string): Promise<Array<StockDayRow>> {
  return db
    .selectFrom('book_stock_days')
    .select([dayText, 'restocked', 'corrected', 'reserved', 'released', 'sold', 'closing_stock'])
    .where('book_id', '=', bookId)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .orderBy('day')
    .execute();
}
