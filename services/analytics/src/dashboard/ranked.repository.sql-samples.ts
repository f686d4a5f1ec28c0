import { defineSqlSamples } from '@pustaka/kit/sql-snapshots';
import { migrations } from '../../migrations/index.ts';
import type { AnalyticsTables } from '../analytics.tables.ts';
import { sampleBookId, sampleUserId, seedAnalytics } from '../analytics.sql-fixtures.ts';
import { aggregateRanked, readRankedRows, sumRankedFor, TOP_OF_LIST } from './ranked.repository.ts';

const split = { head: ['2029-12-15', '2029-12-31'], months: ['2030-01-01', '2030-02-01'], tail: ['2030-03-01', '2030-03-04'] } as const;

/** The threshold algorithm's reads (lists best first, exact totals of candidates) and the plain aggregation of a short range. */
export default defineSqlSamples<AnalyticsTables>({
  schema: 'analytics',
  migrations,
  seed: seedAnalytics,
  samples: [
    { name: 'readRankedRows, books per day', run: (db) => readRankedRows(db, 'books', 'day', [{ at: '2030-01-01', ...TOP_OF_LIST, take: 16 }]) },
    {
      name: 'readRankedRows, books per month',
      run: (db) => readRankedRows(db, 'books', 'month', [{ at: '2030-01-01', afterMeasure: '89000', afterKey: sampleBookId, take: 32 }]),
    },
    { name: 'readRankedRows, customers per day', run: (db) => readRankedRows(db, 'customers', 'day', [{ at: '2030-01-01', ...TOP_OF_LIST, take: 16 }]) },
    {
      name: 'sumRankedFor, books',
      run: (db) => sumRankedFor(db, 'books', { head: [...split.head], months: [...split.months], tail: [...split.tail] }, [sampleBookId]),
    },
    { name: 'sumRankedFor, customers over whole months', run: (db) => sumRankedFor(db, 'customers', { months: [...split.months] }, [sampleUserId]) },
    { name: 'aggregateRanked, books', run: (db) => aggregateRanked(db, 'books', '2030-01-01', '2030-01-07', 10) },
    { name: 'aggregateRanked, customers', run: (db) => aggregateRanked(db, 'customers', '2030-01-01', '2030-01-07', 10) },
  ],
});
