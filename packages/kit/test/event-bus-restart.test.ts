import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'kysely';
import { busMigration } from '../src/bus/bus-migration.ts';
import { createInProcessTransport } from '../src/bus/in-process-transport.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { serviceDb } from '../src/db/open-database.ts';
import { createLogger } from '../src/log/logger.ts';
import { createEventBus } from '../src/platform/event-bus.ts';
import { describeEachBackend, eventually } from '../src/testing/index.ts';
import type { TestStorage } from '../src/testing/index.ts';

const logger = createLogger({ name: 'test', level: 'silent' });

describeEachBackend('the in-process event bus after a restart', (backend) => {
  let storage: TestStorage;
  beforeAll(async () => {
    storage = await backend.open();
    await migrateToLatest(storage.database, 'restarts', { '0001_bus': busMigration });
  });
  afterAll(async () => storage?.dispose());

  it('delivers events sent but never applied before the process died, and events recorded before their consumer subscribed, each once', async () => {
    const db = serviceDb<any>(storage.database, 'restarts');
    // First life: three events are sent, but the process dies before any consumer applies them
    // (here: no consumer was up; the in-process queue dies with the process either way).
    const first = createEventBus(createInProcessTransport(), storage.database, logger);
    const outbox = first.outbox('restarts', () => new Date());
    await first.start();
    for (const n of [1, 2, 3]) await db.transaction().execute((trx) => outbox.record(trx, 'note.added', { n }));
    outbox.notify();
    await outbox.flush();
    const sent = await db.selectFrom('outbox').select(['event_id', 'published_at']).orderBy('seq').execute();
    expect(sent.every((row: { published_at: Date | null }) => row.published_at !== null)).toBe(true);
    // ...except that the first one had been applied just before the crash.
    await db.insertInto('inbox').values({ consumer_id: 'restarts.notes', event_id: sent[0].event_id }).execute();
    await first.close();

    // Second life: the consumer is back; starting the bus sends the recent events again.
    const applied: number[] = [];
    const second = createEventBus(createInProcessTransport(), storage.database, logger);
    const secondOutbox = second.outbox('restarts', () => new Date());
    // A service that starts before its consumer records an event at once: the relay must hold it
    // until every consumer of the process has subscribed, or the in-process queue drops it.
    await db.transaction().execute((trx) => secondOutbox.record(trx, 'note.added', { n: 4 }));
    secondOutbox.notify();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await second.subscribe<any, { n: number }>({
      schema: 'restarts',
      consumerId: 'restarts.notes',
      events: ['note.added'],
      handle: async (_trx, event) => void applied.push(event.payload.n),
    });
    await second.start();
    await eventually(async () => expect(applied).toEqual([2, 3, 4]));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(applied).toEqual([2, 3, 4]);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from restarts.inbox`.execute(storage.database.root);
    expect(rows[0]!.n).toBe(4);
    await second.close();
  });
});
