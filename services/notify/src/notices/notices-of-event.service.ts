import type { EventDetailsPayload } from '@pustaka/contracts';
import { cancelBookings, findBookersOf, keepBooking } from '../members/event-bookings.repository.ts';
import { findStaffIds, upsertMemberEmail, upsertMemberState } from '../members/members.repository.ts';
import { findTicketedEvent, keepTicketedEvent } from '../members/ticketed-events.repository.ts';
import type { TicketedEventRow } from '../members/ticketed-events.repository.ts';
import type { NotifyDb } from '../notify.tables.ts';
import type { Notice } from './notice.ts';
import {
  bookingCancelledNotice,
  bookingChangedNotice,
  bookingConfirmedNotice,
  bookingReminderNotice,
  orderCancelledNotice,
  orderFulfilledNotice,
  orderPlacedNotice,
} from './member-notices.ts';
import type { NotifiedEvent } from './notified-events.ts';
import { deadLetterNotice, eventCancelledNotices, eventChangedNotice, stockLowNotice } from './shop-notices.ts';

/**
 * Keeps what an event says of members, bookings and ticketed events, and says who is to be told
 * what about it, in the consumer's transaction.
 */
export async function noticesOf(db: NotifyDb, event: NotifiedEvent): Promise<Notice[]> {
  switch (event.type) {
    case 'user.registered':
      await upsertMemberEmail(db, event.payload.userId, event.payload.email);
      return [];
    case 'user.updated':
      await upsertMemberState(db, { memberId: event.payload.userId, role: event.payload.role, disabled: event.payload.disabled, version: event.id });
      return [];
    case 'order.placed':
      return [orderPlacedNotice(event.payload)];
    case 'order.cancelled':
      return [orderCancelledNotice(event.payload)];
    case 'order.fulfilled':
      return [orderFulfilledNotice(event.payload)];
    case 'booking.confirmed':
      await keepBooking(db, { bookingId: event.payload.bookingId, eventId: event.payload.eventId, memberId: event.payload.userId });
      return [bookingConfirmedNotice(event.payload)];
    case 'booking.changed':
      await keepBooking(db, { bookingId: event.payload.bookingId, eventId: event.payload.eventId, memberId: event.payload.userId });
      return [bookingChangedNotice(event.payload)];
    case 'booking.cancelled': {
      await cancelBookings(db, [{ bookingId: event.payload.bookingId, eventId: event.payload.eventId, memberId: event.payload.userId }]);
      const notice = bookingCancelledNotice(event.payload);
      return notice ? [notice] : [];
    }
    case 'booking.reminder':
      return [bookingReminderNotice(event.payload)];
    case 'event.published':
      await keepTicketedEvent(db, ticketedEventRow(event.payload, event.id));
      return [];
    case 'event.updated':
      return eventChangedNotices(db, event.payload, event.id);
    case 'event.cancelled': {
      const { eventId, bookers } = event.payload;
      await cancelBookings(
        db,
        bookers.map((booker) => ({ bookingId: booker.bookingId, eventId, memberId: booker.userId })),
      );
      return eventCancelledNotices(event.payload, (await findTicketedEvent(db, eventId))?.timezone);
    }
    case 'stock.low':
      return (await findStaffIds(db)).map((staffId) => stockLowNotice(staffId, event.payload));
    case 'dead_letter.recorded':
      return (await findStaffIds(db)).map((staffId) => deadLetterNotice(staffId, event.payload));
  }
}

/**
 * Bookers hear of a change of an event's time or place (not of a new description); an update
 * older than the one kept is ignored. Without the event's earlier details, any update is told.
 */
async function eventChangedNotices(db: NotifyDb, details: EventDetailsPayload, version: string): Promise<Notice[]> {
  const before = await findTicketedEvent(db, details.eventId);
  const after = ticketedEventRow(details, version);
  if (!(await keepTicketedEvent(db, after))) return [];
  if (before && !movedInTimeOrPlace(before, after)) return [];
  return (await findBookersOf(db, details.eventId)).map((memberId) => eventChangedNotice(memberId, details));
}

function movedInTimeOrPlace(before: TicketedEventRow, after: TicketedEventRow): boolean {
  return (
    before.venue !== after.venue ||
    before.timezone !== after.timezone ||
    before.starts_at.getTime() !== after.starts_at.getTime() ||
    before.ends_at.getTime() !== after.ends_at.getTime()
  );
}

function ticketedEventRow(details: EventDetailsPayload, version: string): TicketedEventRow {
  return {
    event_id: details.eventId,
    title: details.title,
    venue: details.venue,
    starts_at: new Date(details.startsAt),
    ends_at: new Date(details.endsAt),
    timezone: details.timezone,
    version,
  };
}
