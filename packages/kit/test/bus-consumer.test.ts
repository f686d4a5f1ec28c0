import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Transaction } from 'kysely';
import { DEAD_LETTER_RECORDED } from '@pustaka/contracts';
import { serviceDb } from '../src/db/open-database.ts';
import { describeEachBackend } from '../src/testing/describe-each-backend.ts';
import type { TestStorage } from '../src/testing/backends.ts';
import {
  appendToOutbox,
  createInProcessTransport,
  listDeadLetters,
  newEvent,
  replayDeadLetter,
  startOutboxRelay,
  subscribe,
  topicMatches,
} from '../src/bus/index.ts';
import type { EventEnvelope, OutboxRelay, Subscription, SubscribeOptions, Transport } from '../src/bus/index.ts';
import type { EffectTables } from './bus-fixtures.ts';
import { effectsOf, logger, losingAcks, metricValue, migrateTestSchema, sleep, uniqueName, waitFor } from './bus-fixtures.ts';
import { register } from '../src/metrics/registry.ts';

describeEachBackend('event consumers (in-process transport)', (backend) => {
  let storage: TestStorage;
  let transport: Transport;
  let producer: string;
  let consumer: string;
  let relay: OutboxRelay;
  const subscriptions: Subscription[] = [];

  const recordEffect = (consumerId: string) => async (trx: Transaction<EffectTables>, event: EventEnvelope) => {
    await trx.insertInto('effects').values({ consumer_id: consumerId, event_id: event.id }).execute();
  };
  const subscribed = async (options: Partial<SubscribeOptions<EffectTables, unknown>> & { consumerId: string }) => {
    const subscription = await subscribe<EffectTables>({
      transport,
      database: storage.database,
      schema: consumer,
      logger,
      events: ['note.*'],
      handle: recordEffect(options.consumerId),
      ...options,
    });
    subscriptions.push(subscription);
    return subscription;
  };
  const publish = async (...events: EventEnvelope[]) => {
    await serviceDb(storage.database, producer)
      .transaction()
      .execute((trx) => appendToOutbox(trx, events));
    relay.notify();
  };

  beforeAll(async () => {
    storage = await backend.open();
  });
  beforeEach(async () => {
    [producer, consumer] = [uniqueName('producer'), uniqueName('consumer')];
    await migrateTestSchema(storage.database, producer);
    await migrateTestSchema(storage.database, consumer);
    transport = createInProcessTransport({ redeliveryDelayMs: 10 });
    relay = startOutboxRelay({ database: storage.database, schema: producer, transport, logger, pollIntervalMs: 20 });
  });
  afterEach(async () => {
    await relay.stop();
    await Promise.all(subscriptions.splice(0).map((subscription) => subscription.close()));
    await transport.close();
  });
  afterAll(async () => storage?.dispose());

  it("reports a consumer's waiting messages when scraped, and how late each event was applied", async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    await subscribed({
      consumerId: 'notes.slow',
      handle: async (trx, event) => {
        await gate;
        await recordEffect('notes.slow')(trx, event);
      },
    });
    // The histogram's observations of this consumer: its `_count` series in the scrape.
    const lagCount = async () => Number(/^pustaka_bus_consumer_lag_seconds_count\{consumer="notes\.slow"\} (\S+)$/m.exec(await register.metrics())?.[1] ?? 0);
    const appliedBefore = await lagCount();
    await publish(...Array.from({ length: 5 }, (_, n) => newEvent('note.added', { n })));
    // One in the handler, four waiting behind it.
    await waitFor(async () => (await metricValue('pustaka_bus_consumer_queue_messages', { consumer: 'notes.slow' })) === 4);
    open();
    await waitFor(async () => (await effectsOf(storage.database, consumer, 'notes.slow')).length === 5);
    expect(await metricValue('pustaka_bus_consumer_queue_messages', { consumer: 'notes.slow' })).toBe(0);
    expect((await lagCount()) - appliedBefore).toBe(5);
    expect(await metricValue('pustaka_bus_dead_letters_total', { consumer: 'notes.slow' })).toBe(0);
  });

  it('delivers committed events to each consumer and applies a duplicate delivery once', async () => {
    await subscribed({ consumerId: 'notes.index' });
    await subscribed({ consumerId: 'notes.audit', events: ['#'] });
    const events = Array.from({ length: 5 }, (_, n) => newEvent('note.added', { n }));
    await publish(...events);
    // The broker delivers the same event again (a relay republishing after a lost confirm).
    await relay.flush();
    await transport.publish(events[2]!);
    await waitFor(async () => (await effectsOf(storage.database, consumer, 'notes.audit')).length === 5);
    await sleep(50);
    expect(await effectsOf(storage.database, consumer, 'notes.index')).toEqual(events.map((event) => event.id));
    expect(await effectsOf(storage.database, consumer, 'notes.audit')).toEqual(events.map((event) => event.id));
    expect(await metricValue('pustaka_bus_consumed_total', { consumer: 'notes.index', outcome: 'duplicate' })).toBeGreaterThanOrEqual(1);
  });

  it('has no second effect when the process dies after the commit and before the ack', async () => {
    const flaky = losingAcks(transport, 1);
    const subscription = await subscribe<EffectTables>({
      transport: flaky,
      database: storage.database,
      schema: consumer,
      logger,
      consumerId: 'notes.crashy',
      events: ['note.added'],
      handle: recordEffect('notes.crashy'),
    });
    subscriptions.push(subscription);
    const event = newEvent('note.added', {});
    await publish(event);
    await waitFor(() => flaky.deliveries === 2);
    await sleep(30);
    expect(await effectsOf(storage.database, consumer, 'notes.crashy')).toEqual([event.id]);
  });

  it('retries a failing handler with back-off, dead-letters it, and applies it once when replayed', async () => {
    let broken = true;
    const attempts: number[] = [];
    const consumerId = uniqueName('notes.fragile');
    await subscribed({
      consumerId,
      maxAttempts: 3,
      backoff: [40, 80],
      handle: async (trx, event) => {
        attempts.push(Date.now());
        await recordEffect(consumerId)(trx, event); // rolled back with the failure
        if (broken && (event.payload as { n: number }).n === 1) throw new Error('search index unavailable');
      },
    });
    const bad = newEvent('note.added', { n: 1 });
    const good = newEvent('note.added', { n: 2 });
    await publish(bad, good);

    await waitFor(async () => (await listDeadLetters(storage.database, consumer)).length === 1);
    expect(attempts).toHaveLength(4); // three for `bad`, one for `good`, which was not held up
    expect(await effectsOf(storage.database, consumer, consumerId)).toEqual([good.id]);
    const [firstTry, , secondTry, thirdTry] = attempts as [number, number, number, number]; // [1] is `good`
    expect(secondTry - firstTry).toBeGreaterThanOrEqual(35);
    expect(thirdTry - secondTry).toBeGreaterThanOrEqual(75);

    const [parked] = await listDeadLetters(storage.database, consumer, { consumerId });
    expect(parked).toMatchObject({ consumerId, eventId: bad.id, type: 'note.added', attempts: 3, error: 'search index unavailable' });
    expect(parked!.envelope).toEqual(bad);
    expect(await metricValue('pustaka_bus_dead_letters_total', { consumer: consumerId })).toBe(1);
    expect(await metricValue('pustaka_bus_retried_total', { consumer: consumerId })).toBe(2);

    broken = false;
    expect(await replayDeadLetter(storage.database, consumer, parked!.id, { transport })).toBe(true);
    expect(await replayDeadLetter(storage.database, consumer, parked!.id, { transport })).toBe(false);
    await waitFor(async () => (await effectsOf(storage.database, consumer, consumerId)).length === 2);
    await sleep(30);
    expect(await effectsOf(storage.database, consumer, consumerId)).toEqual([good.id, bad.id]);
    expect(await listDeadLetters(storage.database, consumer)).toEqual([]);
  });

  it("announces a dead letter once, through the consumer's outbox, and not one of that announcement itself", async () => {
    const consumerId = uniqueName('notes.doomed');
    await subscribed({
      consumerId,
      events: ['note.*', DEAD_LETTER_RECORDED],
      maxAttempts: 1,
      handle: async () => {
        throw new Error('always fails');
      },
    });
    const doomed = newEvent('note.added', { n: 1 });
    await publish(doomed);
    await waitFor(async () => (await listDeadLetters(storage.database, consumer)).length === 1);
    const [parked] = await listDeadLetters(storage.database, consumer);
    // Delivered again (a redelivery after a crash): the row is refreshed, nothing more is announced.
    await transport.publish(doomed);
    await waitFor(async () => (await listDeadLetters(storage.database, consumer))[0]!.failedAt > parked!.failedAt);
    const announced = await serviceDb<any>(storage.database, consumer).selectFrom('outbox').select(['type', 'envelope']).execute();
    expect(announced.map((row) => row.type)).toEqual([DEAD_LETTER_RECORDED]);
    expect(announced[0]!.envelope.payload).toEqual({
      deadLetterId: parked!.id,
      service: consumer,
      consumerId,
      eventId: doomed.id,
      eventType: 'note.added',
      attempts: 1,
      failedAt: parked!.failedAt.toISOString(),
    });

    // The announcement fails its consumer too (here the same one): parked, never announced again.
    await transport.publish(announced[0]!.envelope);
    await waitFor(async () => (await listDeadLetters(storage.database, consumer)).length === 2);
    expect((await serviceDb<any>(storage.database, consumer).selectFrom('outbox').select('type').execute()).length).toBe(1);
  });

  it('finishes the event being applied before close() resolves', async () => {
    let started = false;
    const subscription = await subscribed({
      consumerId: 'notes.slow',
      handle: async (trx, event) => {
        started = true;
        await sleep(200);
        await recordEffect('notes.slow')(trx, event);
      },
    });
    const event = newEvent('note.added', {});
    await publish(event);
    await waitFor(() => started);
    await subscription.close();
    expect(await effectsOf(storage.database, consumer, 'notes.slow')).toEqual([event.id]);
  });
});

describe('topic patterns', () => {
  it('match like a RabbitMQ topic exchange', () => {
    expect(topicMatches('book.*', 'book.created')).toBe(true);
    expect(topicMatches('book.*', 'book.stock.low')).toBe(false);
    expect(topicMatches('book.#', 'book.stock.low')).toBe(true);
    expect(topicMatches('#', 'order.placed')).toBe(true);
    expect(topicMatches('*.placed', 'order.placed')).toBe(true);
    expect(topicMatches('order.placed', 'order.cancelled')).toBe(false);
  });
});
