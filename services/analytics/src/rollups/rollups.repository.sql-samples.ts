import { defineSqlSamples } from '@pustaka/kit/sql-snapshots';
import { migrations } from '../../migrations/index.ts';
import type { AnalyticsTables } from '../analytics.tables.ts';
import { sampleBookId, sampleCategoryId, sampleEventId, sampleShopDay, sampleUserId, seedAnalytics } from '../analytics.sql-fixtures.ts';
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

const sales = { revenue: 89_000, units: 1 };
const spend = { spend: 89_000, orders: 1 };

/** The rollups: each batch adds its summed deltas, a row once per statement, in key order. */
export default defineSqlSamples<AnalyticsTables>({
  schema: 'analytics',
  migrations,
  seed: seedAnalytics,
  samples: [
    { name: 'addToShopDays', run: (db) => addToShopDays(db, [sampleShopDay]) },
    { name: 'addToBookDays', run: (db) => addToBookDays(db, [{ day: '2030-01-01', book_id: sampleBookId, ...sales }]) },
    { name: 'addToBookMonths', run: (db) => addToBookMonths(db, [{ month: '2030-01-01', book_id: sampleBookId, ...sales }]) },
    { name: 'addToCategoryDays', run: (db) => addToCategoryDays(db, [{ day: '2030-01-01', category_id: sampleCategoryId, ...sales }]) },
    { name: 'addToCategoryMonths', run: (db) => addToCategoryMonths(db, [{ month: '2030-01-01', category_id: sampleCategoryId, ...sales }]) },
    { name: 'addToCustomerDays', run: (db) => addToCustomerDays(db, [{ day: '2030-01-01', user_id: sampleUserId, ...spend }]) },
    { name: 'addToCustomerMonths', run: (db) => addToCustomerMonths(db, [{ month: '2030-01-01', user_id: sampleUserId, ...spend }]) },
    { name: 'addToEventDays', run: (db) => addToEventDays(db, [{ day: '2030-01-01', event_id: sampleEventId, seats: -2, revenue: -100_000 }]) },
    {
      name: 'addToBookStockDays',
      run: (db) =>
        addToBookStockDays(db, [
          {
            book_id: sampleBookId,
            day: '2030-01-01',
            restocked: 0,
            corrected: -2,
            reserved: 0,
            released: 0,
            sold: 0,
            closing_stock: 3,
            closing_version: '00000000-0000-7000-8000-000000000002',
          },
        ]),
    },
  ],
});
