import { sql } from '@pustaka/kit/db';
import type { Selectable } from '@pustaka/kit/db';
import type { NotifyDb, TicketedEventTable } from '../notify.tables.ts';

export type TicketedEventRow = Selectable<TicketedEventTable>;

export async function findTicketedEvent(db: NotifyDb, eventId: string): Promise<TicketedEventRow | undefined> {
  return db.selectFrom('ticketed_events').selectAll().where('event_id', '=', eventId).executeTakeFirst();
}

/** The event's details as of `version` (a UUIDv7); true when they were written (not older than what is kept). */
export async function keepTicketedEvent(db: NotifyDb, row: TicketedEventRow): Promise<boolean> {
  const written = await db
    .insertInto('ticketed_events')
    .values(row)
    .onConflict((conflict) =>
      conflict
        .column('event_id')
        .doUpdateSet({ title: row.title, venue: row.venue, starts_at: row.starts_at, ends_at: row.ends_at, timezone: row.timezone, version: row.version })
        .where(sql<boolean>`ticketed_events.version < ${row.version}::uuid`),
    )
    .returning('event_id')
    .executeTakeFirst();
  return written !== undefined;
}
