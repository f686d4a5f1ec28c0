import { defineSqlSamples } from '@pustaka/kit/sql-snapshots';
import { migrations } from '../../migrations/index.ts';
import type { DiscoveryTables } from '../discovery.tables.ts';
import { sampleBookId } from '../discovery.sql-fixtures.ts';
import { addToCountedRows } from './counted-rows.repository.ts';
import type { CountedTable } from './counted-rows.repository.ts';
import { samplePairedBookId, seedRecommendations } from './recommendations.sql-fixtures.ts';

const BOOK_PAIRS: CountedTable<{ bookId: string; pairedBookId: string; orders: number }> = {
  name: 'book_pairs',
  keys: [
    ['bookId', 'book_id', 'uuid'],
    ['pairedBookId', 'paired_book_id', 'uuid'],
  ],
  counters: [['orders', 'orders', 'integer']],
  count: 'orders',
};

/** The shape every table of counts is written in: one upsert in key order, a delete of the rows it emptied. */
export default defineSqlSamples<DiscoveryTables>({
  schema: 'discovery',
  migrations,
  seed: seedRecommendations,
  samples: [
    {
      name: 'addToCountedRows',
      run: (db) => addToCountedRows(db, BOOK_PAIRS, [{ bookId: sampleBookId, pairedBookId: samplePairedBookId, orders: -1 }]),
    },
    {
      name: 'addToCountedRows (every count going up: no row can come to nothing)',
      run: (db) => addToCountedRows(db, BOOK_PAIRS, [{ bookId: sampleBookId, pairedBookId: samplePairedBookId, orders: 1 }]),
    },
  ],
});
