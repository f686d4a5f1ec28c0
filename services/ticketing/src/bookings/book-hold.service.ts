import { AppError } from '@pustaka/kit/errors';
import type { Caller } from '@pustaka/kit/auth';
import { isUniqueViolation } from '@pustaka/kit/db';
import { BOOKING_CONFIRMED } from '@pustaka/contracts';
import type { BookingConfirmedPayload } from '@pustaka/contracts';
import type { TicketingContext } from '../ticketing-context.ts';
import { assertOnSale } from '../events/event.ts';
import { lockEvent } from '../events/events.repository.ts';
import { holdNotFound, holdUnavailable } from '../holds/hold.ts';
import { findHold, lockHold, moveHold } from '../holds/holds.repository.ts';
import { placesLeft } from '../holds/hold-places.ts';
import type { HoldRow } from '../holds/holds.repository.ts';
import { bookHeldSeats, lockSeatsOfHolds } from '../seats/seats.repository.ts';
import { inSeatTransaction, recordSeatsChanged } from '../seats/seats-changed.ts';
import { newBookingCode } from './booking-code.ts';
import { bookingFacts, toBooking, withEvent } from './booking.ts';
import { findBookingByKey, findBookingOfHold, insertBooking } from './bookings.repository.ts';
import type { BookingRow, BookingWithEventRow } from './bookings.repository.ts';
import type { Booking } from './bookings.schema.ts';

/** The booking a request got; `replayed` when it already existed (a retry, or the hold booked before). */
export interface BookedHold {
  booking: Booking;
  replayed: boolean;
}

/** Codes are random: on the rare clash with an existing code, the booking is written again with another. */
const CODE_ATTEMPTS = 3;

/**
 * Turns the caller's unexpired hold into a booking, in one transaction: the hold's seats become
 * the booking's, the hold is spent, `booking.confirmed` is recorded. A hold becomes at most one
 * booking (a unique constraint), so booking it again, at once or later, answers with that booking.
 * With an Idempotency-Key, the key names the booking it made; the same key for another hold is 422.
 */
export async function bookHold(ctx: TicketingContext, caller: Caller, holdId: string, key?: string): Promise<BookedHold> {
  if (key !== undefined) {
    const earlier = await findBookingByKey(ctx.db, caller.id, key);
    if (earlier) return replay(earlier, holdId);
  }
  const hold = await findHold(ctx.db, holdId);
  if (!hold || hold.user_id !== caller.id) throw holdNotFound();
  for (let attempt = 1; ; attempt += 1) {
    try {
      const booked = await confirm(ctx, hold, key);
      if (booked) return { booking: toBooking(booked), replayed: false };
      const existing = await findBookingOfHold(ctx.db, holdId);
      if (existing) return { booking: toBooking(existing), replayed: true };
      throw holdNotFound();
    } catch (error) {
      if (isUniqueViolation(error, 'bookings_code_key') && attempt < CODE_ATTEMPTS) continue;
      // The same key sent with two holds at once: the first committed, this one was another request.
      if (key !== undefined && isUniqueViolation(error, 'bookings_user_idempotency_key')) {
        const earlier = await findBookingByKey(ctx.db, caller.id, key);
        if (earlier) return replay(earlier, holdId);
      }
      throw error;
    }
  }
}

/** The new booking, or `undefined` when the hold was already booked (by this request's twin). */
async function confirm(ctx: TicketingContext, hold: HoldRow, key: string | undefined): Promise<BookingWithEventRow | undefined> {
  const now = ctx.now();
  const booked = await inSeatTransaction(ctx, async (trx) => {
    const event = await lockEvent(trx, hold.event_id, 'share');
    const locked = await lockHold(trx, hold.id);
    if (!locked || locked.status === 'booked') return undefined;
    const refusal = holdUnavailable(locked, now);
    if (refusal) throw refusal;
    assertOnSale(event, now);
    const row: BookingRow = {
      id: ctx.newId(),
      code: newBookingCode(),
      event_id: event.id,
      user_id: locked.user_id,
      hold_id: locked.id,
      status: 'confirmed',
      seat_ids: locked.seat_ids,
      quantity: locked.quantity,
      total: locked.total,
      currency: locked.currency,
      sequence: 0,
      idempotency_key: key ?? null,
      reminded_at: null,
      created_at: now,
      updated_at: now,
      cancelled_at: null,
    };
    await insertBooking(trx, row);
    await moveHold(trx, locked.id, ['active'], 'booked', now);
    if (event.kind === 'seated') {
      await lockSeatsOfHolds(trx, event.id, [locked.id]);
      const seats = await bookHeldSeats(trx, event.id, locked.id, row.id, now);
      // Unexpired holds keep their seats, so this cannot fall short; if it ever did, nothing is kept.
      if (seats.length !== locked.quantity) throw new AppError('conflict', 'HOLD_EXPIRED', 'The hold lost its seats; hold them again');
      await recordSeatsChanged(ctx, trx, event.id, 'booked', locked.seat_ids);
    } else {
      await recordSeatsChanged(ctx, trx, event.id, 'booked', { quantity: locked.quantity, remaining: await placesLeft(trx, event, now) });
    }
    const confirmed: BookingConfirmedPayload = {
      ...bookingFacts(row),
      confirmedAt: now.toISOString(),
    };
    await ctx.events.record(trx, BOOKING_CONFIRMED, confirmed);
    return withEvent(row, event);
  });
  if (booked) ctx.events.notify();
  return booked;
}

function replay(earlier: BookingWithEventRow, holdId: string): BookedHold {
  if (earlier.hold_id !== holdId) throw new AppError('unprocessable', 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with a different request');
  return { booking: toBooking(earlier), replayed: true };
}
