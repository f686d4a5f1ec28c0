import type { DeadLetterRecordedPayload, EventCancelledPayload, EventDetailsPayload, StockLowPayload } from '@pustaka/contracts';
import type { Notice } from './notice.ts';
import { clip, formatWhen } from './notice-format.ts';

/** What bookers hear when an event changes or is called off, and what staff hear of the shop. */

export function eventChangedNotice(memberId: string, event: EventDetailsPayload): Notice {
  return {
    memberId,
    kind: 'event.changed',
    title: clip(`${event.title} has changed`, 200),
    body: clip(`${event.title} is now on ${formatWhen(event.startsAt, event.timezone)}, at ${event.venue}. Your booking still stands.`, 2000),
    link: `/events/${event.eventId}`,
    data: { eventId: event.eventId },
  };
}

/** One per booker, with their first booking on it (a member with two bookings hears it once); times in the event's zone when it is known. */
export function eventCancelledNotices(event: EventCancelledPayload, timeZone: string | undefined): Notice[] {
  const firstBooking = new Map<string, string>();
  for (const booker of event.bookers) if (!firstBooking.has(booker.userId)) firstBooking.set(booker.userId, booker.bookingId);
  return [...firstBooking].map(([memberId, bookingId]) => ({
    memberId,
    kind: 'event.cancelled',
    title: clip(`${event.title} is cancelled`, 200),
    body: clip(
      `We are sorry: ${event.title}, planned for ${formatWhen(event.startsAt, timeZone ?? 'UTC')}${timeZone ? '' : ' UTC'}, is called off. Your booking is cancelled.`,
      2000,
    ),
    link: `/events/${event.eventId}`,
    data: { eventId: event.eventId, bookingId },
  }));
}

export function stockLowNotice(staffId: string, stock: StockLowPayload): Notice {
  return {
    memberId: staffId,
    kind: 'stock.low',
    title: clip(`Low stock: ${stock.title}`, 200),
    body: `${stock.stock === 0 ? 'None' : `Only ${stock.stock}`} left on the shelf (the alarm is at ${stock.threshold}): time to restock.`,
    link: `/books/${stock.bookId}`,
    data: { bookId: stock.bookId, stock: stock.stock, threshold: stock.threshold },
  };
}

/** An event a consumer gave up on: it waits in its service's dead letters until an admin replays it. */
export function deadLetterNotice(staffId: string, letter: DeadLetterRecordedPayload): Notice {
  return {
    memberId: staffId,
    kind: 'dead_letter',
    title: clip(`${letter.service} gave up on an event (${letter.eventType})`, 200),
    body: clip(
      `${letter.consumerId} gave up on ${letter.eventType} ${letter.eventId} after ${letter.attempts} ${letter.attempts === 1 ? 'attempt' : 'attempts'}. It waits in the dead letters of ${letter.service} until an admin replays it.`,
      2000,
    ),
    link: `/staff/dead-letters?service=${letter.service}`,
    data: { deadLetterId: letter.deadLetterId, service: letter.service, consumerId: letter.consumerId, eventId: letter.eventId, eventType: letter.eventType },
  };
}
