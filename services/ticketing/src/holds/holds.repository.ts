import type { Selectable } from '@pustaka/kit/db';
import type { HoldStatus, HoldTable, TicketingDb } from '../ticketing.tables.ts';

export type HoldRow = Selectable<HoldTable>;

export async function insertHold(db: TicketingDb, row: HoldRow): Promise<void> {
  await db.insertInto('holds').values(row).execute();
}

export async function findHold(db: TicketingDb, id: string): Promise<HoldRow | undefined> {
  return db.selectFrom('holds').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The hold, locked until the transaction ends: booking it and releasing it take turns. */
export async function lockHold(db: TicketingDb, id: string): Promise<HoldRow | undefined> {
  return db.selectFrom('holds').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function findHoldByKey(db: TicketingDb, userId: string, key: string): Promise<HoldRow | undefined> {
  return db.selectFrom('holds').selectAll().where('user_id', '=', userId).where('idempotency_key', '=', key).executeTakeFirst();
}

/** Moves a hold from one of `from` to `to`; `undefined` when it was in none of them. */
export async function moveHold(db: TicketingDb, id: string, from: HoldStatus[], to: HoldStatus, now: Date): Promise<HoldRow | undefined> {
  return db.updateTable('holds').set({ status: to, updated_at: now }).where('id', '=', id).where('status', 'in', from).returningAll().executeTakeFirst();
}

/** Marks an event's active holds past their time expired; the holds marked. */
export async function expireHoldsOfEvent(db: TicketingDb, eventId: string, now: Date): Promise<HoldRow[]> {
  return db
    .updateTable('holds')
    .set({ status: 'expired', updated_at: now })
    .where('event_id', '=', eventId)
    .where('status', '=', 'active')
    .where('expires_at', '<=', now)
    .returningAll()
    .execute();
}

/** Cancels every active hold of an event (the event was cancelled); the holds cancelled. */
export async function cancelHoldsOfEvent(db: TicketingDb, eventId: string, now: Date): Promise<HoldRow[]> {
  return db
    .updateTable('holds')
    .set({ status: 'cancelled', updated_at: now })
    .where('event_id', '=', eventId)
    .where('status', '=', 'active')
    .returningAll()
    .execute();
}

/** Events that have active holds past their time, for the sweep. */
export async function findEventsWithExpiredHolds(db: TicketingDb, now: Date, limit: number): Promise<string[]> {
  const rows = await db.selectFrom('holds').select('event_id').distinct().where('status', '=', 'active').where('expires_at', '<=', now).limit(limit).execute();
  return rows.map((row) => row.event_id);
}

/**
 * Places of an event taken at `now` (by one member when `userId` is given): unexpired active holds
 * and confirmed bookings. Counts general-admission places and seats alike.
 */
export async function countTakenPlaces(db: TicketingDb, eventId: string, now: Date, userId?: string): Promise<{ held: number; booked: number }> {
  const row = await db
    .selectNoFrom((eb) => {
      let holds = eb
        .selectFrom('holds')
        .select((sub) => sub.fn.coalesce(sub.fn.sum<number>('quantity'), sub.lit(0)).as('n'))
        .where('event_id', '=', eventId)
        .where('status', '=', 'active')
        .where('expires_at', '>', now);
      let bookings = eb
        .selectFrom('bookings')
        .select((sub) => sub.fn.coalesce(sub.fn.sum<number>('quantity'), sub.lit(0)).as('n'))
        .where('event_id', '=', eventId)
        .where('status', '=', 'confirmed');
      if (userId !== undefined) {
        holds = holds.where('user_id', '=', userId);
        bookings = bookings.where('user_id', '=', userId);
      }
      return [holds.as('held'), bookings.as('booked')];
    })
    .executeTakeFirstOrThrow();
  return { held: Number(row.held), booked: Number(row.booked) };
}
