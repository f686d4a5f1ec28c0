import { defineSqlSamples } from '@pustaka/kit/sql-snapshots';
import { migrations } from '../../migrations/index.ts';
import type { CatalogTables } from '../catalog.tables.ts';
import {
  claimReservation,
  claimReservations,
  findBookSummaries,
  findExpiredHeld,
  findReservation,
  findStockLevels,
  insertReservationLines,
  lockStockOf,
  moveReservation,
  moveReservations,
  returnStock,
  takeStock,
  takeStockOfLocked,
} from './reservations.repository.ts';
import type { ReservationLineRow, ReservationRow } from './reservations.repository.ts';
import { seedCatalog, sampleBooks, sampleNow } from '../catalog.sql-fixtures.ts';

const [first, second] = sampleBooks;
const orderId = '00000000-0000-7000-8000-00000000a001';
const otherOrderId = '00000000-0000-7000-8000-00000000a002';
const held = (order: string): ReservationRow => ({ order_id: order, status: 'held', expires_at: sampleNow, created_at: sampleNow, updated_at: sampleNow });
const line = (order: string, bookId: string): ReservationLineRow => ({
  order_id: order,
  book_id: bookId,
  quantity: 1,
  unit_price: 1000,
  currency: 'IDR',
  title: 'A book',
});

/** The statements behind "stock never oversells": conditional decrements, locks in id order, claims on the order id. */
export default defineSqlSamples<CatalogTables>({
  schema: 'catalog',
  migrations,
  seed: async (db) => {
    await seedCatalog(db);
    await db.insertInto('stock_reservations').values(held(orderId)).execute();
    await db.insertInto('stock_reservation_lines').values(line(orderId, first)).execute();
  },
  samples: [
    { name: 'claimReservation', run: (db) => claimReservation(db, held(otherOrderId)) },
    { name: 'claimReservations', run: (db) => claimReservations(db, [held(otherOrderId), held('00000000-0000-7000-8000-00000000a003')]) },
    { name: 'findReservation', run: (db) => findReservation(db, orderId) },
    { name: 'insertReservationLines', run: (db) => insertReservationLines(db, [line(orderId, second)]) },
    { name: 'takeStock', run: (db) => takeStock(db, first, 2, sampleNow) },
    { name: 'returnStock', run: (db) => returnStock(db, first, 2, sampleNow) },
    { name: 'lockStockOf', run: (db) => lockStockOf(db, [first, second]) },
    {
      name: 'takeStockOfLocked',
      run: (db) =>
        takeStockOfLocked(
          db,
          new Map([
            [first, 2],
            [second, 1],
          ]),
          sampleNow,
        ),
    },
    { name: 'findStockLevels', run: (db) => findStockLevels(db, [first, second]) },
    { name: 'moveReservation', run: (db) => moveReservation(db, orderId, ['held'], 'committed', sampleNow) },
    { name: 'moveReservations', run: (db) => moveReservations(db, [orderId, otherOrderId], ['held', 'committed'], 'released', sampleNow) },
    { name: 'findExpiredHeld', run: (db) => findExpiredHeld(db, sampleNow, 100) },
    { name: 'findBookSummaries', run: (db) => findBookSummaries(db, [first, second]) },
  ],
});
