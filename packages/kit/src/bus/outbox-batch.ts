import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from '../db/open-database.ts';
import { serviceDb } from '../db/open-database.ts';
import type { OutboxTable } from './outbox.ts';
import type { Transport } from './transport.ts';
import { busMetrics } from './bus-metrics.ts';

/** What one pass over the outbox did. `busy`: another relay holds this schema's outbox. */
export interface BatchOutcome {
  published: number;
  busy: boolean;
  more: boolean;
  error?: unknown;
}

type OutboxDb = Kysely<{ outbox: OutboxTable }>;

/** Namespace of the two-key advisory locks, apart from single-key locks (migrations, jobs). */
const RELAY_LOCK_NAMESPACE = 0x0b05;

/** On PGlite (one process) relays of one schema take turns on this instead of an advisory lock. */
const localLocks = new WeakMap<Database, Set<string>>();

/**
 * Publishes the oldest pending rows of one schema's outbox, in order, and marks those the broker
 * confirmed. The batch is pipelined: every row is sent at once, in order, on the transport's one
 * channel, and the confirms are awaited together (a round trip to the broker per event made the
 * relay lag the load). Only the confirmed prefix is marked: after a failure (the connection
 * dropped) the next attempt starts from the first unconfirmed row. The broker routes one channel's
 * messages in the order sent, so what it did route of that tail comes again as a duplicate, which
 * consumers' inboxes skip; no event reaches a queue before one sent earlier. (The exception is a
 * broker that nacks one message of a pipeline yet takes the next, which RabbitMQ does only for an
 * internal error: that event then arrives after its successor.)
 *
 * On PostgreSQL the batch runs in a transaction holding a transaction-scoped advisory lock per
 * schema: one replica publishes at a time, and the next sees the marks before it can read.
 */
export async function publishOutboxBatch(database: Database, schema: string, transport: Transport, batchSize: number): Promise<BatchOutcome> {
  if (database.kind === 'pglite') {
    const held = localLocks.get(database) ?? new Set<string>();
    localLocks.set(database, held);
    if (held.has(schema)) return { published: 0, busy: true, more: false };
    held.add(schema);
    try {
      return await publishPending(serviceDb(database, schema), transport, batchSize, schema);
    } finally {
      held.delete(schema);
    }
  }
  return database.root.transaction().execute(async (trx) => {
    const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(${RELAY_LOCK_NAMESPACE}, hashtext(${schema})) as locked`.execute(trx);
    if (!rows[0]?.locked) return { published: 0, busy: true, more: false };
    return publishPending(trx.withSchema(schema) as unknown as OutboxDb, transport, batchSize, schema);
  });
}

async function publishPending(db: OutboxDb, transport: Transport, batchSize: number, schema: string): Promise<BatchOutcome> {
  const rows = await db.selectFrom('outbox').select(['seq', 'envelope']).where('published_at', 'is', null).orderBy('seq').limit(batchSize).execute();
  if (rows.length === 0) return { published: 0, busy: false, more: false };

  const outcomes = await Promise.allSettled(rows.map((row) => transport.publish(row.envelope)));
  const firstFailed = outcomes.findIndex((outcome) => outcome.status === 'rejected');
  const confirmed = firstFailed === -1 ? rows.length : firstFailed;
  const failure = firstFailed === -1 ? undefined : { error: (outcomes[firstFailed] as PromiseRejectedResult).reason };
  if (confirmed > 0) {
    await db
      .updateTable('outbox')
      .set({ published_at: sql<Date>`now()` })
      .where(
        'seq',
        'in',
        rows.slice(0, confirmed).map((row) => row.seq),
      )
      .execute();
    for (const row of rows.slice(0, confirmed)) busMetrics.published().inc({ event: row.envelope.type });
  }
  if (!failure) return { published: confirmed, busy: false, more: rows.length === batchSize };
  busMetrics.publishFailures().inc({ schema });
  return { published: confirmed, busy: false, more: true, error: failure.error };
}

/** True while a row up to `seq` (all rows when absent) waits to be published. */
export async function hasPendingOutbox(database: Database, schema: string, seq?: number): Promise<boolean> {
  let query = serviceDb<{ outbox: OutboxTable }>(database, schema).selectFrom('outbox').select('seq').where('published_at', 'is', null);
  if (seq !== undefined) query = query.where('seq', '<=', seq);
  return (await query.limit(1).executeTakeFirst()) !== undefined;
}

/** The newest pending row's position, if any. */
export async function lastPendingSeq(database: Database, schema: string): Promise<number | undefined> {
  const row = await serviceDb<{ outbox: OutboxTable }>(database, schema)
    .selectFrom('outbox')
    .select('seq')
    .where('published_at', 'is', null)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.seq;
}

/** How many rows wait to be published, and how long the oldest has waited (0 when none does), by the database's clock. */
export async function outboxBacklog(database: Database, schema: string): Promise<{ pending: number; oldestAgeSeconds: number }> {
  const row = await serviceDb<{ outbox: OutboxTable }>(database, schema)
    .selectFrom('outbox')
    .select([sql<number>`count(*)::int`.as('pending'), sql<number>`coalesce(extract(epoch from now() - min(created_at)), 0)::float8`.as('oldest_age_seconds')])
    .where('published_at', 'is', null)
    .executeTakeFirstOrThrow();
  return { pending: Number(row.pending), oldestAgeSeconds: Math.max(0, Number(row.oldest_age_seconds)) };
}

/** Deletes rows published `retentionMs` ago or earlier; the table holds only recent history. */
export async function pruneOutbox(database: Database, schema: string, retentionMs: number): Promise<void> {
  await serviceDb<{ outbox: OutboxTable }>(database, schema)
    .deleteFrom('outbox')
    // `<=`: PGlite's clock ticks in milliseconds, so a row marked just now can equal now().
    .where('published_at', '<=', sql<Date>`now() - ${retentionMs / 1000}::float8 * interval '1 second'`)
    .execute();
}
