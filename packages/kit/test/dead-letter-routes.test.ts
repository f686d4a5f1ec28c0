import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'kysely';
import { busMigration } from '../src/bus/bus-migration.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { serviceDb } from '../src/db/open-database.ts';
import type { Outbox } from '../src/platform/event-bus.ts';
import type { ServiceFactory } from '../src/platform/service-module.ts';
import { createTestTokens, describeEachBackend, eventually, httpClient, startTestPlatform } from '../src/testing/index.ts';
import type { HttpClient, TestPlatform, TestStorage } from '../src/testing/index.ts';

describeEachBackend('dead letters, listed and replayed by an admin', (backend) => {
  let storage: TestStorage;
  let platform: TestPlatform;
  let api: HttpClient;
  let admin: string;
  let outbox: Outbox;
  let healthy = false;
  const applied: string[] = [];

  // A service whose consumer fails until it is "fixed".
  const flaky: ServiceFactory = async ({ database, events, now }) => {
    await migrateToLatest(database, 'flaky', { '0001_bus': busMigration });
    outbox = events.outbox('flaky', now);
    await events.subscribe({
      schema: 'flaky',
      consumerId: 'flaky.worker',
      events: ['thing.happened'],
      maxAttempts: 2,
      backoff: [10],
      handle: async (_trx, event) => {
        if (!healthy) throw new Error('handler bug');
        applied.push(event.id);
      },
    });
    return { name: 'flaky', routes: async () => {} };
  };

  beforeAll(async () => {
    storage = await backend.open();
    const tokens = await createTestTokens();
    platform = await startTestPlatform(storage, [tokens.service, flaky]);
    api = httpClient(platform.url);
    admin = await tokens.issue({ role: 'admin' });
  });
  afterAll(async () => platform?.close());

  it('parks a failing event, lists it to admins only, and applies it once after a replay', async () => {
    await serviceDb<any>(storage.database, 'flaky')
      .transaction()
      .execute((trx) => outbox.record(trx, 'thing.happened', { n: 1 }));
    outbox.notify();
    let parked: { id: string; eventId: string; error: string }[] = [];
    await eventually(async () => {
      parked = (await api.get('/api/ops/dead-letters/flaky', { token: admin })).body.items;
      expect(parked).toHaveLength(1);
    });
    expect(parked[0]!.error).toBe('handler bug');
    expect((await api.get('/api/ops/dead-letters/flaky')).status).toBe(401);
    expect((await api.get('/api/ops/dead-letters/nope', { token: admin })).status).toBe(404);

    healthy = true;
    const replayed = await api.post(`/api/ops/dead-letters/flaky/${parked[0]!.id}/replay`, { token: admin });
    expect(replayed.status).toBe(202);
    await eventually(async () => expect(applied).toEqual([parked[0]!.eventId]));
    expect((await api.post(`/api/ops/dead-letters/flaky/${parked[0]!.id}/replay`, { token: admin })).status).toBe(404);
    expect((await api.get('/api/ops/dead-letters/flaky', { token: admin })).body.items).toEqual([]);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from flaky.inbox`.execute(storage.database.root);
    expect(rows[0]!.n).toBe(1);
  });
});
