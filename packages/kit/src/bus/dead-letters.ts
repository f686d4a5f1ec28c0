import { sql } from 'kysely';
import type { Generated, Kysely, Transaction } from 'kysely';
import { DEAD_LETTER_RECORDED } from '@pustaka/contracts';
import type { DeadLetterRecordedPayload } from '@pustaka/contracts';
import type { Database } from '../db/open-database.ts';
import { serviceDb } from '../db/open-database.ts';
import { newId } from '../db/ids.ts';
import { newEvent } from './envelope.ts';
import type { EventEnvelope } from './envelope.ts';
import { appendToOutbox } from './outbox.ts';
import type { Transport } from './transport.ts';

/** Columns of `<schema>.dead_letter`, as created by `busMigration`. */
export interface DeadLetterTable {
  id: string;
  consumer_id: string;
  event_id: string;
  type: string;
  envelope: EventEnvelope;
  error: string;
  attempts: number;
  failed_at: Generated<Date>;
}

/** An event a consumer gave up on, kept until an operator replays it. */
export interface DeadLetter {
  id: string;
  consumerId: string;
  eventId: string;
  type: string;
  envelope: EventEnvelope;
  error: string;
  attempts: number;
  failedAt: Date;
}

const MAX_ERROR_LENGTH = 2_000;

/**
 * Parks an event for a consumer of the service whose schema `db` is on. Idempotent per (consumer,
 * event): a second failure of the same event (redelivered after a crash) refreshes the row
 * instead of adding one. The first time, `dead_letter.recorded` goes into the service's outbox in
 * the same transaction, so whoever watches the platform (notify tells staff) hears of it once;
 * a dead letter of that event itself is not announced, so a failing watcher cannot feed itself.
 *
 * @example
 *   await recordDeadLetter(db, { service: 'catalog', consumerId: 'catalog.reservations', event, error, attempts: 5 });
 */
export async function recordDeadLetter(
  db: Kysely<any>,
  entry: { service: string; consumerId: string; event: EventEnvelope; error: unknown; attempts: number },
): Promise<void> {
  const error = (entry.error instanceof Error ? entry.error.message : String(entry.error)).slice(0, MAX_ERROR_LENGTH);
  const park = async (trx: Transaction<any>) => {
    const parked = await (trx as Transaction<{ dead_letter: DeadLetterTable }>)
      .insertInto('dead_letter')
      .values({
        id: newId(),
        consumer_id: entry.consumerId,
        event_id: entry.event.id,
        type: entry.event.type,
        envelope: sql<EventEnvelope>`${JSON.stringify(entry.event)}::jsonb`,
        error,
        attempts: entry.attempts,
      })
      .onConflict((conflict) => conflict.columns(['consumer_id', 'event_id']).doUpdateSet({ error, attempts: entry.attempts, failed_at: sql<Date>`now()` }))
      // xmax is 0 on a row this statement inserted, not on one it updated.
      .returning(['id', 'failed_at', sql<boolean>`xmax = 0`.as('inserted')])
      .executeTakeFirstOrThrow();
    if (!parked.inserted || entry.event.type === DEAD_LETTER_RECORDED) return;
    const payload: DeadLetterRecordedPayload = {
      deadLetterId: parked.id,
      service: entry.service,
      consumerId: entry.consumerId,
      eventId: entry.event.id,
      eventType: entry.event.type,
      attempts: entry.attempts,
      failedAt: new Date(parked.failed_at).toISOString(),
    };
    await appendToOutbox(trx, newEvent(DEAD_LETTER_RECORDED, payload, { headers: entry.event.headers }));
  };
  await (db.isTransaction ? park(db as Transaction<any>) : db.transaction().execute(park));
}

/**
 * Dead letters of a service, oldest first, optionally of one consumer.
 *
 * @example
 *   const parked = await listDeadLetters(database, 'catalog', { consumerId: 'catalog.reservations', limit: 20 });
 */
export async function listDeadLetters(database: Database, schema: string, options: { consumerId?: string; limit?: number } = {}): Promise<DeadLetter[]> {
  let query = serviceDb<{ dead_letter: DeadLetterTable }>(database, schema).selectFrom('dead_letter').selectAll();
  if (options.consumerId !== undefined) query = query.where('consumer_id', '=', options.consumerId);
  const rows = await query
    .orderBy('failed_at')
    .orderBy('id')
    .limit(options.limit ?? 50)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    consumerId: row.consumer_id,
    eventId: row.event_id,
    type: row.type,
    envelope: row.envelope,
    error: row.error,
    attempts: row.attempts,
    failedAt: row.failed_at,
  }));
}

/**
 * Sends a dead letter back to its consumer only, as a first attempt, and deletes the row once the
 * transport has it. False when no such row exists (already replayed). If the consumer applied the
 * event meanwhile, its inbox makes the replay a no-op.
 *
 * @example
 *   await replayDeadLetter(database, 'catalog', deadLetter.id, { transport });
 */
export async function replayDeadLetter(database: Database, schema: string, id: string, options: { transport: Transport }): Promise<boolean> {
  return serviceDb<{ dead_letter: DeadLetterTable }>(database, schema)
    .transaction()
    .execute(async (trx) => {
      // Locked so two operators replaying one row deliver it once.
      const row = await trx.selectFrom('dead_letter').select(['consumer_id', 'envelope']).where('id', '=', id).forUpdate().executeTakeFirst();
      if (!row) return false;
      await options.transport.sendToConsumer(row.consumer_id, row.envelope);
      await trx.deleteFrom('dead_letter').where('id', '=', id).execute();
      return true;
    });
}
