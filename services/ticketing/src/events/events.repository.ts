import { sql } from '@pustaka/kit/db';
import type { Insertable, Selectable, Updateable } from '@pustaka/kit/db';
import type { EventStatus, EventTable, TicketingDb } from '../ticketing.tables.ts';
import type { LaidOutSeat, Seating } from './seating.ts';

export type EventRow = Selectable<EventTable>;
export type NewEventRow = Insertable<EventTable>;
export type EventRowChanges = Updateable<EventTable>;

export interface EventFilters {
  status: EventStatus;
  from?: Date | undefined;
  to?: Date | undefined;
}

/** Inserting many seats in one statement stays well under PostgreSQL's 65,535 parameters. */
const SEATS_PER_INSERT = 1_000;

export async function insertEvent(db: TicketingDb, row: NewEventRow): Promise<EventRow> {
  return db
    .insertInto('events')
    .values({ ...row, seating: jsonb(row.seating) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findEvent(db: TicketingDb, id: string): Promise<EventRow | undefined> {
  return db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * The event, locked for the rest of the transaction. Everything that touches an event's holds,
 * bookings or seats takes this lock first: `share` for work on some seats (many run at once),
 * `update` for work on all of them (cancelling the event, general admission's head count), which
 * waits for the others and keeps new ones out until it commits.
 */
export async function lockEvent(db: TicketingDb, id: string, mode: 'share' | 'update'): Promise<EventRow | undefined> {
  const query = db.selectFrom('events').selectAll().where('id', '=', id);
  return (mode === 'share' ? query.forShare() : query.forUpdate()).executeTakeFirst();
}

export async function updateEvent(db: TicketingDb, id: string, changes: EventRowChanges): Promise<EventRow> {
  const { seating, ...rest } = changes;
  return db
    .updateTable('events')
    .set({ ...rest, ...(seating ? { seating: jsonb(seating) } : {}) })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function countEvents(db: TicketingDb, filters: EventFilters): Promise<number> {
  const { count } = await matching(db, filters)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(count);
}

/** Events in start order; id closes the sort so pages never shuffle. */
export async function findEvents(db: TicketingDb, filters: EventFilters, page: { offset: number; limit: number }): Promise<EventRow[]> {
  return matching(db, filters).selectAll().orderBy('starts_at').orderBy('id').offset(page.offset).limit(page.limit).execute();
}

/** Replaces an event's seats (a draft's new layout); the seats carry no holds or bookings yet. */
export async function replaceSeats(db: TicketingDb, eventId: string, seats: LaidOutSeat[]): Promise<void> {
  await db.deleteFrom('seats').where('event_id', '=', eventId).execute();
  for (let i = 0; i < seats.length; i += SEATS_PER_INSERT) {
    await db
      .insertInto('seats')
      .values(seats.slice(i, i + SEATS_PER_INSERT).map((seat) => freeSeatRow(eventId, seat)))
      .execute();
  }
}

/** The row of a laid-out seat of `eventId`, nobody's yet (free, or blocked if the layout says so). */
export function freeSeatRow(eventId: string, seat: LaidOutSeat) {
  return {
    event_id: eventId,
    seat_id: seat.seatId,
    position: seat.position,
    section: seat.section,
    row_label: seat.rowLabel,
    number: seat.number,
    price: seat.price,
    blocked: seat.blocked,
    hold_id: null,
    hold_expires_at: null,
    booking_id: null,
  };
}

function matching(db: TicketingDb, filters: EventFilters) {
  let query = db.selectFrom('events').where('status', '=', filters.status);
  if (filters.from !== undefined) query = query.where('starts_at', '>=', filters.from);
  if (filters.to !== undefined) query = query.where('starts_at', '<', filters.to);
  return query;
}

// Passed as text and cast: `pg` and PGlite serialize a bare object parameter differently.
function jsonb(seating: Seating) {
  return sql<Seating>`${JSON.stringify(seating)}::jsonb`;
}
