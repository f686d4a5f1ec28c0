import { defineSqlSamples } from '@pustaka/kit/sql-snapshots';
import { migrations } from '../../migrations/index.ts';
import type { OrdersTables } from '../orders.tables.ts';
import { findOrdersAfter } from './order-listing.repository.ts';

/** The listing other services rebuild from: keyset pages along the primary key, items aggregated per order. */
export default defineSqlSamples<OrdersTables>({
  schema: 'orders',
  migrations,
  samples: [
    { name: 'findOrdersAfter (first page, every status)', run: (db) => findOrdersAfter(db, undefined, 1001, []) },
    {
      name: 'findOrdersAfter (next page, some statuses)',
      run: (db) => findOrdersAfter(db, '00000000-0000-7000-8000-00000000a001', 1001, ['placed', 'fulfilled']),
    },
  ],
});
