import type { TicketingDb } from '../ticketing.tables.ts';
import type { BookingRow } from './bookings.repository.ts';

/** A booking as the listing reads it; confirmed when it was created (a hold booked). */
export type ListedBookingRow = Pick<BookingRow, 'id' | 'user_id' | 'event_id' | 'quantity' | 'total' | 'currency' | 'status' | 'created_at' | 'cancelled_at'>;

/**
 * Up to `limit` bookings with ids above `afterId` (all from the first when undefined), in id
 * order, the confirmed ones only unless `includeCancelled`: one statement, so one moment of the
 * bookings per page, read along the primary key.
 */
export async function findBookingsAfter(
  db: TicketingDb,
  afterId: string | undefined,
  limit: number,
  options: { includeCancelled: boolean },
): Promise<ListedBookingRow[]> {
  return db
    .selectFrom('bookings')
    .select(['id', 'user_id', 'event_id', 'quantity', 'total', 'currency', 'status', 'created_at', 'cancelled_at'])
    .$if(!options.includeCancelled, (query) => query.where('status', '=', 'confirmed'))
    .$if(afterId !== undefined, (query) => query.where('id', '>', afterId!))
    .orderBy('id')
    .limit(limit)
    .execute();
}
