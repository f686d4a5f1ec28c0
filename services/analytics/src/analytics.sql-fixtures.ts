import type { Kysely } from '@pustaka/kit/db';
import type { AnalyticsTables } from './analytics.tables.ts';
import { ensureBookings, ensureOrders, saveOrderLines, saveOrders } from './rollups/ledger.repository.ts';
import { ensureBooks, saveCategories, saveCustomers, saveTicketedEvents } from './rollups/reference.repository.ts';
import {
  addToBookDays,
  addToBookMonths,
  addToCategoryDays,
  addToCategoryMonths,
  addToCustomerDays,
  addToEventDays,
  addToShopDays,
} from './rollups/rollups.repository.ts';

export const sampleBookId = '00000000-0000-7000-8000-00000000b001';
export const sampleCategoryId = '00000000-0000-7000-8000-00000000c001';
export const sampleUserId = '00000000-0000-7000-8000-00000000a001';
export const sampleOrderId = '00000000-0000-7000-8000-00000000d001';
export const sampleBookingId = '00000000-0000-7000-8000-00000000e001';
export const sampleEventId = '00000000-0000-7000-8000-00000000f001';
export const sampleVersion = '00000000-0000-7000-8000-000000000001';

const zeroDay = {
  orders_placed: 1,
  orders_cancelled: 0,
  orders_fulfilled: 0,
  lines_placed: 1,
  lines_cancelled: 0,
  gross_revenue: 89_000,
  refunded_revenue: 0,
  units_sold: 1,
  units_returned: 0,
  seats_sold: 0,
  ticket_revenue: 0,
  other_currency_orders: 0,
};

/** The rows analytics' SQL samples read: a book, its category, a customer, an order, a booking, an event and their rollups. */
export async function seedAnalytics(db: Kysely<AnalyticsTables>): Promise<void> {
  await ensureBooks(db, [{ bookId: sampleBookId, title: 'Laskar Pelangi' }]);
  await saveCategories(db, [{ category_id: sampleCategoryId, name: 'Sastra Indonesia', version: sampleVersion }]);
  await saveCustomers(db, [{ user_id: sampleUserId, name: 'Ayu', version: sampleVersion }]);
  await saveTicketedEvents(db, [
    { event_id: sampleEventId, title: 'Bedah buku', starts_at: new Date('2030-02-01T10:00:00Z'), capacity: 40, cancelled: false, version: sampleVersion },
  ]);
  await ensureOrders(db, [{ orderId: sampleOrderId, userId: sampleUserId }]);
  await saveOrders(db, [{ order_id: sampleOrderId, user_id: sampleUserId, counted: true, placed_on: '2030-01-01', cancelled_on: null, fulfilled_on: null }]);
  await saveOrderLines(db, [{ order_id: sampleOrderId, line: 0, book_id: sampleBookId, category_id: null, quantity: 1, unit_price: 89_000 }]);
  await ensureBookings(db, [sampleBookingId]);
  await addToShopDays(db, [{ day: '2030-01-01', ...zeroDay }]);
  await addToBookDays(db, [{ day: '2030-01-01', book_id: sampleBookId, revenue: 89_000, units: 1 }]);
  await addToBookMonths(db, [{ month: '2030-01-01', book_id: sampleBookId, revenue: 89_000, units: 1 }]);
  await addToCategoryDays(db, [{ day: '2030-01-01', category_id: sampleCategoryId, revenue: 89_000, units: 1 }]);
  await addToCategoryMonths(db, [{ month: '2030-01-01', category_id: sampleCategoryId, revenue: 89_000, units: 1 }]);
  await addToCustomerDays(db, [{ day: '2030-01-01', user_id: sampleUserId, spend: 89_000, orders: 1 }]);
  await addToEventDays(db, [{ day: '2030-01-01', event_id: sampleEventId, seats: 2, revenue: 100_000 }]);
}

/** A day of the shop's totals, for samples that add one. */
export const sampleShopDay = { day: '2030-01-02', ...zeroDay };
