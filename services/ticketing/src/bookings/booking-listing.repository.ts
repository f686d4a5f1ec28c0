import type { TicketingDb } from '../ticketing.tables.ts';
import type { BookingRow } from './bookings.repository.ts';

/** A confirmed booking as the listing reads it; confirmed when it was created (a hold booked). */
export type ListedBookingRow = Pick<BookingRow, 'id' | 'user_id' | 'event_id' | 'quantity' | 'created_at'>;

/**
 * Up to `limit` confirmed bookings with ids above `afterId` (all from the first when undefined),
 * in id order: one statement, so one moment of the bookings per page, read along the primary key.
 */
export async function findConfirmedBookingsAfter(db: TicketingDb, afterId: string | undefined, limit: number): Promise<ListedBookingRow[]> {
  return db
    .selectFrom('bookings')
    .select(['id', 'user_id', 'event_id', 'quantity', 'created_at'])
    .where('status', '=', 'confirmed')
    .$if(afterId !== undefined, (query) => query.where('id', '>', afterId!))
    .orderBy('id')
    .limit(limit)
    .execute();
}
