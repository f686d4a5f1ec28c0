import { defineSqlSamples } from '@pustaka/kit/sql-snapshots';
import { migrations } from '../../migrations/index.ts';
import type { AnalyticsTables } from '../analytics.tables.ts';
import { sampleBookId, sampleCategoryId, sampleEventId, sampleUserId, seedAnalytics } from '../analytics.sql-fixtures.ts';
import { ensureBooks, lockBooks, saveBooks, saveCategories, saveCustomers, saveTicketedEvents } from './reference.repository.ts';

const newer = '00000000-0000-7000-8000-000000000002';

/** Reference rows: books locked and written back whole; names and events written only over older versions. */
export default defineSqlSamples<AnalyticsTables>({
  schema: 'analytics',
  migrations,
  seed: seedAnalytics,
  samples: [
    { name: 'ensureBooks', run: (db) => ensureBooks(db, [{ bookId: sampleBookId, title: 'Laskar Pelangi' }]) },
    { name: 'lockBooks', run: (db) => lockBooks(db, [sampleBookId]) },
    {
      name: 'saveBooks',
      run: (db) =>
        saveBooks(db, [
          {
            book_id: sampleBookId,
            title: 'Laskar Pelangi',
            category_id: sampleCategoryId,
            stock: 2,
            low_stock_threshold: 3,
            deleted: false,
            content_version: newer,
            stock_version: newer,
          },
        ]),
    },
    { name: 'saveCategories', run: (db) => saveCategories(db, [{ category_id: sampleCategoryId, name: 'Sastra', version: newer }]) },
    { name: 'saveCustomers', run: (db) => saveCustomers(db, [{ user_id: sampleUserId, name: 'Ayu Utami', version: newer }]) },
    {
      name: 'saveTicketedEvents',
      run: (db) =>
        saveTicketedEvents(db, [
          { event_id: sampleEventId, title: 'Bedah buku', starts_at: new Date('2030-02-01T10:00:00Z'), capacity: null, cancelled: true, version: newer },
        ]),
    },
  ],
});
