import { beforeEach, describe, expect, inject, it } from 'vitest';
import { listDeadLetters, newEvent, subscribe } from '../src/bus/index.ts';
import type { EventEnvelope, SubscribeOptions } from '../src/bus/index.ts';
import { describeEachBackend } from '../src/testing/describe-each-backend.ts';
import type { EffectTables } from './bus-fixtures.ts';
import { logger, losingAcks, metricValue, runsOf, transactionsOf, uniqueName, waitFor } from './bus-fixtures.ts';
import { rabbitBus, recordEffect } from './rabbit-bus-fixture.ts';

const amqpUrl = inject('realServices').amqpUrl;

const notes = (count: number) => Array.from({ length: count }, (_, n) => newEvent('note.added', { n }));
const ids = (events: EventEnvelope[]) => events.map((event) => event.id);

describe.skipIf(amqpUrl === undefined)('batched consumers over RabbitMQ', () => {
  describeEachBackend('batched consumers over RabbitMQ', (backend) => {
    const bus = rabbitBus(backend, amqpUrl!);
    beforeEach(() => {
      bus.startRelay({ batchSize: 100 });
    });

    const subscribedInBatches = (options: Partial<SubscribeOptions<EffectTables, unknown>> & { consumerId: string }) =>
      bus.subscribed({ batchSize: 100, ...options });
    /** The consumer's queue, bound before its consumer starts, so a burst can wait in it. */
    const declareQueue = async (consumerId: string) => {
      bus.deleteQueuesOf(consumerId);
      await bus.admin.exchangeDeclare({ exchange: bus.exchange, type: 'topic', durable: true });
      await bus.admin.queueDeclare({ queue: consumerId, durable: true });
      await bus.admin.queueBind({ exchange: bus.exchange, queue: consumerId, routingKey: 'note.added' });
    };
    const depthOf = async (queue: string) => (await bus.admin.queueDeclare({ queue, passive: true })).messageCount;
    /** Publishes through an outbox and relay, and waits until all of it waits in `queue`. */
    const publishWaiting = async (queue: string, events: EventEnvelope[]) => {
      const before = await depthOf(queue);
      for (let n = 0; n < events.length; n += 100) await bus.publish(...events.slice(n, n + 100));
      await bus.relay.flush();
      await waitFor(async () => (await depthOf(queue)) === before + events.length);
    };
    const duplicatesOf = (consumerId: string) => metricValue('pustaka_bus_consumed_total', { consumer: consumerId, outcome: 'duplicate' });

    it('applies a burst waiting in the queue once each and in order, many events to a transaction', async () => {
      const consumerId = uniqueName('notes.batched');
      await declareQueue(consumerId);
      const events = notes(1_000);
      await publishWaiting(consumerId, events);
      // The same events again, as a relay would send them after losing its confirms.
      for (const event of events.slice(0, 50)) await bus.transport.publish(event);
      await waitFor(async () => (await depthOf(consumerId)) === 1_050);

      await subscribedInBatches({ consumerId });
      await waitFor(async () => (await duplicatesOf(consumerId)) === 50, { timeoutMs: 30_000 });
      expect(await bus.effects(consumerId)).toEqual(ids(events));
      const transactions = await transactionsOf(bus.storage.database, bus.consumer, consumerId);
      expect(new Set(transactions).size).toBeLessThanOrEqual(100); // about ten batches of 100
      expect(runsOf(transactions)).toBe(new Set(transactions).size);
    });

    it('applies every event once when the acks of committed batches are lost and the broker redelivers them', async () => {
      const consumerId = uniqueName('notes.crashy');
      await declareQueue(consumerId);
      const events = notes(300);
      await publishWaiting(consumerId, events);
      await subscribedInBatches({ consumerId, transport: losingAcks(bus.transport, 150) });
      // Every lost ack is one more delivery, and each finds its event applied.
      await waitFor(async () => (await duplicatesOf(consumerId)) === 150 && (await bus.effects(consumerId)).length >= 300, { timeoutMs: 30_000 });
      expect(await bus.effects(consumerId)).toEqual(ids(events));
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
        transport: bus.transport,
        database: bus.storage.database,
        schema: bus.consumer,
        logger,
        consumerId,
        events: ['note.added'],
        batchSize: 100,
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
      const appliedByFirst = (await bus.effects(consumerId)).length;
      expect(appliedByFirst).toBeGreaterThan(120);
      expect(appliedByFirst).toBeLessThan(600);

      const next = await subscribe<EffectTables>({
        transport: bus.transport,
        database: bus.storage.database,
        schema: bus.consumer,
        logger,
        consumerId,
        events: ['note.added'],
        batchSize: 100,
        handle: recordEffect(consumerId),
      });
      await waitFor(async () => (await bus.effects(consumerId)).length >= 600, { timeoutMs: 30_000 });
      await next.close(); // what it was still applying (redeliveries of events already applied) is finished
      const applied = await bus.effects(consumerId);
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
      await waitFor(async () => (await listDeadLetters(bus.storage.database, bus.consumer, { consumerId })).length === 1);
      const [parked] = await listDeadLetters(bus.storage.database, bus.consumer, { consumerId });
      expect(parked).toMatchObject({ eventId: events[7]!.id, attempts: 3, error: 'downstream unavailable' });
      expect(await bus.effects(consumerId)).toEqual(ids(events.filter((_, n) => n !== 7)));
      expect(await metricValue('pustaka_bus_retried_total', { consumer: consumerId })).toBe(2);
    });
  });
});
