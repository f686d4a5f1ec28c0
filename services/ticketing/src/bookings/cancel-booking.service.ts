import type { Caller } from '@pustaka/kit/auth';
import { BOOKING_CANCELLED } from '@pustaka/contracts';
import type { BookingCancelReason, BookingCancelledPayload } from '@pustaka/contracts';
import type { TicketingContext } from '../ticketing-context.ts';
import { assertNotStarted } from '../events/event.ts';
import { lockEvent } from '../events/events.repository.ts';
import { placesLeft } from '../holds/hold-places.ts';
import { freeSeatsOfBooking, lockSeatsOfBooking } from '../seats/seats.repository.ts';
import { inSeatTransaction, recordSeatsChanged } from '../seats/seats-changed.ts';
import { bookingFacts, bookingNotFound, toBooking, withEvent } from './booking.ts';
import { cancelBookingRow } from './bookings.repository.ts';
import type { BookingRow } from './bookings.repository.ts';
import type { Booking } from './bookings.schema.ts';
import { findOwnBooking } from './find-bookings.service.ts';

/**
 * Cancels a booking before its event starts (its member, or staff): the seats are free at once and
 * `booking.cancelled` is recorded, in one transaction. Cancelling it again answers with the
 * cancelled booking and announces nothing more.
 */
export async function cancelBooking(ctx: TicketingContext, caller: Caller, id: string): Promise<Booking> {
  const booking = await findOwnBooking(ctx, caller, id);
  if (booking.status === 'cancelled') return toBooking(booking);
  const now = ctx.now();
  const cancelled = await inSeatTransaction(ctx, async (trx) => {
    const event = await lockEvent(trx, booking.event_id, 'share');
    if (!event) throw bookingNotFound();
    assertNotStarted(event, now);
    const row = await cancelBookingRow(trx, id, now);
    if (!row) return undefined;
    if (event.kind === 'seated') {
      await lockSeatsOfBooking(trx, event.id, id);
      await recordSeatsChanged(ctx, trx, event.id, 'free', await freeSeatsOfBooking(trx, event.id, id));
    } else {
      await recordSeatsChanged(ctx, trx, event.id, 'free', { quantity: row.quantity, remaining: await placesLeft(trx, event, now) });
    }
    await ctx.events.record(trx, BOOKING_CANCELLED, bookingCancelled(row, caller.id === row.user_id ? 'member' : 'staff'));
    return withEvent(row, event);
  });
  if (!cancelled) return toBooking(await findOwnBooking(ctx, caller, id)); // a concurrent cancel won
  ctx.events.notify();
  return toBooking(cancelled);
}

/** The payload of `booking.cancelled` for a booking just cancelled. */
export function bookingCancelled(row: BookingRow, reason: BookingCancelReason): BookingCancelledPayload {
  return {
    ...bookingFacts(row),
    reason,
  };
}
