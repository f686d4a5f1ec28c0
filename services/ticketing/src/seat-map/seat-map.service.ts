import type { Caller } from '@pustaka/kit/auth';
import type { TicketingContext } from '../ticketing-context.ts';
import { findVisibleEvent } from '../events/browse-events.service.ts';
import { countTakenPlaces } from '../holds/holds.repository.ts';
import { placesLeft } from '../holds/hold-places.ts';
import type { SeatMap } from './seat-map.schema.ts';
import { findSeatMap } from '../seats/seats.repository.ts';
import { seatStatus } from '../seats/seat-status.ts';

/**
 * Where every seat of an event stands now (free, held, booked, blocked), which are the caller's,
 * and what is left; for general admission, the places left. Holds past their time show as free.
 */
export async function getSeatMap(ctx: TicketingContext, caller: Caller | null, eventId: string): Promise<SeatMap> {
  const event = await findVisibleEvent(ctx, caller, eventId);
  const now = ctx.now();
  const base = { eventId, kind: event.kind, currency: event.currency, capacity: event.capacity };
  if (event.kind === 'general') {
    const mine = caller ? await countTakenPlaces(ctx.db, eventId, now, caller.id) : { held: 0, booked: 0 };
    return { ...base, remaining: await placesLeft(ctx.db, event, now), mine, seats: [] };
  }
  const seats = (await findSeatMap(ctx.db, eventId)).map((row) => {
    const status = seatStatus(row, now);
    const owner = status === 'held' ? row.holder_id : status === 'booked' ? row.booker_id : null;
    return {
      id: row.seat_id,
      section: row.section,
      row: row.row_label,
      number: row.number,
      price: row.price,
      status,
      mine: caller !== null && owner === caller.id,
    };
  });
  const mineWith = (status: string) => seats.filter((seat) => seat.mine && seat.status === status).length;
  return { ...base, remaining: seats.filter((seat) => seat.status === 'free').length, mine: { held: mineWith('held'), booked: mineWith('booked') }, seats };
}
