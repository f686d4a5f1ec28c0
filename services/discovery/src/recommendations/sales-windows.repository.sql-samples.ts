import { defineSqlSamples } from '@pustaka/kit/sql-snapshots';
import { migrations } from '../../migrations/index.ts';
import type { DiscoveryTables } from '../discovery.tables.ts';
import { sampleDay, seedRecommendations } from './recommendations.sql-fixtures.ts';
import { deleteSalesDaysBefore, letDaysOutOfWindow, lockSalesWindowsToday, readSalesWindowsToday, setSalesWindowsToday } from './sales-windows.repository.ts';

/** The windows' day, shared by sales and locked by the job that moves the windows on, and what the job changes. */
export default defineSqlSamples<DiscoveryTables>({
  schema: 'discovery',
  migrations,
  seed: seedRecommendations,
  samples: [
    { name: 'readSalesWindowsToday', run: (db) => readSalesWindowsToday(db) },
    { name: 'lockSalesWindowsToday', run: (db) => lockSalesWindowsToday(db) },
    { name: 'setSalesWindowsToday', run: (db) => setSalesWindowsToday(db, sampleDay) },
    { name: 'letDaysOutOfWindow', run: (db) => letDaysOutOfWindow(db, 7, sampleDay, sampleDay) },
    { name: 'deleteSalesDaysBefore', run: (db) => deleteSalesDaysBefore(db, '2030-01-02') },
  ],
});
