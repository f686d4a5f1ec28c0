import type { ExpressionBuilder } from 'kysely';
import type { TicketingTables } from '../ticketing.tables.ts';

export type SeatMapStatus = 'free' | 'held' | 'booked' | 'blocked';

interface SeatState {
  blocked: boolean;
  booking_id: string | null;
  hold_id: string | null;
  hold_expires_at: Date | null;
}

/**
 * Where a seat stands at `now`. A hold past its expiry counts as no hold at all: an expired hold
 * never blocks anyone, whether or not the sweep has cleared it yet.
 */
export function seatStatus(seat: SeatState, now: Date): SeatMapStatus {
  if (seat.blocked) return 'blocked';
  if (seat.booking_id !== null) return 'booked';
  if (seat.hold_id !== null && seat.hold_expires_at !== null && seat.hold_expires_at > now) return 'held';
  return 'free';
}

export function isFree(seat: SeatState, now: Date): boolean {
  return seatStatus(seat, now) === 'free';
}

/** `isFree` as a condition of a statement, re-checked by PostgreSQL on the locked row. */
export function freeAt(now: Date) {
  return (eb: ExpressionBuilder<TicketingTables, 'seats'>) =>
    eb.and([
      eb('seats.blocked', '=', false),
      eb('seats.booking_id', 'is', null),
      eb.or([eb('seats.hold_id', 'is', null), eb('seats.hold_expires_at', '<=', now)]),
    ]);
}
