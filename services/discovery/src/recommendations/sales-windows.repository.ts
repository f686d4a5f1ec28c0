import { sql } from '@pustaka/kit/db';
import type { DiscoveryDb } from '../discovery.tables.ts';

/**
 * The day the windows end on, locked for sharing: applying sales reads it so, and moving the
 * windows on locks it for update, so a sale is never added to a window from a day the window is
 * letting go of in a transaction running beside it.
 */
export async function readSalesWindowsToday(db: DiscoveryDb): Promise<string> {
  const row = await db
    .selectFrom('sales_windows')
    .select(sql<string>`today::text`.as('today'))
    .forShare()
    .executeTakeFirstOrThrow();
  return row.today;
}

/** The day the windows end on, locked until the transaction ends: only one may move them on. */
export async function lockSalesWindowsToday(db: DiscoveryDb): Promise<string> {
  const row = await db
    .selectFrom('sales_windows')
    .select(sql<string>`today::text`.as('today'))
    .forUpdate()
    .executeTakeFirstOrThrow();
  return row.today;
}

/** Makes the windows end on `day` (a `YYYY-MM-DD`). */
export async function setSalesWindowsToday(db: DiscoveryDb, day: string): Promise<void> {
  await db.updateTable('sales_windows').set({ today: day }).execute();
}

/**
 * Takes out of the window of `days` days the sales of the days `from` to `to` (inclusive), as
 * their day rows hold them; a book left with no units in it leaves the window.
 */
export async function letDaysOutOfWindow(db: DiscoveryDb, days: number, from: string, to: string): Promise<void> {
  const fallen = db
    .selectFrom('book_sales_days')
    .select(['book_id', sql<number>`sum(units)::int`.as('units'), sql<number>`sum(score)`.as('score')])
    .where('day', '>=', from)
    .where('day', '<=', to)
    .groupBy('book_id');
  const rows = await db
    .updateTable('book_sales_windows')
    .from(fallen.as('fallen'))
    .set((eb) => ({
      units: eb('book_sales_windows.units', '-', eb.ref('fallen.units')),
      score: eb('book_sales_windows.score', '-', eb.ref('fallen.score')),
    }))
    .where('book_sales_windows.days', '=', days)
    .whereRef('book_sales_windows.book_id', '=', 'fallen.book_id')
    .returning(['book_sales_windows.book_id', 'book_sales_windows.units'])
    .execute();
  const emptied = rows.filter((row) => row.units <= 0).map((row) => row.book_id);
  if (emptied.length === 0) return;
  await db.deleteFrom('book_sales_windows').where('days', '=', days).where('book_id', 'in', emptied).where('units', '<=', 0).execute();
}

/** Forgets the day rows before `day`: no window holds those days any more. */
export async function deleteSalesDaysBefore(db: DiscoveryDb, day: string): Promise<void> {
  await db.deleteFrom('book_sales_days').where('day', '<', day).execute();
}
