import type { DiscoveryDb } from '../discovery.tables.ts';
import { planBookingChanges } from './booking-plan.ts';
import type { BookingChange, BookingFacts, KnownBooking } from './booking-plan.ts';
import { addToEventPairs, addToMemberEvents, claimBookingStates, findMembersEvents, lockMembersEvents, saveBookingStates } from './bookings.repository.ts';
import type { BookingStateRow } from './bookings.repository.ts';
import { coBookingDeltas } from './co-booking-deltas.ts';

export type { BookingChange, BookingFacts } from './booking-plan.ts';

/**
 * Counts confirmed bookings into the recommendations, in the caller's transaction, exactly as
 * the consumer counts `booking.confirmed` (the same code): the member holds a booking for the
 * event, and an event new to them adds them to each pair of it and their other events. A booking
 * seen before (counted, or cancelled before its confirmation arrived) changes nothing.
 *
 * @example
 *   await ctx.db.transaction().execute((trx) => applyConfirmedBookings(trx, page.bookings));
 */
export function applyConfirmedBookings(trx: DiscoveryDb, bookings: readonly BookingFacts[]): Promise<void> {
  return applyBookingChanges(
    trx,
    bookings.map((booking) => ({ kind: 'confirmed', booking })),
  );
}

/**
 * Takes cancelled bookings back, in the caller's transaction, as the consumer applies
 * `booking.cancelled`: a counted booking stops counting (its member's last for the event takes
 * them out of that event's pairs); one not confirmed yet is remembered as cancelled, so its
 * confirmation arriving later counts nothing. Cancelling again changes nothing.
 *
 * @example
 *   await applyCancelledBookings(trx, [{ bookingId, userId, eventId }]);
 */
export function applyCancelledBookings(trx: DiscoveryDb, bookings: readonly BookingFacts[]): Promise<void> {
  return applyBookingChanges(
    trx,
    bookings.map((booking) => ({ kind: 'cancelled', booking })),
  );
}

/**
 * Applies confirmations and cancellations in the order given (see `planBookingChanges`): the
 * bookings they name are locked first, then the members whose events change, then each table
 * changes by one statement.
 */
export async function applyBookingChanges(trx: DiscoveryDb, changes: readonly BookingChange[]): Promise<void> {
  if (changes.length === 0) return;
  const claimed = await claimBookingStates(
    trx,
    changes.map(({ booking }) => ({
      bookingId: booking.bookingId.toLowerCase(),
      userId: booking.userId.toLowerCase(),
      eventId: booking.eventId.toLowerCase(),
    })),
  );
  const known = new Map(claimed.filter(wasSeen).map((row) => [row.booking_id, knownBooking(row)]));
  const plan = planBookingChanges(known, changes);
  await saveBookingStates(trx, plan.bookings);
  if (plan.held.length === 0) return;
  const members = [...new Set(plan.held.map((booking) => booking.userId))];
  await lockMembersEvents(trx, members);
  const current = new Map<string, Map<string, number>>();
  for (const row of await findMembersEvents(trx, members)) {
    const events = current.get(row.user_id) ?? new Map<string, number>();
    events.set(row.event_id, row.bookings);
    current.set(row.user_id, events);
  }
  const deltas = coBookingDeltas(current, plan.held);
  await addToMemberEvents(trx, deltas.memberEvents);
  await addToEventPairs(trx, deltas.eventPairs);
}

/** A row written by an earlier transaction, not one `claimBookingStates` has just made. */
function wasSeen(row: BookingStateRow): boolean {
  return row.confirmed || row.cancelled;
}

function knownBooking(row: BookingStateRow): KnownBooking {
  return { bookingId: row.booking_id, userId: row.user_id, eventId: row.event_id, confirmed: row.confirmed, cancelled: row.cancelled };
}
