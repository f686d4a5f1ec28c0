import { assertOwnerOrRole } from '@pustaka/kit/auth';
import type { Caller } from '@pustaka/kit/auth';
import { AppError } from '@pustaka/kit/errors';
import type { TicketingContext } from '../ticketing-context.ts';
import { STAFF } from '../staff.ts';
import type { TicketingDb } from '../ticketing.tables.ts';
import { lockEvent } from '../events/events.repository.ts';
import type { EventRow } from '../events/events.repository.ts';
import { freeSeatsOfHolds, lockSeatsOfHolds } from '../seats/seats.repository.ts';
import { inSeatTransaction, recordSeatsChanged } from '../seats/seats-changed.ts';
import { findHold, moveHold } from './holds.repository.ts';
import { placesLeft } from './hold-places.ts';
import type { HoldRow } from './holds.repository.ts';
import { holdNotFound } from './hold.ts';

/**
 * Lets a hold go before its time (its owner, or staff): its seats are free at once. Releasing a
 * hold that is already gone is a no-op; one that became a booking cannot be released (cancel the
 * booking instead).
 */
export async function releaseHold(ctx: TicketingContext, caller: Caller, holdId: string): Promise<void> {
  const hold = await findHold(ctx.db, holdId);
  if (!hold) throw holdNotFound();
  assertOwnerOrRole(caller, hold.user_id, [...STAFF], holdNotFound);
  if (hold.status === 'booked') throw new AppError('conflict', 'HOLD_BOOKED', 'The hold became a booking; cancel the booking instead');
  const now = ctx.now();
  await inSeatTransaction(ctx, async (trx) => {
    const event = await lockEvent(trx, hold.event_id, 'share');
    const released = await moveHold(trx, holdId, ['active'], 'released', now);
    if (event && released) await freeHoldsWithin(ctx, trx, event, [released], now);
  });
  ctx.events.notify();
}

/**
 * Frees what holds that just ended (released or expired in this transaction) still had, and tells
 * the seat maps. The caller holds the event's lock. A seat taken over by someone else after its
 * hold expired is theirs now and stays so.
 */
export async function freeHoldsWithin(ctx: TicketingContext, trx: TicketingDb, event: EventRow, holds: HoldRow[], now: Date): Promise<void> {
  if (event.kind === 'seated') {
    const ids = holds.map((hold) => hold.id);
    await lockSeatsOfHolds(trx, event.id, ids);
    await recordSeatsChanged(ctx, trx, event.id, 'free', await freeSeatsOfHolds(trx, event.id, ids));
    return;
  }
  const quantity = holds.reduce((sum, hold) => sum + hold.quantity, 0);
  if (quantity === 0) return;
  await recordSeatsChanged(ctx, trx, event.id, 'free', { quantity, remaining: await placesLeft(trx, event, now) });
}
