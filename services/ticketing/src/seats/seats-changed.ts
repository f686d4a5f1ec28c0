import { SEATS_CHANGED } from '@pustaka/contracts';
import type { SeatsChangedPayload, SeatStatus } from '@pustaka/contracts';
import type { Kysely, Transaction } from '@pustaka/kit/db';
import type { TicketingContext } from '../ticketing-context.ts';
import type { TicketingTables } from '../ticketing.tables.ts';
import { moveSeatMapVersions } from './seat-map-version.ts';

/** Places of a general-admission event that moved, and what is left for sale after the move. */
export interface PlacesMoved {
  quantity: number;
  remaining: number;
}

/** The events whose seat maps a transaction of `inSeatTransaction` changed, by transaction. */
const changedMaps = new WeakMap<object, Set<string>>();

/**
 * Runs `work` in one transaction and, once it has committed, moves the seat-map version of every
 * event whose map it changed (`recordSeatsChanged`, `recordSeatMapChanged`), before the caller
 * answers: the next map request, on any replica, is built from the committed change. Every
 * transaction that moves seats or changes what a map shows runs through here; the recorders refuse
 * any other, so no path can change a map and leave the cached one standing.
 *
 * @example
 *   await inSeatTransaction(ctx, async (trx) => {
 *     await recordSeatsChanged(ctx, trx, eventId, 'free', await freeSeatsOfBooking(trx, eventId, bookingId));
 *   });
 */
export async function inSeatTransaction<T>(ctx: TicketingContext, work: (trx: Transaction<TicketingTables>) => Promise<T>): Promise<T> {
  const changed = new Set<string>();
  const result = await ctx.db.transaction().execute((trx) => {
    changedMaps.set(trx, changed);
    return work(trx);
  });
  if (changed.size > 0) await moveSeatMapVersions(ctx.cache, changed);
  return result;
}

/**
 * Marks the event's seat map changed by this transaction (an edit of the event, a publication, a
 * cancellation): its version moves once the transaction commits.
 */
export function recordSeatMapChanged(trx: Kysely<any>, eventId: string): void {
  const changed = changedMaps.get(trx);
  if (!changed) throw new Error(`the seat map of ${eventId} changed outside inSeatTransaction: its cached copies would stay`);
  changed.add(eventId);
}

/**
 * Records `seats.changed` for live seat maps, in the transaction that moved the seats: the seat
 * ids (seated) or the number of places and what remains (general admission), and marks the cached
 * map changed. Nothing moved, nothing sent. Seat ids go out sorted: the statements that move seats
 * return them in no set order, and a seat map (or a test) should not see the same change two ways.
 */
export async function recordSeatsChanged(
  ctx: TicketingContext,
  trx: Kysely<any>,
  eventId: string,
  status: SeatStatus,
  moved: string[] | PlacesMoved,
): Promise<void> {
  const payload: SeatsChangedPayload = Array.isArray(moved)
    ? { eventId, seatIds: [...moved].sort(), status, quantity: moved.length }
    : { eventId, seatIds: [], status, quantity: moved.quantity, remaining: moved.remaining };
  if (payload.quantity === 0) return;
  recordSeatMapChanged(trx, eventId);
  await ctx.events.record(trx, SEATS_CHANGED, payload);
}
