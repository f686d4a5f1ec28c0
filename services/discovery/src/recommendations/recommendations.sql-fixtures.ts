import type { Kysely } from '@pustaka/kit/db';
import type { DiscoveryTables } from '../discovery.tables.ts';
import { sampleBookId, sampleNow, seedDiscovery } from '../discovery.sql-fixtures.ts';
import { addToEventPairs, addToMemberEvents, claimBookingStates, saveBookingStates } from './bookings.repository.ts';
import {
  addToBookPairs,
  addToBookSales,
  addToBookSalesDays,
  addToBookSalesWindows,
  addToMemberBooks,
  claimPurchaseOrders,
  savePurchaseOrders,
} from './purchases.repository.ts';

export const sampleOrderId = '00000000-0000-7000-8000-0000000d0001';
export const sampleUserId = '00000000-0000-7000-8000-0000000a0001';
export const samplePairedBookId = '00000000-0000-7000-8000-00000000b002';
export const sampleBookingId = '00000000-0000-7000-8000-0000000f0001';
export const sampleEventId = '00000000-0000-7000-8000-0000000e1001';
export const samplePairedEventId = '00000000-0000-7000-8000-0000000e1002';
export const sampleDay = '2030-01-01';

/**
 * The rows the recommendations' SQL samples read and take back: the index's book, one counted
 * order of it with another book (its sales, day, window, pair and member's book, one unit each)
 * and one confirmed booking with its member's events and pair.
 */
export async function seedRecommendations(db: Kysely<DiscoveryTables>): Promise<void> {
  await seedDiscovery(db);
  await claimPurchaseOrders(db, [{ orderId: sampleOrderId, userId: sampleUserId }]);
  const lines = [
    { bookId: sampleBookId, quantity: 1 },
    { bookId: samplePairedBookId, quantity: 1 },
  ];
  await savePurchaseOrders(db, [{ orderId: sampleOrderId, userId: sampleUserId, placedAt: sampleNow, cancelled: false, lines }]);
  const sale = { bookId: sampleBookId, units: 1, score: 1 };
  await addToBookSales(db, [sale]);
  await addToBookSalesDays(db, [{ ...sale, day: sampleDay }]);
  await addToBookSalesWindows(db, [{ ...sale, days: 7 }]);
  await addToBookPairs(db, [{ bookId: sampleBookId, pairedBookId: samplePairedBookId, orders: 1 }]);
  await addToMemberBooks(db, [{ userId: sampleUserId, bookId: sampleBookId, orders: 1, score: 1 }]);
  const booking = { bookingId: sampleBookingId, userId: sampleUserId, eventId: sampleEventId };
  await claimBookingStates(db, [booking]);
  await saveBookingStates(db, [{ ...booking, confirmed: true, cancelled: false }]);
  await addToMemberEvents(db, [{ userId: sampleUserId, eventId: sampleEventId, bookings: 1 }]);
  await addToEventPairs(db, [{ eventId: sampleEventId, pairedEventId: samplePairedEventId, members: 1 }]);
}
