import { sql } from 'kysely';
import type { Generated, Kysely } from 'kysely';
import type { EventEnvelope } from './envelope.ts';

/** Columns of `<schema>.outbox`, as created by `busMigration`. */
export interface OutboxTable {
  seq: Generated<number>;
  event_id: string;
  type: string;
  envelope: EventEnvelope;
  created_at: Generated<Date>;
  published_at: Date | null;
}

/**
 * Records events in the service's outbox inside the caller's transaction, so they exist exactly
 * when the change they describe commits, and the relay publishes them afterwards. Append after
 * the writes the events describe: two transactions touching the same rows then take their
 * outbox positions in commit order.
 *
 * @example
 *   await serviceDb<OrderTables>(database, 'orders').transaction().execute(async (trx) => {
 *     await insertOrder(trx, order);
 *     await appendToOutbox(trx, newEvent('order.placed', { orderId: order.id }));
 *   });
 *   relay.notify();
 */
export async function appendToOutbox(trx: Kysely<any>, events: EventEnvelope | readonly EventEnvelope[]): Promise<void> {
  // Outside a transaction the event could be recorded without its change, or the reverse.
  if (!trx.isTransaction) throw new Error('appendToOutbox needs the transaction that makes the change');
  const list = Array.isArray(events) ? events : [events as EventEnvelope];
  if (list.length === 0) return;
  await trx
    .insertInto('outbox')
    .values(
      list.map((event) => ({
        event_id: event.id,
        type: event.type,
        // Passed as text and cast: `pg` and PGlite serialize a bare object parameter differently.
        envelope: sql`${JSON.stringify(event)}::jsonb`,
      })),
    )
    .execute();
}

/**
 * Deletes the events still waiting for the relay, for a service whose data is being replaced
 * wholesale (`npm run seed -- --replace`): they describe rows that no longer exist, and the relay
 * would otherwise announce them at the next start. The number discarded.
 *
 * @example
 *   await discardPendingEvents(serviceDb(database, 'catalog'));
 */
export async function discardPendingEvents(db: Kysely<any>): Promise<number> {
  const discarded = await db.deleteFrom('outbox').where('published_at', 'is', null).returning('seq').execute();
  return discarded.length;
}
