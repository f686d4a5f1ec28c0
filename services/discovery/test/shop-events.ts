import { randomUUID } from 'node:crypto';
import {
  BOOK_CREATED,
  BOOKING_CANCELLED,
  BOOKING_CONFIRMED,
  EVENT_CANCELLED,
  EVENT_PUBLISHED,
  ORDER_CANCELLED,
  ORDER_PLACED,
  STOCK_CHANGED,
} from '@pustaka/contracts';
import type {
  BookingCancelledPayload,
  BookingConfirmedPayload,
  BookPayload,
  EventCancelledPayload,
  EventDetailsPayload,
  OrderCancelledPayload,
  OrderPlacedPayload,
  StockChangedPayload,
} from '@pustaka/contracts';
import { newEvent } from '@pustaka/kit/bus';
import { newId } from '@pustaka/kit/db';
import type { EventEnvelope } from '@pustaka/kit/bus';

// The events the owners would record, built by hand so a suite decides their order and their times.

/** A book added to the catalog, with an id as the catalog makes them (UUIDv7: later books sort after). */
export function bookCreated(fields: { categoryId: string; title: string; stock?: number; bookId?: string }): EventEnvelope<BookPayload> {
  return newEvent(BOOK_CREATED, {
    bookId: fields.bookId ?? newId(),
    title: fields.title,
    authors: ['Ayu Utami'],
    isbn: '9786020000000',
    synopsis: 'Sebuah novel.',
    publicationYear: 2001,
    categoryId: fields.categoryId,
    categoryName: 'Sastra',
    price: 75_000,
    currency: 'IDR',
    stock: fields.stock ?? 10,
    updatedAt: new Date().toISOString(),
  });
}

export function stockChanged(bookId: string, stock: number): EventEnvelope<StockChangedPayload> {
  return newEvent(STOCK_CHANGED, { bookId, stock, delta: stock, reason: 'correction' as const });
}

/** An order of `lines` (book id, quantity) placed by `userId` at `placedAt`. */
export function orderPlaced(userId: string, lines: Array<[bookId: string, quantity: number]>, placedAt: Date): EventEnvelope<OrderPlacedPayload> {
  const items = lines.map(([bookId, quantity]) => ({ bookId, title: 'A book', quantity, unitPrice: 1000 }));
  return newEvent(ORDER_PLACED, {
    orderId: randomUUID(),
    userId,
    items,
    total: items.reduce((sum, item) => sum + item.quantity * item.unitPrice, 0),
    currency: 'IDR',
    placedAt: placedAt.toISOString(),
  });
}

/** The cancellation of a placed order, as orders records it (no placedAt). */
export function orderCancelled(placed: EventEnvelope<OrderPlacedPayload>): EventEnvelope<OrderCancelledPayload> {
  const { orderId, userId, items } = placed.payload;
  return newEvent(ORDER_CANCELLED, { orderId, userId, items: items.map(({ bookId, quantity }) => ({ bookId, quantity })), reason: 'buyer' });
}

export function eventPublished(fields: { title: string; startsAt: Date; eventId?: string }): EventEnvelope<EventDetailsPayload> {
  return newEvent(EVENT_PUBLISHED, {
    eventId: fields.eventId ?? randomUUID(),
    title: fields.title,
    description: 'Bincang buku.',
    venue: 'Pustaka Hall',
    startsAt: fields.startsAt.toISOString(),
    endsAt: new Date(fields.startsAt.getTime() + 2 * 3_600_000).toISOString(),
    timezone: 'Asia/Jakarta',
    salesOpenAt: null,
    kind: 'general' as const,
    capacity: 50,
    priceFrom: 50_000,
    currency: 'IDR',
  });
}

export function eventCancelled(published: EventEnvelope<EventDetailsPayload>): EventEnvelope<EventCancelledPayload> {
  const { eventId, title, startsAt } = published.payload;
  return newEvent(EVENT_CANCELLED, { eventId, title, startsAt, bookers: [], cancelledAt: new Date().toISOString() });
}

export function bookingConfirmed(userId: string, eventId: string): EventEnvelope<BookingConfirmedPayload> {
  return newEvent(BOOKING_CONFIRMED, {
    bookingId: randomUUID(),
    code: 'PK-0001',
    eventId,
    userId,
    seatIds: [],
    quantity: 1,
    total: 50_000,
    currency: 'IDR',
    confirmedAt: new Date().toISOString(),
  });
}

export function bookingCancelled(confirmed: EventEnvelope<BookingConfirmedPayload>): EventEnvelope<BookingCancelledPayload> {
  const { confirmedAt: _, ...booking } = confirmed.payload;
  return newEvent(BOOKING_CANCELLED, { ...booking, reason: 'member' as const });
}
