import { defineSqlSamples } from '@pustaka/kit/sql-snapshots';
import { migrations } from '../../migrations/index.ts';
import type { AnalyticsTables } from '../analytics.tables.ts';
import { sampleBookId, sampleBookingId, sampleCategoryId, sampleEventId, sampleOrderId, sampleUserId, seedAnalytics } from '../analytics.sql-fixtures.ts';
import {
  ensureBookings,
  ensureOrders,
  findOrderLines,
  findUncategorisedLines,
  lockBookings,
  lockOrders,
  saveBookings,
  saveOrderLines,
  saveOrders,
} from './ledger.repository.ts';

/** The ledger of orders and bookings: rows ensured, then locked in id order, then written back. */
export default defineSqlSamples<AnalyticsTables>({
  schema: 'analytics',
  migrations,
  seed: seedAnalytics,
  samples: [
    { name: 'ensureOrders', run: (db) => ensureOrders(db, [{ orderId: sampleOrderId, userId: sampleUserId }]) },
    { name: 'lockOrders', run: (db) => lockOrders(db, [sampleOrderId]) },
    { name: 'findOrderLines', run: (db) => findOrderLines(db, [sampleOrderId]) },
    { name: 'findUncategorisedLines', run: (db) => findUncategorisedLines(db, [sampleBookId]) },
    {
      name: 'saveOrders',
      run: (db) =>
        saveOrders(db, [
          { order_id: sampleOrderId, user_id: sampleUserId, counted: true, placed_on: '2030-01-01', cancelled_on: '2030-01-02', fulfilled_on: null },
        ]),
    },
    {
      name: 'saveOrderLines',
      run: (db) =>
        saveOrderLines(db, [{ order_id: sampleOrderId, line: 0, book_id: sampleBookId, category_id: sampleCategoryId, quantity: 1, unit_price: 89_000 }]),
    },
    { name: 'ensureBookings', run: (db) => ensureBookings(db, [sampleBookingId]) },
    { name: 'lockBookings', run: (db) => lockBookings(db, [sampleBookingId]) },
    {
      name: 'saveBookings',
      run: (db) =>
        saveBookings(db, [
          {
            booking_id: sampleBookingId,
            states: [
              {
                version: '00000000-0000-7000-8000-000000000002',
                day: '2030-01-01',
                eventId: sampleEventId,
                seats: 2,
                total: 100_000,
                counted: true,
                cancelled: false,
              },
            ],
          },
        ]),
    },
  ],
});
