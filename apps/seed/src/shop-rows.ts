import type { ImportedBook, ImportedCategory, ImportedReservation } from '@pustaka/catalog';
import type { ImportedMember } from '@pustaka/identity';
import type { ImportedOrder } from '@pustaka/orders';
import type { ImportedBooking, ImportedEvent } from '@pustaka/ticketing';
import type { SeedBook, SeedBooking, SeedCategory, SeedEvent, SeedMember, SeedOrder } from './generate/index.ts';

/*
 * The generated shop in each owner's words: what each service's bulk import takes. The seeder
 * only translates; each owner writes its own rows.
 */

export function categoryOf(category: SeedCategory): ImportedCategory {
  return { id: category.id, name: category.name, slug: category.slug, description: category.description, createdAt: category.createdAt };
}

/** A book before any order, with the stock the shop had then. */
export function bookOf(book: SeedBook): ImportedBook {
  return {
    id: book.id,
    title: book.title,
    authors: book.authors,
    isbn: book.isbn,
    synopsis: book.synopsis,
    publicationYear: book.publicationYear,
    price: book.price,
    currency: book.currency,
    stock: book.initialStock,
    location: book.location,
    categoryId: book.categoryId,
    coverUrl: null,
    createdAt: book.createdAt,
  };
}

export function memberOf(member: SeedMember): ImportedMember {
  return { id: member.id, email: member.email, name: member.name, createdAt: member.createdAt };
}

export function orderOf(order: SeedOrder): ImportedOrder {
  return {
    id: order.id,
    userId: order.userId,
    status: order.status,
    currency: order.currency,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    items: order.items.map(({ bookId, title, unitPrice, quantity }) => ({ bookId, title, unitPrice, quantity })),
  };
}

/** What the order left in the catalog: its reservation committed, or released when it was cancelled. */
export function reservationOf(order: SeedOrder): ImportedReservation {
  return {
    orderId: order.id,
    status: order.status === 'cancelled' ? 'released' : 'committed',
    createdAt: order.createdAt,
    settledAt: order.updatedAt,
    lines: order.items.map(({ bookId, title, unitPrice, quantity }) => ({ bookId, title, unitPrice, currency: order.currency, quantity })),
  };
}

export function eventOf(event: SeedEvent): ImportedEvent {
  const { index: _index, ...imported } = event;
  return imported;
}

export function bookingOf(booking: SeedBooking): ImportedBooking {
  const { eventIndex: _eventIndex, ...imported } = booking;
  return imported;
}
