import { pageOfRows } from '@pustaka/kit/rpc';
import type { KeysetPage } from '@pustaka/kit/rpc';
import type { TicketingContext } from '../ticketing-context.ts';
import { findConfirmedBookingsAfter } from './booking-listing.repository.ts';

/** A confirmed booking as the listing gives it: who booked how many places at which event, and when. */
export interface ListedBooking {
  bookingId: string;
  userId: string;
  eventId: string;
  quantity: number;
  confirmedAt: string;
}

/** One page of every confirmed booking, in id order, for a service rebuilding what it keeps of them. */
export async function listBookingsPage(ctx: Pick<TicketingContext, 'db'>, page: KeysetPage): Promise<{ bookings: ListedBooking[]; nextAfterId: string }> {
  const { rows, nextAfterId } = pageOfRows(await findConfirmedBookingsAfter(ctx.db, page.afterId, page.size + 1), page, (row) => row.id);
  return {
    bookings: rows.map((row) => ({
      bookingId: row.id,
      userId: row.user_id,
      eventId: row.event_id,
      quantity: row.quantity,
      confirmedAt: row.created_at.toISOString(),
    })),
    nextAfterId,
  };
}
