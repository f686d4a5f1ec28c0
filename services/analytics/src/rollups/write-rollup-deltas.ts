import type { AnalyticsDb } from '../analytics.tables.ts';
import { splitKey } from './rollup-deltas.ts';
import type { RollupDeltas } from './rollup-deltas.ts';
import {
  addToBookDays,
  addToBookMonths,
  addToBookStockDays,
  addToCategoryDays,
  addToCategoryMonths,
  addToCustomerDays,
  addToCustomerMonths,
  addToEventDays,
  addToShopDays,
} from './rollups.repository.ts';

/**
 * Writes a batch's summed deltas, table after table in one fixed order, so concurrent batches
 * lock rollup rows in the same order.
 */
export async function writeRollupDeltas(db: AnalyticsDb, deltas: RollupDeltas): Promise<void> {
  const rows = <T, K extends string, I extends string>(map: Map<string, T>, period: K, id: I) =>
    [...map].map(([key, delta]) => {
      const [when, what] = splitKey(key);
      return { [period]: when, [id]: what, ...delta } as { [P in K | I]: string } & T;
    });
  await addToShopDays(
    db,
    [...deltas.shopDays].map(([day, delta]) => ({ day, ...delta })),
  );
  await addToBookDays(db, rows(deltas.bookDays, 'day', 'book_id'));
  await addToBookMonths(db, rows(deltas.bookMonths, 'month', 'book_id'));
  await addToCategoryDays(db, rows(deltas.categoryDays, 'day', 'category_id'));
  await addToCategoryMonths(db, rows(deltas.categoryMonths, 'month', 'category_id'));
  await addToCustomerDays(db, rows(deltas.customerDays, 'day', 'user_id'));
  await addToCustomerMonths(db, rows(deltas.customerMonths, 'month', 'user_id'));
  await addToEventDays(db, rows(deltas.eventDays, 'day', 'event_id'));
  await addToBookStockDays(db, rows(deltas.stockDays, 'day', 'book_id'));
}
