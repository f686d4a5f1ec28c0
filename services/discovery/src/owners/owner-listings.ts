import type { BookPayload, EventDetailsPayload, OrderPlacedPayload, SeatingKind } from '@pustaka/contracts';
import { keysetPages } from '@pustaka/kit/rpc';
import type { OwnerClients } from './owner-clients.ts';

/** A ticketed event as ticketing lists it: what `event.published` carries, and whether it is still on. */
export type ListedEvent = EventDetailsPayload & { status: 'published' | 'cancelled' };

/** An order as orders lists it: what `order.placed` carried, and its status now. */
export type ListedOrder = OrderPlacedPayload & { status: 'placed' | 'fulfilled' | 'cancelled' };

/** A confirmed booking as ticketing lists it. */
export interface ListedBooking {
  bookingId: string;
  userId: string;
  eventId: string;
  quantity: number;
  confirmedAt: string;
}

/** How a rebuild reads a listing: pages of this many rows, until `signal` says stop. */
export interface ListingOptions {
  pageSize: number;
  signal?: AbortSignal | undefined;
}

/**
 * Every book of the catalog, a page at a time in id order, each as `book.created` carries it.
 *
 * @example
 *   for await (const books of catalogBooks(owners, { pageSize: 500 })) await indexBookPage(ctx.db, shadow, books, ctx.now());
 */
export function catalogBooks(owners: Pick<OwnerClients, 'inventory'>, options: ListingOptions): AsyncGenerator<BookPayload[], void, undefined> {
  return keysetPages(async (afterId) => {
    const { books, nextAfterId } = await owners.inventory.listBooks({ afterId, pageSize: options.pageSize });
    return {
      items: books.map((book) => ({
        bookId: book.id,
        title: book.title,
        authors: book.authors,
        isbn: book.isbn,
        synopsis: book.synopsis,
        publicationYear: book.publicationYear,
        categoryId: book.categoryId,
        categoryName: book.categoryName,
        price: book.price,
        currency: book.currency,
        stock: book.stock,
        updatedAt: book.updatedAt,
      })),
      nextAfterId,
    };
  }, options.signal);
}

/**
 * Every event ticketing ever published (a cancelled one says so), a page at a time in id order,
 * each as `event.published` carries it.
 *
 * @example
 *   for await (const events of ticketedEvents(owners, { pageSize: 500 })) await indexEventPage(ctx.db, shadow, events, ctx.now());
 */
export function ticketedEvents(owners: Pick<OwnerClients, 'ticketing'>, options: ListingOptions): AsyncGenerator<ListedEvent[], void, undefined> {
  return keysetPages(async (afterId) => {
    const { events, nextAfterId } = await owners.ticketing.listEvents({ afterId, pageSize: options.pageSize });
    return {
      items: events.map((event) => ({
        eventId: event.eventId,
        title: event.title,
        description: event.description,
        venue: event.venue,
        startsAt: event.startsAt,
        endsAt: event.endsAt,
        timezone: event.timezone,
        salesOpenAt: event.salesOpenAt ?? null,
        kind: event.kind as SeatingKind,
        capacity: event.capacity,
        priceFrom: event.priceFrom,
        currency: event.currency,
        status: event.status === 'cancelled' ? ('cancelled' as const) : ('published' as const),
      })),
      nextAfterId,
    };
  }, options.signal);
}

/**
 * Every order (or those in `statuses`), a page at a time in id order, each with its items as
 * `order.placed` carried them: what a rebuild of recommendations applies, batch by batch.
 *
 * @example
 *   for await (const orders of listedOrders(owners, { pageSize: 1000, statuses: ['placed', 'fulfilled'] })) await countPurchases(trx, orders);
 */
export function listedOrders(
  owners: Pick<OwnerClients, 'orders'>,
  options: ListingOptions & { statuses?: ReadonlyArray<ListedOrder['status']> },
): AsyncGenerator<ListedOrder[], void, undefined> {
  return keysetPages(async (afterId) => {
    const { orders, nextAfterId } = await owners.orders.listOrders({ afterId, pageSize: options.pageSize, statuses: [...(options.statuses ?? [])] });
    return {
      items: orders.map((order) => ({
        orderId: order.orderId,
        userId: order.userId,
        status: order.status as ListedOrder['status'],
        placedAt: order.placedAt,
        items: order.items.map((item) => ({ bookId: item.bookId, title: item.title, quantity: item.quantity, unitPrice: item.unitPrice })),
        total: order.total,
        currency: order.currency,
      })),
      nextAfterId,
    };
  }, options.signal);
}

/**
 * Every confirmed booking, a page at a time in id order: what a rebuild of a member's
 * recommendations reads of their bookings.
 *
 * @example
 *   for await (const bookings of confirmedBookings(owners, { pageSize: 1000 })) await noteBookings(trx, bookings);
 */
export function confirmedBookings(owners: Pick<OwnerClients, 'ticketing'>, options: ListingOptions): AsyncGenerator<ListedBooking[], void, undefined> {
  return keysetPages(async (afterId) => {
    const { bookings, nextAfterId } = await owners.ticketing.listBookings({ afterId, pageSize: options.pageSize });
    return {
      items: bookings.map((booking) => ({
        bookingId: booking.bookingId,
        userId: booking.userId,
        eventId: booking.eventId,
        quantity: booking.quantity,
        confirmedAt: booking.confirmedAt,
      })),
      nextAfterId,
    };
  }, options.signal);
}
