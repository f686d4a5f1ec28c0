import { defineSqlSamples } from '@pustaka/kit/sql-snapshots';
import { migrations } from '../../migrations/index.ts';
import type { DiscoveryTables } from '../discovery.tables.ts';
import { sampleBookId, sampleNow } from '../discovery.sql-fixtures.ts';
import {
  addToBookPairs,
  addToBookSales,
  addToBookSalesDays,
  addToBookSalesWindows,
  addToMemberBooks,
  claimPurchaseOrders,
  savePurchaseOrders,
} from './purchases.repository.ts';
import { sampleDay, sampleOrderId, samplePairedBookId, sampleUserId, seedRecommendations } from './recommendations.sql-fixtures.ts';

const newOrderId = '00000000-0000-7000-8000-0000000d0002';
/** Takes back the seeded sale (so the emptied row goes) and adds one of another book. */
const sales = [
  { bookId: sampleBookId, units: -1, score: -1 },
  { bookId: samplePairedBookId, units: 2, score: 2.5 },
];

/** What orders change: their rows locked in id order, and each table of counts by one upsert (and a delete when a row empties). */
export default defineSqlSamples<DiscoveryTables>({
  schema: 'discovery',
  migrations,
  seed: seedRecommendations,
  samples: [
    {
      name: 'claimPurchaseOrders',
      run: (db) =>
        claimPurchaseOrders(db, [
          { orderId: sampleOrderId, userId: sampleUserId },
          { orderId: newOrderId, userId: sampleUserId },
        ]),
    },
    {
      name: 'savePurchaseOrders',
      run: (db) => savePurchaseOrders(db, [{ orderId: sampleOrderId, userId: sampleUserId, placedAt: sampleNow, cancelled: true, lines: [] }]),
    },
    { name: 'addToBookSales', run: (db) => addToBookSales(db, sales) },
    {
      name: 'addToBookSalesDays',
      run: (db) =>
        addToBookSalesDays(
          db,
          sales.map((sale) => ({ ...sale, day: sampleDay })),
        ),
    },
    {
      name: 'addToBookSalesWindows',
      run: (db) =>
        addToBookSalesWindows(
          db,
          sales.map((sale) => ({ ...sale, days: 7 })),
        ),
    },
    { name: 'addToBookPairs', run: (db) => addToBookPairs(db, [{ bookId: sampleBookId, pairedBookId: samplePairedBookId, orders: -1 }]) },
    { name: 'addToMemberBooks', run: (db) => addToMemberBooks(db, [{ userId: sampleUserId, bookId: sampleBookId, orders: -1, score: -1 }]) },
  ],
});
