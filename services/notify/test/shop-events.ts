import { randomUUID } from 'node:crypto';
import {
  BOOKING_CANCELLED,
  BOOKING_CHANGED,
  BOOKING_CONFIRMED,
  BOOKING_REMINDER,
  DEAD_LETTER_RECORDED,
  EVENT_CANCELLED,
  EVENT_PUBLISHED,
  EVENT_UPDATED,
  ORDER_CANCELLED,
  ORDER_FULFILLED,
  ORDER_PLACED,
  STOCK_LOW,
  USER_REGISTERED,
  USER_UPDATED,
} from '@pustaka/contracts';
import type { BookingCancelReason, EventDetailsPayload } from '@pustaka/contracts';
import { newEvent } from '@pustaka/kit/bus';
import type { EventEnvelope } from '@pustaka/kit/bus';

/** Events as their owners record them, for notify's consumer. */

export const userRegistered = (userId: string, email = `${userId.slice(0, 8)}@example.test`) => newEvent(USER_REGISTERED, { userId, email, name: 'Sari' });

export const userUpdated = (userId: string, role: 'member' | 'staff' | 'admin', disabled = false) =>
  newEvent(USER_UPDATED, { userId, name: 'Sari', role, disabled });

export function orderPlaced(userId: string, orderId = randomUUID()) {
  return newEvent(ORDER_PLACED, {
    orderId,
    userId,
    items: [{ bookId: randomUUID(), title: 'Bumi Manusia', quantity: 2, unitPrice: 7_500_000 }],
    total: 15_000_000,
    currency: 'IDR',
    placedAt: new Date().toISOString(),
  });
}

export const orderCancelled = (userId: string, orderId: string) =>
  newEvent(ORDER_CANCELLED, { orderId, userId, items: [{ bookId: randomUUID(), quantity: 2 }], reason: 'Cancelled at your request' });

export const orderFulfilled = (userId: string, orderId: string) => newEvent(ORDER_FULFILLED, { orderId, userId });

export interface Booking {
  bookingId: string;
  eventId: string;
  userId: string;
}

export const newBooking = (userId: string, eventId = randomUUID()): Booking => ({ bookingId: randomUUID(), eventId, userId });

const bookingFields = (booking: Booking, seatIds = ['A-1', 'A-2']) => ({
  ...booking,
  code: `PST-${booking.bookingId.slice(0, 6).toUpperCase()}`,
  seatIds,
  quantity: seatIds.length,
  total: 20_000_000,
  currency: 'IDR',
});

export const bookingConfirmed = (booking: Booking) => newEvent(BOOKING_CONFIRMED, { ...bookingFields(booking), confirmedAt: new Date().toISOString() });

export const bookingChanged = (booking: Booking) =>
  newEvent(BOOKING_CHANGED, { ...bookingFields(booking, ['B-3', 'B-4']), previousSeatIds: ['A-1', 'A-2'], sequence: 1 });

export const bookingCancelled = (booking: Booking, reason: BookingCancelReason = 'member') =>
  newEvent(BOOKING_CANCELLED, { ...bookingFields(booking), reason });

export const bookingReminder = (booking: Booking) =>
  newEvent(BOOKING_REMINDER, {
    ...bookingFields(booking),
    title: 'An evening with Leila Chudori',
    venue: 'Pustaka Kemang',
    startsAt: '2026-12-12T12:00:00Z',
    timezone: 'Asia/Jakarta',
  });

export function eventDetails(eventId: string, changes: Partial<EventDetailsPayload> = {}): EventDetailsPayload {
  return {
    eventId,
    title: 'An evening with Leila Chudori',
    description: 'A reading and a talk.',
    venue: 'Pustaka Kemang',
    startsAt: '2026-12-12T12:00:00.000Z',
    endsAt: '2026-12-12T14:00:00.000Z',
    timezone: 'Asia/Jakarta',
    salesOpenAt: null,
    kind: 'seated',
    capacity: 40,
    priceFrom: 10_000_000,
    currency: 'IDR',
    ...changes,
  };
}

export const eventPublished = (details: EventDetailsPayload) => newEvent(EVENT_PUBLISHED, details);
export const eventUpdated = (details: EventDetailsPayload) => newEvent(EVENT_UPDATED, details);

export const eventCancelled = (eventId: string, bookings: Booking[]) =>
  newEvent(EVENT_CANCELLED, {
    eventId,
    title: 'An evening with Leila Chudori',
    startsAt: '2026-12-12T12:00:00.000Z',
    bookers: bookings.map(({ userId, bookingId }) => ({ userId, bookingId })),
    cancelledAt: new Date().toISOString(),
  });

export const stockLow = (bookId = randomUUID()) => newEvent(STOCK_LOW, { bookId, title: 'Laut Bercerita', stock: 2, threshold: 3 });

export const deadLetterRecorded = (service = 'catalog') =>
  newEvent(DEAD_LETTER_RECORDED, {
    deadLetterId: randomUUID(),
    service,
    consumerId: `${service}.reservations`,
    eventId: randomUUID(),
    eventType: 'order.placed',
    attempts: 5,
    failedAt: new Date().toISOString(),
  });

export type AnyEvent = EventEnvelope<any>;
