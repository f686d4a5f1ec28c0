import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Migration } from '../db/migrate.ts';
import { busMigration } from './bus-migration.ts';
import type { EventEnvelope } from './envelope.ts';
import type { OutboxTable } from './outbox.ts';
import type { Transport } from './transport.ts';

/** The bus tables in the schema the bus's SQL samples run in. */
export const busSampleSchema = { schema: 'service', migrations: { '0001_bus': busMigration } as Record<string, Migration> };

/** A fixed event: its `n` makes the id, so samples that need several get distinct ones. */
export function sampleEvent(n: number): EventEnvelope {
  return {
    id: `00000000-0000-7000-8000-${String(n).padStart(12, '0')}`,
    type: 'sample.happened',
    occurredAt: '2030-01-01T10:00:00.000Z',
    version: 1,
    headers: {},
    payload: {},
  };
}

/** A broker that takes every event at once: the samples care about the SQL around it, not the delivery. */
export const acceptingTransport: Transport = {
  kind: 'in-process',
  publish: async () => {},
  consume: async () => ({ close: async () => {} }),
  sendToConsumer: async () => {},
  queueLength: async () => 0,
  close: async () => {},
};

/** One pending outbox row, so a relay pass has something to publish and mark. */
export async function seedPendingOutbox(db: Kysely<{ outbox: OutboxTable }>): Promise<void> {
  const event = sampleEvent(1);
  await db
    .insertInto('outbox')
    .values({ event_id: event.id, type: event.type, envelope: sql`${JSON.stringify(event)}::jsonb`, published_at: null })
    .execute();
}
