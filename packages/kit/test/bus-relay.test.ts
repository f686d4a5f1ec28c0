import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { serviceDb } from '../src/db/open-database.ts';
import { describeEachBackend } from '../src/testing/describe-each-backend.ts';
import type { TestStorage } from '../src/testing/backends.ts';
import { appendToOutbox, newEvent, startOutboxRelay } from '../src/bus/index.ts';
import type { EventEnvelope, OutboxRelay, OutboxTable } from '../src/bus/index.ts';
import { logger, migrateTestSchema, recordingTransport, sleep, uniqueName, waitFor } from './bus-fixtures.ts';
import { register } from '../src/metrics/registry.ts';

describeEachBackend('outbox relay', (backend) => {
  let storage: TestStorage;
  let schema: string;
  const relays: OutboxRelay[] = [];

  const outbox = () => serviceDb<{ outbox: OutboxTable }>(storage.database, schema);
  const commit = async (...events: EventEnvelope[]) =>
    outbox()
      .transaction()
      .execute((trx) => appendToOutbox(trx, events));
  const relayOver = (transport: ReturnType<typeof recordingTransport>, options: Partial<Parameters<typeof startOutboxRelay>[0]> = {}) => {
    const relay = startOutboxRelay({ database: storage.database, schema, transport, logger, pollIntervalMs: 20, ...options });
    relays.push(relay);
    return relay;
  };
  const ids = (events: EventEnvelope[]) => events.map((event) => event.id);
  const pending = async () => (await outbox().selectFrom('outbox').select('seq').where('published_at', 'is', null).execute()).length;

  beforeAll(async () => {
    storage = await backend.open();
  });
  // A fresh schema per test: each starts with an empty outbox.
  beforeEach(async () => {
    schema = uniqueName('relay');
    await migrateTestSchema(storage.database, schema);
  });
  afterEach(async () => {
    await Promise.all(relays.splice(0).map((relay) => relay.stop()));
  });
  afterAll(async () => storage?.dispose());

  /** What a scrape reads now of this test's outbox: its backlog, and its oldest row's age. */
  const scraped = async () => {
    const text = await register.metrics();
    const read = (name: string) => Number(new RegExp(`^${name}\\{schema="${schema}"\\} (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
    return { pending: read('pustaka_outbox_pending_events'), oldestAgeSeconds: read('pustaka_outbox_oldest_pending_age_seconds') };
  };

  it('reports the backlog and the age of the oldest unsent event when scraped, through an outage and after it', async () => {
    const transport = recordingTransport();
    transport.failNext(1_000_000);
    const relay = relayOver(transport, { backoff: { initialMs: 20, maxMs: 20 } });
    await commit(newEvent('note.added', { n: 1 }), newEvent('note.added', { n: 2 }));
    await sleep(1_100); // past the one-second reuse of a reading
    const during = await scraped();
    expect(during.pending).toBe(2);
    expect(during.oldestAgeSeconds).toBeGreaterThan(0.5);
    transport.failNext(0);
    await waitFor(async () => (await pending()) === 0);
    await sleep(1_100);
    expect(await scraped()).toEqual({ pending: 0, oldestAgeSeconds: 0 });
    await relay.stop();
    // A stopped relay reports nothing: its series go, not a frozen figure.
    expect(Number.isNaN((await scraped()).pending)).toBe(true);
  });

  it('never publishes an event appended in a transaction that rolled back', async () => {
    const kept = newEvent('note.added', { n: 1 });
    const rolledBack = newEvent('note.added', { n: 2 });
    await outbox()
      .transaction()
      .execute(async (trx) => {
        await appendToOutbox(trx, rolledBack);
        throw new Error('the use case failed after appending');
      })
      .catch(() => {});
    await commit(kept);
    const transport = recordingTransport();
    await relayOver(transport).flush();
    expect(ids(transport.published)).toEqual([kept.id]);
  });

  it('publishes events in commit order, with their envelope intact', async () => {
    const events = Array.from({ length: 30 }, (_, n) => newEvent('note.added', { n }, { headers: { requestId: `req-${n}` } }));
    for (let n = 0; n < events.length; n += 3) await commit(...events.slice(n, n + 3));
    const transport = recordingTransport();
    await relayOver(transport, { batchSize: 7 }).flush();
    expect(ids(transport.published)).toEqual(ids(events));
    expect(transport.published[4]).toEqual(events[4]);
    expect(await pending()).toBe(0);
  });

  it('keeps retrying the same rows through a broker outage and loses or reorders nothing', async () => {
    const transport = recordingTransport({ delayMs: 1 });
    const relay = relayOver(transport, { batchSize: 5, backoff: { initialMs: 5, maxMs: 40 } });
    const before = Array.from({ length: 4 }, (_, n) => newEvent('note.added', { n }));
    await commit(...before);
    relay.notify();
    await waitFor(() => transport.published.length === 4);
    // The broker goes away for 23 publishes, failing in the middle of a batch.
    transport.failNext(23);
    const during = Array.from({ length: 16 }, (_, n) => newEvent('note.added', { n: n + 4 }));
    for (const event of during) {
      await commit(event);
      relay.notify();
    }
    await waitFor(async () => (await pending()) === 0);
    expect(ids(transport.published)).toEqual(ids([...before, ...during]));
  });

  it('publishes each event once and in order when two relays share a schema', async () => {
    // Two replicas publishing to one broker.
    const broker: EventEnvelope[] = [];
    const [first, second] = [recordingTransport({ delayMs: 1, sink: broker }), recordingTransport({ delayMs: 1, sink: broker })];
    const events = Array.from({ length: 200 }, (_, n) => newEvent('note.added', { n }));
    for (let n = 0; n < events.length; n += 10) await commit(...events.slice(n, n + 10));
    // The first relay stalls on a broker confirm in the middle of its first batch...
    const stalled = first.stallAfter(4);
    try {
      relayOver(first, { batchSize: 10, pollIntervalMs: 5 });
      await waitFor(() => first.published.length === 10);
      // ...and the second, polling meanwhile, may not touch the outbox it holds.
      relayOver(second, { batchSize: 10, pollIntervalMs: 5 });
      await sleep(150);
      expect(second.published).toHaveLength(0);
    } finally {
      stalled.release();
    }
    await waitFor(async () => (await pending()) === 0);
    await sleep(50);
    expect(ids(broker)).toEqual(ids(events));
  });

  it('publishes right after notify() instead of waiting for the next poll', async () => {
    const transport = recordingTransport();
    const relay = relayOver(transport, { pollIntervalMs: 60_000 });
    await sleep(50); // the relay has found nothing and sleeps
    const event = newEvent('note.added', {});
    await commit(event);
    const started = Date.now();
    relay.notify();
    await waitFor(() => transport.published.length === 1, { timeoutMs: 2_000 });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('waits the linger after a notify, so rows committed meanwhile go out in one batch', async () => {
    const transport = recordingTransport();
    const relay = relayOver(transport, { pollIntervalMs: 60_000, lingerMs: 500 });
    await sleep(50); // the relay has found nothing and sleeps
    const events = Array.from({ length: 3 }, (_, n) => newEvent('note.added', { n }));
    for (const event of events) {
      await commit(event);
      relay.notify();
    }
    await waitFor(async () => (await pending()) === 0, { timeoutMs: 5_000 });
    expect(ids(transport.published)).toEqual(ids(events));
    // One batch marks its rows in one statement: one transaction, one published_at.
    const marks = await outbox().selectFrom('outbox').select('published_at').execute();
    expect(new Set(marks.map((row) => row.published_at?.getTime())).size).toBe(1);
  });

  it('deletes published rows once they are past retention and keeps pending ones', async () => {
    await commit(newEvent('note.added', { n: 1 }), newEvent('note.added', { n: 2 }));
    const transport = recordingTransport();
    relayOver(transport, { retentionMs: 0 });
    await waitFor(async () => (await outbox().selectFrom('outbox').select('seq').execute()).length === 0);
    expect(transport.published).toHaveLength(2);
  });

  it('stops after the batch in progress and leaves the rest for the next start', async () => {
    await commit(...Array.from({ length: 3 }, (_, n) => newEvent('note.added', { n })));
    const transport = recordingTransport({ delayMs: 50 });
    const relay = startOutboxRelay({ database: storage.database, schema, transport, logger, batchSize: 2 });
    await waitFor(() => transport.published.length > 0);
    await relay.stop();
    expect(transport.published).toHaveLength(2);
    expect(await pending()).toBe(1);
  });

  it('refuses to append outside a transaction', async () => {
    await expect(appendToOutbox(outbox(), newEvent('note.added', {}))).rejects.toThrow(/transaction/);
  });
});
