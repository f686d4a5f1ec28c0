import type { NotifyDb } from '../notify.tables.ts';

export interface BookingOnEvent {
  bookingId: string;
  eventId: string;
  memberId: string;
}

/** A booking is live on its event (confirmed or changed); a cancelled one stays cancelled. */
export async function keepBooking(db: NotifyDb, booking: BookingOnEvent): Promise<void> {
  await db
    .insertInto('event_bookings')
    .values({ booking_id: booking.bookingId, event_id: booking.eventId, member_id: booking.memberId })
    .onConflict((conflict) => conflict.column('booking_id').doNothing())
    .execute();
}

/** Bookings are cancelled (by their member, by staff, with their event), even before their confirmation arrives. */
export async function cancelBookings(db: NotifyDb, bookings: readonly BookingOnEvent[]): Promise<void> {
  if (bookings.length === 0) return;
  await db
    .insertInto('event_bookings')
    .values(bookings.map((booking) => ({ booking_id: booking.bookingId, event_id: booking.eventId, member_id: booking.memberId, cancelled: true })))
    .onConflict((conflict) => conflict.column('booking_id').doUpdateSet({ cancelled: true }))
    .execute();
}

/** The members with a live booking on the event, each once, in id order. */
export async function findBookersOf(db: NotifyDb, eventId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('event_bookings')
    .select('member_id')
    .distinct()
    .where('event_id', '=', eventId)
    .where('cancelled', '=', false)
    .orderBy('member_id')
    .execute();
  return rows.map((row) => row.member_id);
}
