import { AppError } from '@pustaka/kit/errors';
import type { Caller } from '@pustaka/kit/auth';
import { BOOKING_CHANGED } from '@pustaka/contracts';
import type { BookingChangedPayload } from '@pustaka/contracts';
import type { TicketingContext } from '../ticketing-context.ts';
import { assertNotStarted } from '../events/event.ts';
import { lockEvent } from '../events/events.repository.ts';
import { assertWithinAllowance, lockMemberOnEvent } from '../holds/member-allowance.ts';
import { assertSeatsFree, seatTaken } from '../holds/hold-seats.ts';
import { bookFreeSeats, freeSeatsOfBooking, lockSeats } from '../seats/seats.repository.ts';
import { inSeatTransaction, recordSeatsChanged } from '../seats/seats-changed.ts';
import { bookingNotFound, toBooking, withEvent } from './booking.ts';
import { lockBooking, updateBookingSeats } from './bookings.repository.ts';
import type { Booking } from './bookings.schema.ts';
import { findOwnBooking } from './find-bookings.service.ts';

/**
 * Gives a booking exactly `seatIds` in one transaction: the seats it gains are taken and those it
 * drops are freed together, all locked first in seat-id order (the union of old and new, so
 * two swaps can never deadlock). If any new seat is not free the transaction rolls back and the
 * booking stays exactly as it was (409 SEAT_TAKEN listing them). Before the event starts only.
 */
export async function changeSeats(ctx: TicketingContext, caller: Caller, id: string, seatIds: string[]): Promise<Booking> {
  const booking = await findOwnBooking(ctx, caller, id);
  const now = ctx.now();
  const changed = await inSeatTransaction(ctx, async (trx) => {
    await lockMemberOnEvent(trx, booking.event_id, booking.user_id);
    const event = await lockEvent(trx, booking.event_id, 'share');
    const current = await lockBooking(trx, id);
    if (!event || !current) throw bookingNotFound();
    if (event.kind !== 'seated') throw new AppError('conflict', 'NOT_SEATED', 'This event has general admission: there are no seats to change');
    if (current.status === 'cancelled') throw new AppError('conflict', 'BOOKING_CANCELLED', 'The booking was cancelled');
    assertNotStarted(event, now);
    // Only a gain in seats counts against the member's limit.
    await assertWithinAllowance(ctx, trx, event.id, current.user_id, seatIds.length - current.quantity, now);
    const keeping = new Set(current.seat_ids);
    const gained = seatIds.filter((seatId) => !keeping.has(seatId));
    const dropped = current.seat_ids.filter((seatId) => !seatIds.includes(seatId));
    if (gained.length === 0 && dropped.length === 0) return undefined;

    const seats = await lockSeats(trx, event.id, [...new Set([...current.seat_ids, ...seatIds])]);
    assertSeatsFree(gained, seats, now);
    const byId = new Map(seats.map((seat) => [seat.seat_id, seat]));

    await freeSeatsOfBooking(trx, event.id, id, dropped);
    const got = await bookFreeSeats(trx, event.id, gained, id, now);
    if (got.length !== gained.length) throw seatTaken(gained.filter((seatId) => !got.includes(seatId)));
    const ordered = seatIds.map((seatId) => byId.get(seatId)!).sort((a, b) => a.position - b.position);
    const row = await updateBookingSeats(
      trx,
      id,
      { seatIds: ordered.map((seat) => seat.seat_id), total: ordered.reduce((sum, seat) => sum + seat.price, 0) },
      now,
    );
    await recordSeatsChanged(ctx, trx, event.id, 'free', dropped);
    await recordSeatsChanged(ctx, trx, event.id, 'booked', gained);
    const payload: BookingChangedPayload = {
      bookingId: row.id,
      code: row.code,
      eventId: row.event_id,
      userId: row.user_id,
      seatIds: row.seat_ids,
      previousSeatIds: current.seat_ids,
      quantity: row.quantity,
      total: row.total,
      currency: row.currency,
      sequence: row.sequence,
    };
    await ctx.events.record(trx, BOOKING_CHANGED, payload);
    return withEvent(row, event);
  });
  if (!changed) return toBooking(booking); // the same seats: nothing to change
  ctx.events.notify();
  return toBooking(changed);
}
