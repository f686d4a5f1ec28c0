import { AppError } from '@pustaka/kit/errors';
import type { Caller } from '@pustaka/kit/auth';
import { isUniqueViolation } from '@pustaka/kit/db';
import type { TicketingContext } from '../ticketing-context.ts';
import { assertOnSale } from '../events/event.ts';
import { findEvent, lockEvent } from '../events/events.repository.ts';
import type { EventRow } from '../events/events.repository.ts';
import { inSeatTransaction } from '../seats/seats-changed.ts';
import { findSeats } from '../seats/seats.repository.ts';
import { findHoldByKey } from './holds.repository.ts';
import type { HoldRow } from './holds.repository.ts';
import { assertPlacesLeft, holdPlaces, placesLeft } from './hold-places.ts';
import { assertSeatsFree, holdChosenSeats } from './hold-seats.ts';
import { assertWithinAllowance, lockMemberOnEvent } from './member-allowance.ts';
import { toHold } from './hold.ts';
import type { Hold, PlaceHoldBody } from './holds.schema.ts';

/** The hold a request made; `replayed` when it is a retry of an earlier request with the same key. */
export interface PlacedHold {
  hold: Hold;
  replayed: boolean;
}

type Wanted = { seatIds: string[] } | { quantity: number };

/**
 * Holds seats for the caller, all of them or none. What is already refused by what everyone can
 * see (an event not on sale, a seat taken, places gone) is answered at once, without a lock; it
 * was true when read. Only a request that may succeed takes the locks, in one order everywhere:
 * the member's (the per-member limit), the event (shared for seats, so a cancellation waits;
 * exclusive for general admission, which counts heads), then the seats in id order. With an
 * Idempotency-Key, a retry gets the hold the key made.
 */
export async function placeHold(ctx: TicketingContext, caller: Caller, eventId: string, request: PlaceHoldBody, key?: string): Promise<PlacedHold> {
  if (key !== undefined) {
    const earlier = await findHoldByKey(ctx.db, caller.id, key);
    if (earlier) return replay(earlier, eventId, request);
  }
  const now = ctx.now();
  const seen = await findEvent(ctx.db, eventId);
  assertOnSale(seen, now);
  const wanted = wantedOf(seen, request);
  try {
    if ('seatIds' in wanted) assertSeatsFree(wanted.seatIds, await findSeats(ctx.db, eventId, wanted.seatIds), now);
    else assertPlacesLeft(wanted.quantity, await placesLeft(ctx.db, seen, now));
  } catch (refusal) {
    // A twin request with the same key may have just taken these very seats: it is a retry, not a rival.
    const twin = key === undefined ? undefined : await findHoldByKey(ctx.db, caller.id, key);
    if (twin) return replay(twin, eventId, request);
    throw refusal;
  }
  try {
    const placed = await inSeatTransaction(ctx, async (trx) => {
      await lockMemberOnEvent(trx, eventId, caller.id);
      // A twin request with the same key went first while this one waited for the member's lock.
      const twin = key === undefined ? undefined : await findHoldByKey(trx, caller.id, key);
      if (twin) return replay(twin, eventId, request);
      // An event's kind never changes once it is on sale, so the unlocked read chose the right lock.
      const event = await lockEvent(trx, eventId, seen.kind === 'general' ? 'update' : 'share');
      assertOnSale(event, now);
      await assertWithinAllowance(ctx, trx, eventId, caller.id, 'seatIds' in wanted ? wanted.seatIds.length : wanted.quantity, now);
      const hold = {
        id: ctx.newId(),
        event_id: eventId,
        user_id: caller.id,
        currency: event.currency,
        status: 'active' as const,
        expires_at: new Date(now.getTime() + ctx.settings.holdTtlSeconds * 1000),
        idempotency_key: key ?? null,
        created_at: now,
        updated_at: now,
      };
      const row =
        'seatIds' in wanted ? await holdChosenSeats(ctx, trx, event, hold, wanted.seatIds, now) : await holdPlaces(ctx, trx, event, hold, wanted.quantity, now);
      return { hold: toHold(row), replayed: false };
    });
    if (!placed.replayed) ctx.events.notify();
    return placed;
  } catch (error) {
    // The same key used for another event at the same moment: the unique key tells them apart.
    if (key !== undefined && isUniqueViolation(error, 'holds_user_idempotency_key')) {
      const earlier = await findHoldByKey(ctx.db, caller.id, key);
      if (earlier) return replay(earlier, eventId, request);
    }
    throw error;
  }
}

/** Seats for a seated event, a number of places for general admission; the other is a client error. */
function wantedOf(event: EventRow, request: PlaceHoldBody): Wanted {
  if (event.kind === 'seated') {
    if (!request.seatIds) throw wrongShape('/seatIds', 'is required: this event is seated; choose seats');
    return { seatIds: request.seatIds };
  }
  if (request.quantity === undefined) throw wrongShape('/quantity', 'is required: this event has general admission, without seat numbers');
  return { quantity: request.quantity };
}

function wrongShape(field: string, message: string): AppError {
  return new AppError('invalid', 'VALIDATION_FAILED', 'The request has invalid fields', { errors: [{ in: 'body', field, message }] });
}

function replay(earlier: HoldRow, eventId: string, request: PlaceHoldBody): PlacedHold {
  const same =
    earlier.event_id === eventId &&
    (request.seatIds
      ? [...request.seatIds].sort().join() === [...earlier.seat_ids].sort().join()
      : request.quantity === earlier.quantity && earlier.seat_ids.length === 0);
  if (!same) throw new AppError('unprocessable', 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with a different request');
  return { hold: toHold(earlier), replayed: true };
}
