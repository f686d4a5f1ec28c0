import { SEATS_CHANGED } from '@pustaka/contracts';
import type { SeatsChangedPayload, SeatStatus } from '@pustaka/contracts';
import type { Kysely } from '@pustaka/kit/db';
import type { TicketingContext } from '../ticketing-context.ts';

/** Places of a general-admission event that moved, and what is left for sale after the move. */
export interface PlacesMoved {
  quantity: number;
  remaining: number;
}

/**
 * Records `seats.changed` for live seat maps, in the transaction that moved the seats: the seat
 * ids (seated) or the number of places and what remains (general admission). Nothing moved, nothing sent.
 * Seat ids go out sorted: the statements that move seats return them in no set order, and a seat
 * map (or a test) should not see the same change two ways.
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
  if (payload.quantity > 0) await ctx.events.record(trx, SEATS_CHANGED, payload);
}
