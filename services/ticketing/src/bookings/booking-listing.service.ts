import { pageOfRows } from '@pustaka/kit/rpc';
import type { KeysetPage } from '@pustaka/kit/rpc';
import type { TicketingContext } from '../ticketing-context.ts';
import { findBookingsAfter } from './booking-listing.repository.ts';

/** A booking as the listing gives it: who booked how many places at which event, when, for how much, and whether it was cancelled since. */
export interface ListedBooking {
  bookingId: string;
  userId: string;
  eventId: string;
  quantity: number;
  confirmedAt: string;
  total: number;
  currency: string;
  status: 'confirmed' | 'cancelled';
  /** Absent while it is confirmed. */
  cancelledAt?: string;
}

/**
 * One page of every confirmed booking (every booking with `includeCancelled`), in id order, for a
 * service rebuilding what it keeps of them.
 */
export async function listBookingsPage(
  ctx: Pick<TicketingContext, 'db'>,
  page: KeysetPage,
  options: { includeCancelled: boolean } = { includeCancelled: false },
): Promise<{ bookings: ListedBooking[]; nextAfterId: string }> {
  const { rows, nextAfterId } = pageOfRows(await findBookingsAfter(ctx.db, page.afterId, page.size + 1, options), page, (row) => row.id);
  return {
    bookings: rows.map((row) => ({
      bookingId: row.id,
      userId: row.user_id,
      eventId: row.event_id,
      quantity: row.quantity,
      confirmedAt: row.created_at.toISOString(),
      total: row.total,
      currency: row.currency,
      status: row.status,
      ...(row.cancelled_at ? { cancelledAt: row.cancelled_at.toISOString() } : {}),
    })),
    nextAfterId,
  };
}
