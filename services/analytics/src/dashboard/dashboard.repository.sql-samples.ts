import { defineSqlSamples } from '@pustaka/kit/sql-snapshots';
import { migrations } from '../../migrations/index.ts';
import type { AnalyticsTables } from '../analytics.tables.ts';
import { sampleBookId, sampleCategoryId, sampleEventId, sampleUserId, seedAnalytics } from '../analytics.sql-fixtures.ts';
import {
  findBookSales,
  findBookStockDays,
  findBookTitles,
  findCategoryNames,
  findCustomerNames,
  findLowStockBooks,
  findReportedBook,
  findShopDays,
  findTicketedEvents,
  sumCategories,
  sumEventSeats,
} from './dashboard.repository.ts';

/** The dashboard's reads of the rollups (their plans are checked by test/dashboard-plans.test.ts). */
export default defineSqlSamples<AnalyticsTables>({
  schema: 'analytics',
  migrations,
  seed: seedAnalytics,
  samples: [
    { name: 'findShopDays', run: (db) => findShopDays(db, '2029-12-01', '2030-01-31') },
    {
      name: 'sumCategories',
      run: (db) => sumCategories(db, { head: ['2029-12-15', '2029-12-31'], months: ['2030-01-01', '2030-02-01'], tail: ['2030-03-01', '2030-03-04'] }),
    },
    { name: 'sumEventSeats, events whose seats moved', run: (db) => sumEventSeats(db, '2030-01-01', '2030-01-31') },
    { name: 'sumEventSeats, given events', run: (db) => sumEventSeats(db, '2029-12-01', '2029-12-31', [sampleEventId]) },
    { name: 'findTicketedEvents', run: (db) => findTicketedEvents(db, [sampleEventId]) },
    { name: 'findLowStockBooks', run: (db) => findLowStockBooks(db, 10) },
    { name: 'findBookTitles', run: (db) => findBookTitles(db, [sampleBookId]) },
    { name: 'findCategoryNames', run: (db) => findCategoryNames(db, [sampleCategoryId]) },
    { name: 'findCustomerNames', run: (db) => findCustomerNames(db, [sampleUserId]) },
    { name: 'findReportedBook', run: (db) => findReportedBook(db, sampleBookId) },
    { name: 'findBookSales', run: (db) => findBookSales(db, sampleBookId, '2030-01-01', '2030-01-31') },
    { name: 'findBookStockDays', run: (db) => findBookStockDays(db, sampleBookId, '2030-01-01', '2030-01-31') },
  ],
});
