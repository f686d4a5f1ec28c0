import type { Selectable } from '@pustaka/kit/db';
import type { BookingTable, TicketingDb } from '../ticketing.tables.ts';

export type BookingRow = Selectable<BookingTable>;

/** A booking with what it shows of its event. */
export type BookingWithEventRow = BookingRow & {
  event_title: string;
  event_description: string;
  event_venue: string;
  event_starts_at: Date;
  event_ends_at: Date;
  event_timezone: string;
  event_status: string;
};

export async function insertBooking(db: TicketingDb, row: BookingRow): Promise<void> {
  await db.insertInto('bookings').values(row).execute();
}

/** Bookings joined with their events in one query. */
export function selectBookingsWithEvent(db: TicketingDb) {
  return db
    .selectFrom('bookings')
    .innerJoin('events', 'events.id', 'bookings.event_id')
    .selectAll('bookings')
    .select([
      'events.title as event_title',
      'events.description as event_description',
      'events.venue as event_venue',
      'events.starts_at as event_starts_at',
      'events.ends_at as event_ends_at',
      'events.timezone as event_timezone',
      'events.status as event_status',
    ]);
}

export async function findBooking(db: TicketingDb, id: string): Promise<BookingWithEventRow | undefined> {
  return selectBookingsWithEvent(db).where('bookings.id', '=', id).executeTakeFirst();
}

export async function findBookingOfHold(db: TicketingDb, holdId: string): Promise<BookingWithEventRow | undefined> {
  return selectBookingsWithEvent(db).where('bookings.hold_id', '=', holdId).executeTakeFirst();
}

export async function findBookingByKey(db: TicketingDb, userId: string, key: string): Promise<BookingWithEventRow | undefined> {
  return selectBookingsWithEvent(db).where('bookings.user_id', '=', userId).where('bookings.idempotency_key', '=', key).executeTakeFirst();
}

export async function findBookingsOfUser(
  db: TicketingDb,
  userId: string,
  page: { offset: number; limit: number },
): Promise<{ rows: BookingWithEventRow[]; total: number }> {
  const rows = await selectBookingsWithEvent(db)
    .where('bookings.user_id', '=', userId)
    .orderBy('bookings.created_at', 'desc')
    .orderBy('bookings.id', 'desc')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
  const { total } = await db
    .selectFrom('bookings')
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return { rows, total: Number(total) };
}

/** The booking, locked until the transaction ends: changes and cancellations of it take turns. */
export async function lockBooking(db: TicketingDb, id: string): Promise<BookingRow | undefined> {
  return db.selectFrom('bookings').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** A confirmed booking's new seats and price; its sequence goes up so calendars replace their copy. */
export async function updateBookingSeats(db: TicketingDb, id: string, seats: { seatIds: string[]; total: number }, now: Date): Promise<BookingRow> {
  return db
    .updateTable('bookings')
    .set((eb) => ({ seat_ids: seats.seatIds, quantity: seats.seatIds.length, total: seats.total, sequence: eb('sequence', '+', 1), updated_at: now }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Cancels a confirmed booking; `undefined` when it was not confirmed any more. */
export async function cancelBookingRow(db: TicketingDb, id: string, now: Date): Promise<BookingRow | undefined> {
  return db
    .updateTable('bookings')
    .set((eb) => ({ status: 'cancelled', sequence: eb('sequence', '+', 1), cancelled_at: now, updated_at: now }))
    .where('id', '=', id)
    .where('status', '=', 'confirmed')
    .returningAll()
    .executeTakeFirst();
}

/** Cancels every confirmed booking of an event; the bookings cancelled. */
export async function cancelBookingsOfEvent(db: TicketingDb, eventId: string, now: Date): Promise<BookingRow[]> {
  return db
    .updateTable('bookings')
    .set((eb) => ({ status: 'cancelled', sequence: eb('sequence', '+', 1), cancelled_at: now, updated_at: now }))
    .where('event_id', '=', eventId)
    .where('status', '=', 'confirmed')
    .returningAll()
    .execute();
}

/**
 * The event's details changed under its bookings: calendars must replace their copies. A new start
 * also means a new reminder is due.
 */
export async function touchBookingsOfEvent(db: TicketingDb, eventId: string, now: Date, startMoved: boolean): Promise<void> {
  await db
    .updateTable('bookings')
    .set((eb) => ({ sequence: eb('sequence', '+', 1), updated_at: now, ...(startMoved ? { reminded_at: null } : {}) }))
    .where('event_id', '=', eventId)
    .where('status', '=', 'confirmed')
    .execute();
}

/**
 * Marks confirmed bookings of published events starting in `(now, until]` as reminded, at most
 * `limit` of them, and returns them with their events: each is reminded once.
 */
export async function claimDueReminders(db: TicketingDb, now: Date, until: Date, limit: number): Promise<BookingWithEventRow[]> {
  const claimed = await db
    .updateTable('bookings')
    .set({ reminded_at: now })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('bookings as due')
        .innerJoin('events', 'events.id', 'due.event_id')
        .select('due.id')
        .where('due.status', '=', 'confirmed')
        .where('due.reminded_at', 'is', null)
        .where('events.status', '=', 'published')
        .where('events.starts_at', '>', now)
        .where('events.starts_at', '<=', until)
        .limit(limit),
    )
    .where('reminded_at', 'is', null)
    .returning('id')
    .execute();
  if (claimed.length === 0) return [];
  return selectBookingsWithEvent(db)
    .where(
      'bookings.id',
      'in',
      claimed.map((row) => row.id),
    )
    .execute();
}
