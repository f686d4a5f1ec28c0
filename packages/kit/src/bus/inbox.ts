import { sql } from 'kysely';
import type { Generated, Kysely, Transaction } from 'kysely';
import type { EventEnvelope } from './envelope.ts';

/** Columns of `<schema>.inbox`, as created by `busMigration`. */
export interface InboxTable {
  consumer_id: string;
  event_id: string;
  received_at: Generated<Date>;
}

/** How one delivery ended: its effect was applied now, or it had been applied before. */
export type ApplyOutcome = 'applied' | 'duplicate';

/**
 * Applies an event at most once per consumer: records `(consumerId, event id)` in the inbox and
 * runs `handle` in the same transaction. A redelivery finds the id and changes nothing; a failing
 * handler rolls back the inbox row too, so the next attempt runs it again.
 *
 * @example
 *   const outcome = await applyOnce(serviceDb(database, 'catalog'), 'catalog.reservations', event, commitReservation);
 */
export async function applyOnce<Tables, P>(
  db: Kysely<Tables>,
  consumerId: string,
  event: EventEnvelope<P>,
  handle: (trx: Transaction<Tables>, event: EventEnvelope<P>) => Promise<void>,
): Promise<ApplyOutcome> {
  return db.transaction().execute(async (trx) => {
    const inbox = trx as unknown as Transaction<{ inbox: InboxTable }>;
    const recorded = await inbox
      .insertInto('inbox')
      .values({ consumer_id: consumerId, event_id: event.id })
      .onConflict((conflict) => conflict.columns(['consumer_id', 'event_id']).doNothing())
      .returning('event_id')
      .executeTakeFirst();
    if (!recorded) return 'duplicate';
    await handle(trx, event);
    return 'applied';
  });
}

/**
 * Forgets ids a consumer recorded more than `retentionMs` ago. Safe once no redelivery can be
 * that old: the outbox keeps rows a day and retries last minutes, so the default week is ample.
 * `subscribe` runs it hourly.
 *
 * @example
 *   await pruneInbox(serviceDb(database, 'catalog'), 'catalog.reservations', 7 * 24 * 3600_000);
 */
export async function pruneInbox(db: Kysely<any>, consumerId: string, retentionMs: number): Promise<void> {
  await (db as Kysely<{ inbox: InboxTable }>)
    .deleteFrom('inbox')
    .where('consumer_id', '=', consumerId)
    .where('received_at', '<', sql<Date>`now() - ${retentionMs / 1000}::float8 * interval '1 second'`)
    .execute();
}
