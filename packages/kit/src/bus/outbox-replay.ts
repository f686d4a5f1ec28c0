import { sql } from 'kysely';
import type { Database } from '../db/open-database.ts';
import { serviceDb } from '../db/open-database.ts';
import type { OutboxTable } from './outbox.ts';
import type { Transport } from './transport.ts';

const PAGE = 500;

/**
 * Sends again, in order, the events a schema's relay published in the last `windowMs`. For a
 * transport that keeps its queues in memory (the in-process one): after a crash, an event that was
 * published but not yet applied would otherwise be gone. Consumers' inboxes turn every repeat that
 * was already applied into a no-op, so the replay is safe; the window is the outbox's retention.
 * Returns how many events were sent.
 *
 * @example
 *   await replayRecentlyPublished(database, 'orders', transport, 24 * 3600 * 1000);
 */
export async function replayRecentlyPublished(database: Database, schema: string, transport: Transport, windowMs: number): Promise<number> {
  const db = serviceDb<{ outbox: OutboxTable }>(database, schema);
  let after = 0;
  let sent = 0;
  for (;;) {
    const rows = await db
      .selectFrom('outbox')
      .select(['seq', 'envelope'])
      .where('published_at', 'is not', null)
      .where('published_at', '>=', sql<Date>`now() - ${windowMs / 1000}::float8 * interval '1 second'`)
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(PAGE)
      .execute();
    for (const row of rows) await transport.publish(row.envelope);
    sent += rows.length;
    if (rows.length < PAGE) return sent;
    after = rows.at(-1)!.seq;
  }
}
