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
 * Applies many events in one transaction, each at most once per consumer: their inbox rows go in
 * with one statement, and `handle` runs once with the events not seen before, in the order given.
 * An id the statement did not insert was applied before (or occurs earlier in `events`): that
 * event is a duplicate. If anything throws, nothing of the batch is kept.
 *
 * @example
 *   const outcomes = await applyBatchOnce(db, 'catalog.reservations', events, (trx, fresh) => commitAll(trx, fresh));
 */
export async function applyBatchOnce<Tables, P>(
  db: Kysely<Tables>,
  consumerId: string,
  events: readonly EventEnvelope<P>[],
  handle: (trx: Transaction<Tables>, events: EventEnvelope<P>[]) => Promise<void>,
): Promise<ApplyOutcome[]> {
  if (events.length === 0) return [];
  // PostgreSQL hands uuids back in lower case; senders may not have written them so.
  const ids = events.map((event) => event.id.toLowerCase());
  const firstOccurrence = new Map<string, number>();
  ids.forEach((id, n) => {
    if (!firstOccurrence.has(id)) firstOccurrence.set(id, n);
  });
  return db.transaction().execute(async (trx) => {
    const inbox = trx as unknown as Transaction<{ inbox: InboxTable }>;
    // Sorted, so two batches recording overlapping ids lock them in the same order and never deadlock.
    const rows = [...firstOccurrence.keys()].sort().map((id) => ({ consumer_id: consumerId, event_id: id }));
    const recorded = await inbox
      .insertInto('inbox')
      .values(rows)
      .onConflict((conflict) => conflict.columns(['consumer_id', 'event_id']).doNothing())
      .returning('event_id')
      .execute();
    const recordedIds = new Set(recorded.map((row) => row.event_id.toLowerCase()));
    const outcomes = ids.map((id, n): ApplyOutcome => (recordedIds.has(id) && firstOccurrence.get(id) === n ? 'applied' : 'duplicate'));
    const fresh = events.filter((_, n) => outcomes[n] === 'applied');
    if (fresh.length > 0) await handle(trx, fresh);
    return outcomes;
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
