import { sql, unnestRows } from '@pustaka/kit/db';
import type { TicketingDb } from '../ticketing.tables.ts';
import type { BookingRow } from '../bookings/bookings.repository.ts';
import type { NewEventRow } from '../events/events.repository.ts';
import type { HoldRow } from '../holds/holds.repository.ts';
import type { SeatRow } from '../seats/seats.repository.ts';

/* A bulk import's statements: thousands of rows each, one array parameter per column (`unnestRows`). */

export async function insertEventRows(db: TicketingDb, rows: NewEventRow[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = {
    id: 'uuid',
    title: 'text',
    description: 'text',
    venue: 'text',
    starts_at: 'timestamptz',
    ends_at: 'timestamptz',
    timezone: 'text',
    sales_open_at: 'timestamptz',
    status: 'text',
    kind: 'text',
    capacity: 'int',
    currency: 'text',
    seating: 'jsonb',
    created_at: 'timestamptz',
    updated_at: 'timestamptz',
    published_at: 'timestamptz',
    cancelled_at: 'timestamptz',
  } as const;
  await db
    .insertInto('events')
    .columns(Object.keys(columns) as Array<keyof typeof columns>)
    .expression(unnestRows(rows, columns))
    .execute();
}

export async function insertSeatRows(db: TicketingDb, rows: SeatRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('seats')
    .columns(['event_id', 'seat_id', 'position', 'section', 'row_label', 'number', 'price', 'blocked'])
    .expression(
      unnestRows(rows, {
        event_id: 'uuid',
        seat_id: 'text',
        position: 'int',
        section: 'text',
        row_label: 'text',
        number: 'int',
        price: 'int',
        blocked: 'boolean',
      }),
    )
    .execute();
}

export async function insertHoldRows(db: TicketingDb, rows: HoldRow[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = {
    id: 'uuid',
    event_id: 'uuid',
    user_id: 'uuid',
    seat_ids: 'text[]',
    quantity: 'int',
    total: 'int',
    currency: 'text',
    status: 'text',
    expires_at: 'timestamptz',
    idempotency_key: 'text',
    created_at: 'timestamptz',
    updated_at: 'timestamptz',
  } as const;
  await db
    .insertInto('holds')
    .columns(Object.keys(columns) as Array<keyof typeof columns>)
    .expression(unnestRows(rows, columns))
    .execute();
}

export async function insertBookingRows(db: TicketingDb, rows: BookingRow[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = {
    id: 'uuid',
    code: 'text',
    event_id: 'uuid',
    user_id: 'uuid',
    hold_id: 'uuid',
    status: 'text',
    seat_ids: 'text[]',
    quantity: 'int',
    total: 'int',
    currency: 'text',
    sequence: 'int',
    idempotency_key: 'text',
    reminded_at: 'timestamptz',
    created_at: 'timestamptz',
    updated_at: 'timestamptz',
    cancelled_at: 'timestamptz',
  } as const;
  await db
    .insertInto('bookings')
    .columns(Object.keys(columns) as Array<keyof typeof columns>)
    .expression(unnestRows(rows, columns))
    .execute();
}

/**
 * Gives seats to their bookings, only seats that are free (not blocked, not held, not booked):
 * the number given, fewer when a seat is missing, blocked or already someone's.
 */
export async function bookFreeSeats(db: TicketingDb, seats: Array<{ event_id: string; seat_id: string; booking_id: string }>): Promise<number> {
  if (seats.length === 0) return 0;
  const given = sql<{
    event_id: string;
    seat_id: string;
    booking_id: string;
  }>`(${unnestRows(seats, { event_id: 'uuid', seat_id: 'text', booking_id: 'uuid' })})`.as('given');
  const result = await db
    .updateTable('seats')
    .from(given)
    .set({ booking_id: sql<string>`given.booking_id` })
    .where(sql<boolean>`seats.event_id = given.event_id and seats.seat_id = given.seat_id`)
    .where('seats.booking_id', 'is', null)
    .where('seats.hold_id', 'is', null)
    .where('seats.blocked', '=', false)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** General-admission events among `eventIds` whose confirmed bookings exceed their capacity. */
export async function findOversoldEvents(db: TicketingDb, eventIds: string[]): Promise<string[]> {
  if (eventIds.length === 0) return [];
  const rows = await db
    .selectFrom('events')
    .innerJoin('bookings', 'bookings.event_id', 'events.id')
    .select('events.id')
    .where('events.id', 'in', eventIds)
    .where('events.kind', '=', 'general')
    .where('bookings.status', '=', 'confirmed')
    .groupBy(['events.id', 'events.capacity'])
    .having((eb) => eb(eb.fn.sum<number>('bookings.quantity'), '>', eb.ref('events.capacity')))
    .execute();
  return rows.map((row) => row.id);
}

export async function countEventRows(db: TicketingDb): Promise<number> {
  const { count } = await db
    .selectFrom('events')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(count);
}

/** Deletes every event with its seats, holds and bookings (seats first: they point at both). */
export async function deleteEventRows(db: TicketingDb): Promise<void> {
  await db.deleteFrom('seats').execute();
  await db.deleteFrom('bookings').execute();
  await db.deleteFrom('holds').execute();
  await db.deleteFrom('events').execute();
}
