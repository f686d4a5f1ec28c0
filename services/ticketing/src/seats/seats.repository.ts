import type { Selectable } from '@pustaka/kit/db';
import type { SeatTable, TicketingDb } from '../ticketing.tables.ts';
import { freeAt } from './seat-status.ts';

export type SeatRow = Selectable<SeatTable>;

/**
 * Locks seats for the rest of the transaction, always in seat-id order: two transactions that
 * want overlapping seats queue on the first seat they share instead of each holding a seat the
 * other waits for. Every write to several seats is preceded by one of these.
 */
function lockInSeatIdOrder(db: TicketingDb, eventId: string) {
  return db.selectFrom('seats').selectAll().where('event_id', '=', eventId).orderBy('seat_id').forUpdate();
}

/** Seats as they stand, without locking: for refusing at once what is already taken. */
export async function findSeats(db: TicketingDb, eventId: string, seatIds: string[]): Promise<SeatRow[]> {
  if (seatIds.length === 0) return [];
  return db.selectFrom('seats').selectAll().where('event_id', '=', eventId).where('seat_id', 'in', seatIds).orderBy('seat_id').execute();
}

export async function lockSeats(db: TicketingDb, eventId: string, seatIds: string[]): Promise<SeatRow[]> {
  if (seatIds.length === 0) return [];
  return lockInSeatIdOrder(db, eventId).where('seat_id', 'in', seatIds).execute();
}

export async function lockSeatsOfHolds(db: TicketingDb, eventId: string, holdIds: string[]): Promise<SeatRow[]> {
  if (holdIds.length === 0) return [];
  return lockInSeatIdOrder(db, eventId).where('hold_id', 'in', holdIds).execute();
}

export async function lockSeatsOfBooking(db: TicketingDb, eventId: string, bookingId: string): Promise<SeatRow[]> {
  return lockInSeatIdOrder(db, eventId).where('booking_id', '=', bookingId).execute();
}

/** Gives free seats to a hold; returns the seats it got (fewer than asked when some were not free). */
export async function holdSeats(db: TicketingDb, eventId: string, seatIds: string[], hold: { id: string; expiresAt: Date }, now: Date): Promise<string[]> {
  return takeFreeSeats(db, eventId, seatIds, { hold_id: hold.id, hold_expires_at: hold.expiresAt }, now);
}

/** Turns a hold's seats into a booking's, only while the hold is unexpired; the seats converted. */
export async function bookHeldSeats(db: TicketingDb, eventId: string, holdId: string, bookingId: string, now: Date): Promise<string[]> {
  const rows = await db
    .updateTable('seats')
    .set({ booking_id: bookingId, hold_id: null, hold_expires_at: null })
    .where('event_id', '=', eventId)
    .where('hold_id', '=', holdId)
    .where('hold_expires_at', '>', now)
    .returning('seat_id')
    .execute();
  return rows.map((row) => row.seat_id);
}

/** Gives free seats to a booking (a seat change); the seats it got. */
export async function bookFreeSeats(db: TicketingDb, eventId: string, seatIds: string[], bookingId: string, now: Date): Promise<string[]> {
  return takeFreeSeats(db, eventId, seatIds, { booking_id: bookingId, hold_id: null, hold_expires_at: null }, now);
}

/** Sets `owner` on those of `seatIds` that are free (re-checked on the locked rows); the seats taken. */
async function takeFreeSeats(
  db: TicketingDb,
  eventId: string,
  seatIds: string[],
  owner: { hold_id: string | null; hold_expires_at: Date | null; booking_id?: string },
  now: Date,
): Promise<string[]> {
  if (seatIds.length === 0) return [];
  const rows = await db
    .updateTable('seats')
    .set(owner)
    .where('event_id', '=', eventId)
    .where('seat_id', 'in', seatIds)
    .where(freeAt(now))
    .returning('seat_id')
    .execute();
  return rows.map((row) => row.seat_id);
}

/** Frees the seats still held by these holds (a seat taken over after its hold expired is not theirs any more). */
export async function freeSeatsOfHolds(db: TicketingDb, eventId: string, holdIds: string[]): Promise<string[]> {
  if (holdIds.length === 0) return [];
  const rows = await db
    .updateTable('seats')
    .set({ hold_id: null, hold_expires_at: null })
    .where('event_id', '=', eventId)
    .where('hold_id', 'in', holdIds)
    .returning('seat_id')
    .execute();
  return rows.map((row) => row.seat_id);
}

/** Frees a booking's seats (only `seatIds` of them when given). */
export async function freeSeatsOfBooking(db: TicketingDb, eventId: string, bookingId: string, seatIds?: string[]): Promise<string[]> {
  if (seatIds?.length === 0) return [];
  let query = db.updateTable('seats').set({ booking_id: null }).where('event_id', '=', eventId).where('booking_id', '=', bookingId);
  if (seatIds) query = query.where('seat_id', 'in', seatIds);
  const rows = await query.returning('seat_id').execute();
  return rows.map((row) => row.seat_id);
}

/** Frees every held or booked seat of an event (it was cancelled); the seats freed. */
export async function freeAllSeats(db: TicketingDb, eventId: string): Promise<string[]> {
  const rows = await db
    .updateTable('seats')
    .set({ hold_id: null, hold_expires_at: null, booking_id: null })
    .where('event_id', '=', eventId)
    .where((eb) => eb.or([eb('hold_id', 'is not', null), eb('booking_id', 'is not', null)]))
    .returning('seat_id')
    .execute();
  return rows.map((row) => row.seat_id);
}

/** Every seat of an event in map order, with the members behind its hold and its booking. */
export async function findSeatMap(db: TicketingDb, eventId: string) {
  return db
    .selectFrom('seats')
    .leftJoin('holds', 'holds.id', 'seats.hold_id')
    .leftJoin('bookings', 'bookings.id', 'seats.booking_id')
    .select([
      'seats.seat_id',
      'seats.section',
      'seats.row_label',
      'seats.number',
      'seats.price',
      'seats.blocked',
      'seats.hold_id',
      'seats.hold_expires_at',
      'seats.booking_id',
    ])
    .select(['holds.user_id as holder_id', 'bookings.user_id as booker_id'])
    .where('seats.event_id', '=', eventId)
    .orderBy('seats.position')
    .execute();
}
