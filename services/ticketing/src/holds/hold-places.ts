import { AppError } from '@pustaka/kit/errors';
import type { Transaction } from '@pustaka/kit/db';
import type { TicketingContext } from '../ticketing-context.ts';
import type { TicketingDb, TicketingTables } from '../ticketing.tables.ts';
import type { EventRow } from '../events/events.repository.ts';
import { recordSeatsChanged } from '../seats/seats-changed.ts';
import { countTakenPlaces, insertHold } from './holds.repository.ts';
import type { HoldRow } from './holds.repository.ts';
import { seatConflicts } from '../seats/seat-metrics.ts';

/** General-admission places (or seats) of an event still for sale at `now`. */
export async function placesLeft(db: TicketingDb, event: EventRow, now: Date): Promise<number> {
  const { held, booked } = await countTakenPlaces(db, event.id, now);
  return Math.max(event.capacity - held - booked, 0);
}

export function assertPlacesLeft(requested: number, remaining: number): void {
  if (requested > remaining) {
    seatConflicts().inc({ code: 'NOT_ENOUGH_PLACES' });
    throw new AppError('conflict', 'NOT_ENOUGH_PLACES', `Only ${remaining} places are left`, { extensions: { requested, remaining } });
  }
}

/**
 * Holds `quantity` general-admission places. The caller holds the event's exclusive lock, so
 * nobody else counts or takes places until this commits: the count cannot go stale before the hold.
 */
export async function holdPlaces(
  ctx: TicketingContext,
  trx: Transaction<TicketingTables>,
  event: EventRow,
  hold: Omit<HoldRow, 'seat_ids' | 'quantity' | 'total'>,
  quantity: number,
  now: Date,
): Promise<HoldRow> {
  if (event.seating.kind !== 'general') throw new Error(`holdPlaces on seated event ${event.id}`);
  const remaining = await placesLeft(trx, event, now);
  assertPlacesLeft(quantity, remaining);
  const row: HoldRow = { ...hold, seat_ids: [], quantity, total: quantity * event.seating.price };
  await insertHold(trx, row);
  await recordSeatsChanged(ctx, trx, event.id, 'held', { quantity, remaining: remaining - quantity });
  return row;
}
