import { EVENT_PUBLISHED } from '@pustaka/contracts';
import { appendToOutbox, newEvent } from '@pustaka/kit/bus';
import { migrateToLatest, newId as newUuid, serviceDb } from '@pustaka/kit/db';
import type { Database, Kysely } from '@pustaka/kit/db';
import type { Logger } from '@pustaka/kit/log';
import { migrations } from '../../migrations/index.ts';
import type { TicketingTables } from '../ticketing.tables.ts';
import { toEventDetails } from '../events/event.ts';
import { toNewEvent } from '../events/event-input.ts';
import { freeSeatRow } from '../events/events.repository.ts';
import type { EventRow } from '../events/events.repository.ts';
import { countEventRows, insertEventRows, insertSeatRows } from './bulk-import.repository.ts';
import { demoEvents } from './demo-events.ts';
import type { DemoEvent } from './demo-events.ts';
import { lockDemoSeed } from './seed.repository.ts';

export interface SeedOptions {
  now?: () => Date;
  logger?: Logger;
  newId?: () => string;
}

export interface SeedResult {
  events: number;
  seats: number;
}

const HOUR = 3_600_000;
/** Jakarta keeps UTC+7 all year (no daylight saving), so a wall-clock time there is a fixed offset. */
const JAKARTA_OFFSET_HOURS = 7;

/**
 * Fills an empty ticketing with the demo shop's programme (7 upcoming events, published, one of
 * them a hall of 5,000 seats) in one transaction, and does nothing when any event exists. The
 * events are dated from `now` (the next days and weeks), so a shop seeded today has events to
 * book. Applies ticketing's migrations first, so it can run before or after the service starts.
 *
 * @example
 *   await seedDemoEvents(database, { logger }); // { events: 7, seats: 5534 } the first time
 */
export async function seedDemoEvents(database: Database, options: SeedOptions = {}): Promise<SeedResult> {
  const { now = () => new Date(), logger, newId = newUuid } = options;
  await migrateToLatest(database, 'ticketing', migrations);
  const db: Kysely<TicketingTables> = serviceDb<TicketingTables>(database, 'ticketing');
  const result = await db.transaction().execute(async (trx) => {
    await lockDemoSeed(trx);
    if ((await countEventRows(trx)) > 0) return { events: 0, seats: 0 };
    const seededAt = now();
    // Checked as a staff member's event is, then published at once.
    const laidOut = demoEvents.map((demo) => toNewEvent(inputOf(demo, seededAt), newId(), seededAt));
    const rows: EventRow[] = laidOut.map(({ row }) => ({
      ...row,
      sales_open_at: row.sales_open_at ?? null,
      status: 'published',
      published_at: seededAt,
      cancelled_at: null,
    }));
    await insertEventRows(trx, rows);
    const seats = laidOut.flatMap(({ row, seats: eventSeats }) => eventSeats.map((seat) => freeSeatRow(row.id, seat)));
    await insertSeatRows(trx, seats);
    // Announced like events staff publish, so search (and every other reader of ticketing's
    // events) lists the programme from the first start.
    await appendToOutbox(
      trx,
      rows.map((row) => newEvent(EVENT_PUBLISHED, toEventDetails(row), { now: seededAt })),
    );
    return { events: rows.length, seats: seats.length };
  });
  if (result.events > 0) logger?.info(result, 'seeded the demo events');
  else logger?.debug('ticketing not empty; demo seed skipped');
  return result;
}

/** The event as staff would send it, at its wall-clock time in Jakarta `inDays` after seeding. */
function inputOf(demo: DemoEvent, seededAt: Date) {
  const [hour, minute] = demo.at.split(':').map(Number) as [number, number];
  const startsAt = new Date(
    Date.UTC(seededAt.getUTCFullYear(), seededAt.getUTCMonth(), seededAt.getUTCDate() + demo.inDays, hour - JAKARTA_OFFSET_HOURS, minute),
  );
  return {
    title: demo.title,
    description: demo.description,
    venue: demo.venue,
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + demo.hours * HOUR).toISOString(),
    timezone: 'Asia/Jakarta',
    currency: 'IDR',
    seating: demo.seating,
  };
}
