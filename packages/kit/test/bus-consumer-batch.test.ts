import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import type { Transaction } from 'kysely';
import { trace } from '@opentelemetry/api';
import { describeEachBackend } from '../src/testing/describe-each-backend.ts';
import { eventually } from '../src/testing/http-client.ts';
import { captureSpans } from '../src/testing/captured-spans.ts';
import type { TestStorage } from '../src/testing/backends.ts';
import { createInProcessTransport, listDeadLetters, newEvent, subscribe } from '../src/bus/index.ts';
import type { EventEnvelope, Subscription, SubscribeOptions, Transport } from '../src/bus/index.ts';
import { currentRequestId } from '../src/request-id/request-id.ts';
import type { EffectTables } from './bus-fixtures.ts';
import { effectsOf, logger, losingAcks, metricValue, migrateTestSchema, runsOf, transactionsOf, uniqueName, waitFor } from './bus-fixtures.ts';

const spans = await captureSpans();
const activeSpanId = () => trace.getActiveSpan()?.spanContext().spanId;
/** The consumer span of `consumerId`'s first delivery of `event`, once it has ended. */
const consumerSpanIdOf = async (consumerId: string, event: EventEnvelope) => {
  let spanId: string | undefined;
  await eventually(async () => {
    const consumed = spans
      .ended()
      .find(({ attributes }) => attributes['messaging.consumer.group.name'] === consumerId && attributes['messaging.message.id'] === event.id);
    spanId = consumed?.spanContext().spanId;
    expect(spanId).toBeDefined();
  });
  return spanId;
};

const notes = (count: number, from = 0) =>
  Array.from({ length: count }, (_, n) => newEvent('note.added', { n: from + n }, { headers: { requestId: `req-${from + n}` } }));
const ids = (events: EventEnvelope[]) => events.map((event) => event.id);

