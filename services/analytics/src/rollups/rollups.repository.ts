import { sql } from '@pustaka/kit/db';
import type { Kysely } from '@pustaka/kit/db';
import type { AnalyticsDb, AnalyticsTables } from '../analytics.tables.ts';
import type { SalesDelta, SeatsDelta, ShopDayDelta, SpendDelta, StockDayDelta } from './rollup-deltas.ts';
import { sortedBy } from './sorted-by.ts';

/**
 * Adds a batch's summed deltas to the rollups: one statement per table, each row once, in key
 * order. A row that does not exist yet starts at the delta.
 */

export async function addToShopDays(db: AnalyticsDb, rows: Array<{ day: string } & ShopDayDelta>): Promise<void> {
  await addTo(db, 'shop_days', ['day'], rows);
}

export async function addToBookDays(db: AnalyticsDb, rows: Array<{ day: string; book_id: string } & SalesDelta>): Promise<void> {
  await addTo(db, 'book_days', ['book_id', 'day'], rows);
}

export async function addToBookMonths(db: AnalyticsDb, rows: Array<{ month: string; book_id: string } & SalesDelta>): Promise<void> {
  await addTo(db, 'book_months', ['book_id', 'month'], rows);
}

export async function addToCategoryDays(db: AnalyticsDb, rows: Array<{ day: string; category_id: string } & SalesDelta>): Promise<void> {
  await addTo(db, 'category_days', ['day', 'category_id'], rows);
}

export async function addToCategoryMonths(db: AnalyticsDb, rows: Array<{ month: string; category_id: string } & SalesDelta>): Promise<void> {
  await addTo(db, 'category_months', ['month', 'category_id'], rows);
}

export async function addToCustomerDays(db: AnalyticsDb, rows: Array<{ day: string; user_id: string } & SpendDelta>): Promise<void> {
  await addTo(db, 'customer_days', ['user_id', 'day'], rows);
}

export async function addToCustomerMonths(db: AnalyticsDb, rows: Array<{ month: string; user_id: string } & SpendDelta>): Promise<void> {
  await addTo(db, 'customer_months', ['user_id', 'month'], rows);
}

export async function addToEventDays(db: AnalyticsDb, rows: Array<{ day: string; event_id: string } & SeatsDelta>): Promise<void> {
  await addTo(db, 'event_days', ['event_id', 'day'], rows);
}

/**
 * Adds stock movements per book and day; the day's closing stock is the one of its newest
 * movement (by event id), whichever order they arrive in.
 */
export async function addToBookStockDays(db: AnalyticsDb, rows: Array<{ book_id: string; day: string } & StockDayDelta>): Promise<void> {
  if (rows.length === 0) return;
  const newer = sql<boolean>`excluded.closing_version > book_stock_days.closing_version`;
  await db
    .insertInto('book_stock_days')
    .values(sortedBy(rows, (row) => `${row.book_id}|${row.day}`))
    .onConflict((oc) =>
      oc.columns(['book_id', 'day']).doUpdateSet((eb) => ({
        restocked: eb('book_stock_days.restocked', '+', eb.ref('excluded.restocked')),
        corrected: eb('book_stock_days.corrected', '+', eb.ref('excluded.corrected')),
        reserved: eb('book_stock_days.reserved', '+', eb.ref('excluded.reserved')),
        released: eb('book_stock_days.released', '+', eb.ref('excluded.released')),
        sold: eb('book_stock_days.sold', '+', eb.ref('excluded.sold')),
        closing_stock: sql<number>`case when ${newer} then excluded.closing_stock else book_stock_days.closing_stock end`,
        closing_version: sql<string>`greatest(excluded.closing_version, book_stock_days.closing_version)`,
      })),
    )
    .execute();
}

/** `insert ... on conflict (key) do update set m = t.m + excluded.m` for every measure of the rows. */
async function addTo<T extends keyof AnalyticsTables>(db: AnalyticsDb, table: T, key: string[], typed: object[]): Promise<void> {
  if (typed.length === 0) return;
  const rows = typed as Array<Record<string, string | number>>;
  const measures = Object.keys(rows[0]!).filter((column) => !key.includes(column));
  const untyped = db as unknown as Kysely<any>;
  await untyped
    .insertInto(table)
    .values(sortedBy(rows, (row) => key.map((column) => row[column]).join('|')))
    .onConflict((oc) =>
      oc
        .columns(key)
        .doUpdateSet(Object.fromEntries(measures.map((column) => [column, sql`${sql.ref(`${table}.${column}`)} + ${sql.ref(`excluded.${column}`)}`])) as never),
    )
    .execute();
}
