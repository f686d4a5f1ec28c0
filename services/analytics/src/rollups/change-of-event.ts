import {
  BOOK_CREATED,
  BOOK_DELETED,
  BOOK_UPDATED,
  BOOKING_CANCELLED,
  BOOKING_CHANGED,
  BOOKING_CONFIRMED,
  EVENT_CANCELLED,
  EVENT_PUBLISHED,
  EVENT_UPDATED,
  ORDER_CANCELLED,
  ORDER_FULFILLED,
  ORDER_PLACED,
  STOCK_CHANGED,
  STOCK_LOW,
  USER_REGISTERED,
  USER_UPDATED,
} from '@pustaka/contracts';
import type { AnalyticsChange } from './analytics-change.ts';
import type { ConsumedEvent } from './consumed-events.ts';

/**
 * The fact an event tells. An order is dated by when it was placed; what carries no time of its
 * own (a cancellation, a fulfilment, a change of seats, a stock movement) by the envelope's
 * `occurredAt`, the moment its owner recorded it. The event id orders facts about one thing.
 *
 * @example
 *   const change = changeOf(parseEvent(message) as ConsumedEvent);
 */
export function changeOf(event: ConsumedEvent): AnalyticsChange {
  const version = event.id.toLowerCase();
  const at = event.occurredAt;
  switch (event.type) {
    case ORDER_PLACED: {
      const { orderId, userId, items, currency, placedAt } = event.payload;
      const lines = items.map(({ bookId, title, quantity, unitPrice }) => ({ bookId, title, quantity, unitPrice }));
      return { kind: 'order-placed', orderId, userId, lines, currency, at: placedAt };
    }
    case ORDER_CANCELLED:
      return {
        kind: 'order-cancelled',
        orderId: event.payload.orderId,
        userId: event.payload.userId,
        bookIds: event.payload.items.map((item) => item.bookId),
        at,
      };
    case ORDER_FULFILLED:
      return { kind: 'order-fulfilled', orderId: event.payload.orderId, userId: event.payload.userId, bookIds: [], at };
    case BOOKING_CONFIRMED:
    case BOOKING_CHANGED:
    case BOOKING_CANCELLED: {
      const { bookingId, eventId, quantity, total, currency } = event.payload;
      const when = event.type === BOOKING_CONFIRMED ? event.payload.confirmedAt : at;
      return { kind: 'booking', bookingId, eventId, version, seats: quantity, total, currency, cancelled: event.type === BOOKING_CANCELLED, at: when };
    }
    case BOOK_CREATED:
    case BOOK_UPDATED: {
      const { bookId, title, categoryId, categoryName, stock, lowStockThreshold } = event.payload;
      return { kind: 'book', bookId, version, title, categoryId, categoryName, stock, lowStockThreshold };
    }
    case BOOK_DELETED:
      return { kind: 'book-deleted', bookId: event.payload.bookId, version };
    case STOCK_CHANGED: {
      const { bookId, stock, delta, reason } = event.payload;
      return { kind: 'stock-moved', bookId, version, stock, delta, reason, at };
    }
    case STOCK_LOW: {
      const { bookId, title, stock, threshold } = event.payload;
      return { kind: 'stock-level', bookId, version, title, stock, threshold };
    }
    case EVENT_PUBLISHED:
    case EVENT_UPDATED: {
      const { eventId, title, startsAt, capacity } = event.payload;
      return { kind: 'ticketed-event', eventId, version, title, startsAt, capacity, cancelled: false };
    }
    case EVENT_CANCELLED: {
      const { eventId, title, startsAt } = event.payload;
      return { kind: 'ticketed-event', eventId, version, title, startsAt, capacity: undefined, cancelled: true };
    }
    case USER_REGISTERED:
    case USER_UPDATED:
      return { kind: 'customer', userId: event.payload.userId, version, name: event.payload.name };
  }
}
