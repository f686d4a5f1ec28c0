import { withClient } from './pg.ts';
import type { AnsweredBooking } from './seat-rush-load.ts';

export interface SeatLedgerCheck {
  /** Seats in two or more confirmed bookings. */
  doubleBooked: number;
  /** Seats that two 201 answers both gave out. */
  doubleAnswered: number;
  /** Seats booked per the database (confirmed bookings), and per the 201 answers clients got. */
  seatsBooked: number;
  seatsAnswered: number;
  /** Seats in one account and not the other: answered but not booked, or booked without an answer. */
  answeredNotBooked: number;
  bookedNotAnswered: number;
  /** Seat rows whose `booking_id` disagrees with the confirmed booking listing the seat. */
  seatRowsDisagreeing: number;
  /** Unexpired active holds on a seat a confirmed booking has. */
  holdsOverBookings: number;
  /** Seats for sale that are neither booked nor free afterwards (held by a hold nobody booked). */
  stillHeld: number;
  capacity: number;
}

/** Every count that must be zero for the check to pass. */
export function seatLedgerViolations(check: SeatLedgerCheck): number {
  return check.doubleBooked + check.doubleAnswered + check.answeredNotBooked + check.bookedNotAnswered + check.seatRowsDisagreeing + check.holdsOverBookings;
}

/**
 * The double-booking check, read straight from ticketing's tables once the rush is over: no seat
 * is in two confirmed bookings, the seats booked are exactly the seats the 201 answers handed out,
 * each seat row points at the booking that lists it, and no live hold sits on a booked seat.
 */
export async function checkSeatLedger(databaseUrl: string, eventId: string, answered: AnsweredBooking[]): Promise<SeatLedgerCheck> {
  return withClient(databaseUrl, async (db) => {
    const one = async <T>(text: string): Promise<T> => (await db.query(text, [eventId])).rows[0] as T;
    const booked = (
      await db.query<{ booking_id: string; seat_id: string }>(
        `
      select b.id::text as booking_id, s.seat_id from ticketing.bookings b cross join unnest(b.seat_ids) as s(seat_id)
      where b.event_id = $1 and b.status = 'confirmed'`,
        [eventId],
      )
    ).rows;
    const { doubled } = await one<{ doubled: number }>(`
      select count(*)::int as doubled from (
        select s.seat_id from ticketing.bookings b cross join unnest(b.seat_ids) as s(seat_id)
        where b.event_id = $1 and b.status = 'confirmed' group by s.seat_id having count(*) > 1) twice`);
    const { disagreeing } = await one<{ disagreeing: number }>(`
      with seat_rows as (select seat_id, booking_id from ticketing.seats where event_id = $1 and booking_id is not null),
           listed as (select b.id as booking_id, sid as seat_id from ticketing.bookings b cross join unnest(b.seat_ids) as sid
                      where b.event_id = $1 and b.status = 'confirmed')
      select count(*)::int as disagreeing from seat_rows
      full join listed on listed.seat_id = seat_rows.seat_id and listed.booking_id = seat_rows.booking_id
      where seat_rows.seat_id is null or listed.seat_id is null`);
    const { overlapping } = await one<{ overlapping: number }>(`
      select count(*)::int as overlapping from ticketing.holds h
      join ticketing.bookings b on b.event_id = h.event_id and b.status = 'confirmed' and b.hold_id <> h.id and b.seat_ids && h.seat_ids
      where h.event_id = $1 and h.status = 'active' and h.expires_at > now()`);
    const { held, capacity } = await one<{ held: number; capacity: number }>(`
      select count(*) filter (where hold_id is not null and hold_expires_at > now())::int as held,
             count(*) filter (where not blocked)::int as capacity
      from ticketing.seats where event_id = $1`);

    const answeredSeats = answered.flatMap((booking) => booking.seats);
    const answeredSet = new Set(answeredSeats);
    const bookedSet = new Set(booked.map((row) => row.seat_id));
    return {
      doubleBooked: doubled,
      doubleAnswered: answeredSeats.length - answeredSet.size,
      seatsBooked: booked.length,
      seatsAnswered: answeredSeats.length,
      answeredNotBooked: [...answeredSet].filter((seat) => !bookedSet.has(seat)).length,
      bookedNotAnswered: [...bookedSet].filter((seat) => !answeredSet.has(seat)).length,
      seatRowsDisagreeing: disagreeing,
      holdsOverBookings: overlapping,
      stillHeld: held,
      capacity,
    };
  });
}
