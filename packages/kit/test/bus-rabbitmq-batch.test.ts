import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { Connection } from 'rabbitmq-client';
import type { Transaction } from 'kysely';
import { serviceDb } from '../src/db/open-database.ts';
import { describeEachBackend } from '../src/testing/describe-each-backend.ts';
import type { TestStorage } from '../src/testing/backends.ts';
import { appendToOutbox, createRabbitTransport, listDeadLetters, newEvent, startOutboxRelay, subscribe } from '../src/bus/index.ts';
import type { EventEnvelope, OutboxRelay, Subscription, SubscribeOptions, Transport } from '../src/bus/index.ts';
import type { EffectTables } from './bus-fixtures.ts';
import { effectsOf, logger, losingAcks, metricValue, migrateTestSchema, runsOf, transactionsOf, uniqueName, waitFor } from './bus-fixtures.ts';

const amqpUrl = inject('realServices').amqpUrl;

const notes = (count: number) => Array.from({ length: count }, (_, n) => newEvent('note.added', { n }));
const ids = (events: EventEnvelope[]) => events.map((event) => event.id);

describe.skipIf(amqpUrl === undefined)('batched consumers over RabbitMQ', () => {
  describeEachBackend('batched consumers over RabbitMQ', (backend) => {
    let storage: TestStorage;
    let admin: Connection;
    let exchange: string;
    let transport: Transport;
    let producer: string;
    let consumer: string;
    let relay: OutboxRelay;
    const queues: string[] = [];
    const subscriptions: Subscription[] = [];

    const recordEffect = (consumerId: string) => async (trx: Transaction<EffectTables>, event: EventEnvelope) => {
      await trx.insertInto('effects').values({ consumer_id: consumerId, event_id: event.id }).execute();
    };
    const subscribedInBatches = async (options: Partial<SubscribeOptions<EffectTables, unknown>> & { consumerId: string }) => {
      const subscription = await subscribe<EffectTables>({
        transport, database: storage.database, schema: consumer, logger, events: ['note.added'], batchSize: 100, handle: recordEffect(options.consumerId), ...options,
      });
      subscriptions.push(subscription);
      return subscription;
    };
    /** The consumer's queue, bound before its consumer starts, so a burst can wait in it. */
    const declareQueue = async (consumerId: string) => {
      queues.push(consumerId, `${consumerId}.retry`, `${consumerId}.dead`);
      await admin.exchangeDeclare({ exchange, type: 'topic', durable: true });
      await admin.queueDeclare({ queue: consumerId, durable: true });
      await admin.queueBind({ exchange, queue: consumerId, routingKey: 'note.added' });
    };
    const depthOf = async (queue: string) => (await admin.queueDeclare({ queue, passive: true })).messageCount;
    /** Publishes through an outbox and relay, and waits until all of it waits in `queue`. */
    const publishWaiting = async (queue: string, events: EventEnvelope[]) => {
      const before = await depthOf(queue);
      for (let n = 0; n < events.length; n += 100) {
        await serviceDb(storage.database, producer).transaction().execute((trx) => appendToOutbox(trx, events.slice(n, n + 100)));
      }
      relay.notify();
      await relay.flush();
      await waitFor(async () => (await depthOf(queue)) === before + events.length);
    };
    const effects = (consumerId: string) => effectsOf(storage.database, consumer, consumerId);
    const duplicatesOf = (consumerId: string) => metricValue('pustaka_bus_consumed_total', { consumer: consumerId, outcome: 'duplicate' });

    beforeAll(async () => {
      storage = await backend.open();
      admin = new Connection(amqpUrl!);
      admin.on('error', () => {});
      exchange = uniqueName('pustaka.test');
    });
    beforeEach(async () => {
      [producer, consumer] = [uniqueName('producer'), uniqueName('consumer')];
      await migrateTestSchema(storage.database, producer);
      await migrateTestSchema(storage.database, consumer);
      transport = createRabbitTransport({ url: amqpUrl!, exchange, logger, acquireTimeoutMs: 500, reconnectMaxMs: 1_000 });
      relay = startOutboxRelay({ database: storage.database, schema: producer, transport, logger, pollIntervalMs: 20, batchSize: 100 });
    });
    afterEach(async () => {
      await relay.stop();
      await Promise.all(subscriptions.splice(0).map((subscription) => subscription.close()));
      await transport.close();
      for (const queue of queues.splice(0)) await admin.queueDelete({ queue });
    });
    afterAll(async () => {
      await admin?.exchangeDelete({ exchange });
      await admin?.close();
      await storage?.dispose();
    });

    it('applies a burst waiting in the queue once each and in order, many events to a transaction', async () => {
      const consumerId = uniqueName('notes.batched');
      await declareQueue(consumerId);
      const events = notes(1_000);
      await publishWaiting(consumerId, events);
      // The same events again, as a relay would send them after losing its confirms.
      for (const event of events.slice(0, 50)) await transport.publish(event);
      await waitFor(async () => (await depthOf(consumerId)) === 1_050);

      await subscribedInBatches({ consumerId });
      await waitFor(async () => (await duplicatesOf(consumerId)) === 50, { timeoutMs: 30_000 });
      expect(await effects(consumerId)).toEqual(ids(events));
      const transactions = await transactionsOf(storage.database, consumer, consumerId);
      expect(new Set(transactions).size).toBeLessThanOrEqual(100); // about ten batches of 100
      expect(runsOf(transactions)).toBe(new Set(transactions).size);
    });

    it('applies every event once when the acks of committed batches are lost and the broker redelivers them', async () => {
      const consumerId = uniqueName('notes.crashy');
      await declareQueue(consumerId);
      const events = notes(300);
      await publishWaiting(consumerId, events);
      await subscribedInBatches({ consumerId, transport: losingAcks(transport, 150) });
      // Every lost ack is one more delivery, and each finds its event applied.
      await waitFor(async () => (await duplicatesOf(consumerId)) === 150 && (await effects(consumerId)).length >= 300, { timeoutMs: 30_000 });
      expect(await effects(consumerId)).toEqual(ids(events));
    });

    it('acknowledges only what it committed: a consumer stopped mid-burst leaves the rest to the next, each event applied once', async () => {
      const consumerId = uniqueName('notes.interrupted');
      await declareQueue(consumerId);
      const events = notes(600);
      await publishWaiting(consumerId, events);
      let release!: () => void;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      let reached = false;
      const first = await subscribe<EffectTables>({
        transport, database: storage.database, schema: consumer, logger, consumerId, events: ['note.added'], batchSize: 100,
        handle: async (trx, event) => {
          await recordEffect(consumerId)(trx, event);
          if ((event.payload as { n: number }).n === 120) {
            reached = true;
            await gate;
          }
        },
      });
      await waitFor(() => reached);
      const stopping = first.close();
      release();
      await stopping;
      const appliedByFirst = (await effects(consumerId)).length;
      expect(appliedByFirst).toBeGreaterThan(120);
      expect(appliedByFirst).toBeLessThan(600);

      const next = await subscribe<EffectTables>({
        transport, database: storage.database, schema: consumer, logger, consumerId, events: ['note.added'], batchSize: 100, handle: recordEffect(consumerId),
      });
      await waitFor(async () => (await effects(consumerId)).length >= 600, { timeoutMs: 30_000 });
      await next.close(); // what it was still applying (redeliveries of events already applied) is finished
      const applied = await effects(consumerId);
      expect(applied).toHaveLength(600);
      expect([...applied].sort()).toEqual(ids(events).sort());
    });

    it('retries a failing event of a batch through the retry queue and dead-letters it alone, applying the others', async () => {
      const consumerId = uniqueName('notes.poisoned');
      await declareQueue(consumerId);
      const events = notes(30);
      await publishWaiting(consumerId, events);
      await subscribedInBatches({
        consumerId,
        maxAttempts: 3,
        backoff: [50, 100],
        handle: async (trx, event) => {
          await recordEffect(consumerId)(trx, event);
          if ((event.payload as { n: number }).n === 7) throw new Error('downstream unavailable');
        },
      });
      await waitFor(async () => (await listDeadLetters(storage.database, consumer, { consumerId })).length === 1);
      const [parked] = await listDeadLetters(storage.database, consumer, { consumerId });
      expect(parked).toMatchObject({ eventId: events[7]!.id, attempts: 3, error: 'downstream unavailable' });
      expect(await effects(consumerId)).toEqual(ids(events.filter((_, n) => n !== 7)));
      expect(await metricValue('pustaka_bus_retried_total', { consumer: consumerId })).toBe(2);
    });
  });
});
