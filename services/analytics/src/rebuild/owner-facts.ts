import { keysetPages } from '@pustaka/kit/rpc';
import type { AnalyticsChange, BookingStateChange } from '../rollups/analytics-change.ts';
import type { OwnerClients } from './owner-clients.ts';

/**
 * The version of what a listing tells: below every event id, so an event consumed while a rebuild
 * runs (applied to the rollups being built too) wins over a page, whichever comes first, and every
 * event after the swap wins over what the rebuild wrote.
 */
export const LISTED = '00000000-0000-0000-0000-000000000000';

/**
 * The version of a cancellation a listing tells: above every event id. A cancelled booking is
 * never changed again, so its cancellation is its last state whichever event ids its others have.
 */
export const LISTED_LAST = 'ffffffff-ffff-ffff-ffff-ffffffffffff';

/** How a rebuild reads a listing: pages of this many rows, until `signal` says stop. */
export interface ListingOptions {
  pageSize: number;
  signal?: AbortSignal | undefined;
}

/**
 * Every book of the catalog, a page at a time, as the fact `book.created` would tell: its title,
 * category, stock and threshold.
 *
 * @example
 *   for await (const changes of bookFacts(owners, { pageSize: 500 })) await applyChanges(trx, changes, terms);
 */
export async function* bookFacts(owners: Pick<OwnerClients, 'inventory'>, options: ListingOptions): AsyncGenerator<AnalyticsChange[], void, undefined> {
  const pages = keysetPages(async (afterId) => {
    const { books, nextAfterId } = await owners.inventory.listBooks({ afterId, pageSize: options.pageSize });
    return { items: books, nextAfterId };
  }, options.signal);
  for await (const books of pages) {
    yield books.map((book) => ({
      kind: 'book' as const,
      bookId: book.id,
      version: LISTED,
      title: book.title,
      categoryId: book.categoryId,
      categoryName: book.categoryName,
      stock: book.stock,
      lowStockThreshold: book.lowStockThreshold,
    }));
  }
}

/** Every event ticketing ever published, a page at a time: its title, start, capacity and whether it was called off. */
export async function* ticketedEventFacts(
  owners: Pick<OwnerClients, 'ticketing'>,
  options: ListingOptions,
): AsyncGenerator<AnalyticsChange[], void, undefined> {
  const pages = keysetPages(async (afterId) => {
    const { events, nextAfterId } = await owners.ticketing.listEvents({ afterId, pageSize: options.pageSize });
    return { items: events, nextAfterId };
  }, options.signal);
  for await (const events of pages) {
    yield events.map((event) => ({
      kind: 'ticketed-event' as const,
      eventId: event.eventId,
      version: LISTED,
      title: event.title,
      startsAt: event.startsAt,
      capacity: event.capacity,
      cancelled: event.status === 'cancelled',
    }));
  }
}

/**
 * Every order, a page at a time, as the facts its events told: its placement (on the day it was
 * placed), and its cancellation or fulfilment on the day that happened.
 */
export async function* orderFacts(owners: Pick<OwnerClients, 'orders'>, options: ListingOptions): AsyncGenerator<AnalyticsChange[], void, undefined> {
  const pages = keysetPages(async (afterId) => {
    const { orders, nextAfterId } = await owners.orders.listOrders({ afterId, pageSize: options.pageSize, statuses: [] });
    return { items: orders, nextAfterId };
  }, options.signal);
  for await (const orders of pages) {
    yield orders.flatMap((order): AnalyticsChange[] => {
      const { orderId, userId } = order;
      const bookIds = order.items.map((item) => item.bookId);
      const lines = order.items.map(({ bookId, title, quantity, unitPrice }) => ({ bookId, title, quantity, unitPrice }));
      const placed: AnalyticsChange = { kind: 'order-placed', orderId, userId, lines, currency: order.currency, at: order.placedAt };
      if (order.cancelledAt) return [placed, { kind: 'order-cancelled', orderId, userId, bookIds, at: order.cancelledAt }];
      if (order.fulfilledAt) return [placed, { kind: 'order-fulfilled', orderId, userId, bookIds, at: order.fulfilledAt }];
      return [placed];
    });
  }
}

/**
 * Every booking, cancelled ones too, a page at a time, as the states its events told: confirmed
 * on the day it was, with the seats and total it has now, and cancelled on the day it was. What a
 * change of seats did in between is not kept by ticketing: its difference counts on the day of the
 * confirmation.
 */
export async function* bookingFacts(owners: Pick<OwnerClients, 'ticketing'>, options: ListingOptions): AsyncGenerator<AnalyticsChange[], void, undefined> {
  const pages = keysetPages(async (afterId) => {
    const { bookings, nextAfterId } = await owners.ticketing.listBookings({ afterId, pageSize: options.pageSize, includeCancelled: true });
    return { items: bookings, nextAfterId };
  }, options.signal);
  for await (const bookings of pages) {
    yield bookings.flatMap((booking): AnalyticsChange[] => {
      const state = {
        kind: 'booking' as const,
        bookingId: booking.bookingId,
        eventId: booking.eventId,
        seats: booking.quantity,
        total: booking.total,
        currency: booking.currency,
      };
      const confirmed: BookingStateChange = { ...state, version: LISTED, cancelled: false, at: booking.confirmedAt };
      if (!booking.cancelledAt) return [confirmed];
      return [confirmed, { ...state, version: LISTED_LAST, cancelled: true, at: booking.cancelledAt }];
    });
  }
}
