import { AppError } from '@pustaka/kit/errors';
import type { Transaction } from '@pustaka/kit/db';
import type { TicketingContext } from '../ticketing-context.ts';
import type { TicketingTables } from '../ticketing.tables.ts';
import type { EventRow } from '../events/events.repository.ts';
import { holdSeats, lockSeats } from '../seats/seats.repository.ts';
import type { SeatRow } from '../seats/seats.repository.ts';
import { isFree } from '../seats/seat-status.ts';
import { recordSeatsChanged } from '../seats/seats-changed.ts';
import { insertHold } from './holds.repository.ts';
import type { HoldRow } from './holds.repository.ts';
import { seatConflicts } from '../seats/seat-metrics.ts';

/**
 * Holds exactly `seatIds`, or throws with nothing kept: the seats are locked in id order, every
 * one must be free, and the conditional update that takes them re-checks it on the locked rows.
 */
export async function holdChosenSeats(
  ctx: TicketingContext,
  trx: Transaction<TicketingTables>,
  event: EventRow,
  hold: Omit<HoldRow, 'seat_ids' | 'quantity' | 'total'>,
  seatIds: string[],
  now: Date,
): Promise<HoldRow> {
  const seats = await lockSeats(trx, event.id, seatIds);
  assertSeatsFree(seatIds, seats, now);
  const inMapOrder = seats.sort((a, b) => a.position - b.position);
  const row: HoldRow = {
    ...hold,
    seat_ids: inMapOrder.map((seat) => seat.seat_id),
    quantity: seats.length,
    total: seats.reduce((sum, seat) => sum + seat.price, 0),
  };
  await insertHold(trx, row);
  const taken = await holdSeats(trx, event.id, seatIds, { id: row.id, expiresAt: row.expires_at }, now);
  // Locked and free, so this cannot fall short; if it ever did, throwing keeps nothing.
  if (taken.length !== seatIds.length) throw seatTaken(seatIds.filter((id) => !taken.includes(id)));
  await recordSeatsChanged(ctx, trx, event.id, 'held', row.seat_ids);
  return row;
}

/** Every requested seat exists and is free at `now`; else 400 UNKNOWN_SEATS or 409 SEAT_TAKEN naming them. */
export function assertSeatsFree(requested: string[], seats: SeatRow[], now: Date): void {
  const found = new Set(seats.map((seat) => seat.seat_id));
  const unknown = requested.filter((id) => !found.has(id));
  if (unknown.length > 0) throw new AppError('invalid', 'UNKNOWN_SEATS', "Some seats are not in this event's layout", { extensions: { seatIds: unknown } });
  const taken = seats.filter((seat) => requested.includes(seat.seat_id) && !isFree(seat, now)).map((seat) => seat.seat_id);
  if (taken.length > 0) throw seatTaken(taken);
}

/** The refusal of seats someone else has; counted in `pustaka_ticketing_seat_conflicts_total`. */
export function seatTaken(seatIds: string[]): AppError {
  seatConflicts().inc({ code: 'SEAT_TAKEN' });
  return new AppError('conflict', 'SEAT_TAKEN', 'Some of the seats are not free', { extensions: { seatIds } });
}
