import { AppError } from '@pustaka/kit/errors';
import { googleCalendarLink } from '../calendar/index.ts';
import type { CalendarBooking } from '../calendar/index.ts';
import type { EventRow } from '../events/events.repository.ts';
import type { BookingRow, BookingWithEventRow } from './bookings.repository.ts';
import type { Booking } from './bookings.schema.ts';

/** What every `booking.*` event says of its booking, whatever else it adds. */
export function bookingFacts(row: BookingRow) {
  return {
    bookingId: row.id,
    code: row.code,
    eventId: row.event_id,
    userId: row.user_id,
    seatIds: row.seat_ids,
    quantity: row.quantity,
    total: row.total,
    currency: row.currency,
  };
}

export function toBooking(row: BookingWithEventRow): Booking {
  return {
    id: row.id,
    code: row.code,
    status: row.status,
    eventId: row.event_id,
    userId: row.user_id,
    seats: row.seat_ids,
    quantity: row.quantity,
    total: row.total,
    currency: row.currency,
    sequence: row.sequence,
    event: {
      title: row.event_title,
      venue: row.event_venue,
      startsAt: row.event_starts_at.toISOString(),
      endsAt: row.event_ends_at.toISOString(),
      timezone: row.event_timezone,
      status: calendarEventStatus(row.event_status),
    },
    calendarUrl: `/api/bookings/${row.id}/calendar.ics`,
    googleCalendarUrl: googleCalendarLink(toCalendarBooking(row)),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    cancelledAt: row.cancelled_at?.toISOString() ?? null,
  };
}

/** A booking as calendars render it; general admission names its places instead of seats. */
export function toCalendarBooking(row: BookingWithEventRow): CalendarBooking & { userId: string } {
  return {
    bookingId: row.id,
    userId: row.user_id,
    code: row.code,
    status: row.status,
    sequence: row.sequence,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    seats: row.seat_ids.length > 0 ? row.seat_ids : [`General admission × ${row.quantity}`],
    event: {
      id: row.event_id,
      title: row.event_title,
      description: row.event_description,
      venue: row.event_venue,
      startsAt: row.event_starts_at,
      endsAt: row.event_ends_at,
      timezone: row.event_timezone,
      status: calendarEventStatus(row.event_status),
    },
  };
}

/** A booking row just written, with its event as the transaction saw it. */
export function withEvent(booking: BookingRow, event: EventRow): BookingWithEventRow {
  return {
    ...booking,
    event_title: event.title,
    event_description: event.description,
    event_venue: event.venue,
    event_starts_at: event.starts_at,
    event_ends_at: event.ends_at,
    event_timezone: event.timezone,
    event_status: event.status,
  };
}

/** Bookings exist only on events that were published: such an event is published or cancelled. */
function calendarEventStatus(status: string): 'published' | 'cancelled' {
  return status === 'cancelled' ? 'cancelled' : 'published';
}

export function bookingNotFound(): AppError {
  return new AppError('not_found', 'BOOKING_NOT_FOUND', 'The booking was not found');
}
