import type { CalendarBooking } from '../calendar/index.ts';
import type { TicketingDb } from '../ticketing.tables.ts';
import { toCalendarBooking } from './booking.ts';
import { selectBookingsWithEvent } from './bookings.repository.ts';

export type CalendarBookingRow = CalendarBooking & { userId: string };

/**
 * A member's bookings for a feed, cancelled ones included (a feed shows them cancelled), oldest
 * first: those of events that end after `since`, at most `limit` (the newest), so a feed polled
 * every hour stays small however long someone has been a member.
 */
export async function listCalendarBookingsOfUser(db: TicketingDb, userId: string, window: { since: Date; limit: number }): Promise<CalendarBookingRow[]> {
  const rows = await selectBookingsWithEvent(db)
    .where('bookings.user_id', '=', userId)
    .where('events.ends_at', '>=', window.since)
    .orderBy('bookings.created_at', 'desc')
    .orderBy('bookings.id', 'desc')
    .limit(window.limit)
    .execute();
  return rows.reverse().map(toCalendarBooking);
}

export async function findCalendarBooking(db: TicketingDb, bookingId: string): Promise<CalendarBookingRow | undefined> {
  const row = await selectBookingsWithEvent(db).where('bookings.id', '=', bookingId).executeTakeFirst();
  return row && toCalendarBooking(row);
}