describeEachBackend('batched event consumers (in-process transport)', (backend) => {
  let storage: TestStorage;
  let transport: Transport;
  let consumer: string;
  const subscriptions: Subscription[] = [];

  const recordEffect = (consumerId: string) => async (trx: Transaction<EffectTables>, event: EventEnvelope) => {
    await trx.insertInto('effects').values({ consumer_id: consumerId, event_id: event.id }).execute();
  };
  const subscribedInBatches = async (options: Partial<SubscribeOptions<EffectTables, unknown>> & { consumerId: string }) => {
    const subscription = await subscribe<EffectTables>({
      transport,
      database: storage.database,
      schema: consumer,
      logger,
      events: ['note.*'],
      batchSize: 50,
      handle: recordEffect(options.consumerId),
      ...options,
    });
    subscriptions.push(subscription);
    return subscription;
  };
  // Handed over in one go, as a broker hands over what waits in a queue: they reach the consumer together.
  const arriveTogether = async (events: EventEnvelope[]) => {
    for (const event of events) await transport.publish(event);
  };
  const effects = (consumerId: string) => effectsOf(storage.database, consumer, consumerId);
  const duplicatesOf = (consumerId: string) => metricValue('pustaka_bus_consumed_total', { consumer: consumerId, outcome: 'duplicate' });

  beforeAll(async () => {
    storage = await backend.open();
  });
  beforeEach(async () => {
    consumer = uniqueName('consumer');
    await migrateTestSchema(storage.database, consumer);
    transport = createInProcessTransport({ redeliveryDelayMs: 10 });
  });
  afterEach(async () => {
    await Promise.all(subscriptions.splice(0).map((subscription) => subscription.close()));
    await transport.close();
  });
  afterAll(async () => storage?.dispose());

  it('applies a burst once each and in order, many events to a transaction, one transaction after another', async () => {
    const consumerId = uniqueName('notes.batched');
    await subscribedInBatches({ consumerId });
    const events = notes(200);
    await arriveTogether(events);
    await eventually(async () => expect(await effects(consumerId)).toHaveLength(200));
    expect(await effects(consumerId)).toEqual(ids(events));
    const transactions = await transactionsOf(storage.database, consumer, consumerId);
    expect(new Set(transactions).size).toBeLessThanOrEqual(10); // four batches of 50 when nothing interferes
    expect(runsOf(transactions)).toBe(new Set(transactions).size);
  });

  it('has no second effect for a duplicate inside one batch or in a later batch', async () => {
    const consumerId = uniqueName('notes.duplicated');
    await subscribedInBatches({ consumerId });
    const events = notes(10);
    await arriveTogether([...events, events[3]!, events[7]!]);
    // Duplicates are counted once their batch committed.
    await waitFor(async () => (await duplicatesOf(consumerId)) === 2);
    expect(await effects(consumerId)).toEqual(ids(events));
    expect(new Set(await transactionsOf(storage.database, consumer, consumerId)).size).toBe(1);

    const later = notes(2, 10);
    await arriveTogether([events[0]!, later[0]!, events[9]!, later[1]!, later[0]!]);
    await waitFor(async () => (await duplicatesOf(consumerId)) === 5);
    expect(await effects(consumerId)).toEqual(ids([...events, ...later]));
    expect(await metricValue('pustaka_bus_consumed_total', { consumer: consumerId, outcome: 'applied' })).toBe(12);
  });

  it('applies the rest of a batch whose handler fails for one event, and retries and dead-letters that one alone', async () => {
    const consumerId = uniqueName('notes.poisoned');
    const attemptsOfBad: number[] = [];
    await subscribedInBatches({
      consumerId,
      maxAttempts: 3,
      backoff: [20, 40],
      handle: async (trx, event) => {
        await recordEffect(consumerId)(trx, event); // rolled back with the failure, and with it the batch
        if ((event.payload as { n: number }).n === 4) {
          attemptsOfBad.push(Date.now());
          throw new Error('search index unavailable');
        }
      },
    });
    const events = notes(10);
    await arriveTogether(events);

    await waitFor(async () => (await listDeadLetters(storage.database, consumer, { consumerId })).length === 1);
    expect(await effects(consumerId)).toEqual(ids(events.filter((_, n) => n !== 4)));
    expect(attemptsOfBad).toHaveLength(4); // once in the batch, then alone at attempts 1, 2 and 3
    const [parked] = await listDeadLetters(storage.database, consumer, { consumerId });
    expect(parked).toMatchObject({ eventId: events[4]!.id, attempts: 3, error: 'search index unavailable' });
    expect(await metricValue('pustaka_bus_retried_total', { consumer: consumerId })).toBe(2);
    expect(await metricValue('pustaka_bus_dead_letters_total', { consumer: consumerId })).toBe(1);
  });

  it("hands handleBatch the new events in order, runs each event's work in its delivery's context, and the after-commit effects once committed", async () => {
    const consumerId = uniqueName('notes.handled');
    const batches: string[][] = [];
    const requestIds: Array<string | undefined> = [];
    const spanIds: Array<string | undefined> = [];
    const afterEach: string[] = [];
    const afterBatches: string[][] = [];
    const committedWhenAfterBatch: number[] = [];
    await subscribedInBatches({
      consumerId,
      handleBatch: async (trx, events, inContextOf) => {
        batches.push(ids(events));
        // No event's context: the batch is everyone's.
        requestIds.push(currentRequestId());
        spanIds.push(activeSpanId());
        for (const event of events) {
          await inContextOf(event, async () => {
            requestIds.push(currentRequestId());
            spanIds.push(activeSpanId());
            await recordEffect(consumerId)(trx, event);
          });
        }
      },
      afterCommit: async (event) => {
        afterEach.push(`${event.id} ${currentRequestId()}`);
      },
      afterBatchCommit: async (events) => {
        committedWhenAfterBatch.push((await effects(consumerId)).length);
        afterBatches.push(ids(events));
      },
    });
    const events = notes(6);
    await arriveTogether([...events, events[2]!]);
    await waitFor(() => afterBatches.length === 1);

    expect(batches).toEqual([ids(events)]);
    expect(requestIds).toEqual([undefined, ...events.map((event) => event.headers.requestId)]);
    expect(afterEach).toEqual(events.map((event) => `${event.id} ${event.headers.requestId}`));
    expect(afterBatches).toEqual([ids(events)]);
    expect(committedWhenAfterBatch).toEqual([6]);
    expect(spanIds).toEqual([undefined, ...(await Promise.all(events.map((event) => consumerSpanIdOf(consumerId, event))))]);
  });

  it("runs handle for each event of a batch under that event's request id", async () => {
    const consumerId = uniqueName('notes.traced');
    const seen: Array<string | undefined> = [];
    await subscribedInBatches({
      consumerId,
      handle: async (trx, event) => {
        seen.push(currentRequestId());
        await recordEffect(consumerId)(trx, event);
      },
    });
    const events = notes(5);
    await arriveTogether(events);
    await eventually(async () => expect(await effects(consumerId)).toHaveLength(5));
    expect(seen).toEqual(events.map((event) => event.headers.requestId));
    expect(new Set(await transactionsOf(storage.database, consumer, consumerId)).size).toBe(1);
  });

  it('has no second effect when the process dies after a batch commits and before its acks', async () => {
    const consumerId = uniqueName('notes.crashy');
    const flaky = losingAcks(transport, 10);
    await subscribedInBatches({ consumerId, transport: flaky });
    const events = notes(10);
    await arriveTogether(events);
    await waitFor(async () => (await duplicatesOf(consumerId)) === 10);
    expect(flaky.deliveries).toBe(20);
    expect(await effects(consumerId)).toEqual(ids(events));
    expect(new Set(await transactionsOf(storage.database, consumer, consumerId)).size).toBe(1);
  });

  it('applies the deliveries waiting behind a batch before close() resolves', async () => {
    const consumerId = uniqueName('notes.closing');
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started = false;
    const counting = losingAcks(transport, 0);
    const subscription = await subscribedInBatches({
      consumerId,
      transport: counting,
      handle: async (trx, event) => {
        started = true;
        await gate;
        await recordEffect(consumerId)(trx, event);
      },
    });
    const [first, ...waiting] = notes(5);
    await arriveTogether([first!]);
    await waitFor(() => started);
    await arriveTogether(waiting);
    await waitFor(() => counting.deliveries === 5); // handed to the consumer, waiting for the next batch
    const closing = subscription.close();
    release();
    await closing;
    expect(await effects(consumerId)).toEqual(ids([first!, ...waiting]));
  });

  it('refuses batches together with concurrency, and batch sizes that are not positive integers', async () => {
    await expect(subscribedInBatches({ consumerId: uniqueName('notes.both'), concurrency: 4 })).rejects.toThrow(/concurrency/);
    await expect(subscribedInBatches({ consumerId: uniqueName('notes.zero'), batchSize: 0 })).rejects.toThrow(/batchSize/);
    await expect(subscribedInBatches({ consumerId: uniqueName('notes.half'), batchSize: 2.5 })).rejects.toThrow(/batchSize/);
  });
});
