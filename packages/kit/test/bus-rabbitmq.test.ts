import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { Connection } from 'rabbitmq-client';
import type { Transaction } from 'kysely';
import { serviceDb } from '../src/db/open-database.ts';
import { describeEachBackend } from '../src/testing/describe-each-backend.ts';
import type { TestStorage } from '../src/testing/backends.ts';
import { appendToOutbox, createRabbitTransport, listDeadLetters, newEvent, replayDeadLetter, startOutboxRelay, subscribe } from '../src/bus/index.ts';
import type { EventEnvelope, OutboxRelay, OutboxRelayOptions, Subscription, SubscribeOptions, Transport } from '../src/bus/index.ts';
import type { EffectTables } from './bus-fixtures.ts';
import { effectsOf, logger, losingAcks, metricValue, migrateTestSchema, sleep, uniqueName, waitFor } from './bus-fixtures.ts';

const amqpUrl = inject('realServices').amqpUrl;
const run = promisify(execFile);

/** Stopping the broker is only done to a local one, and can be turned off where it is shared. */
const canRestartBroker = async () =>
  amqpUrl !== undefined && ['127.0.0.1', 'localhost'].includes(new URL(amqpUrl).hostname) && process.env.TEST_BROKER_RESTART !== '0' &&
  (await run('rabbitmqctl', ['--version']).then(() => true, () => false));

describe.skipIf(amqpUrl === undefined)('bus over RabbitMQ', () => {
  describeEachBackend('bus over RabbitMQ', (backend) => {
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
    const subscribed = async (options: Partial<SubscribeOptions<EffectTables, unknown>> & { consumerId: string }) => {
      queues.push(options.consumerId, `${options.consumerId}.retry`, `${options.consumerId}.dead`);
      const subscription = await subscribe<EffectTables>({
        transport, database: storage.database, schema: consumer, logger, events: ['note.added'], handle: recordEffect(options.consumerId), ...options,
      });
      subscriptions.push(subscription);
      return subscription;
    };
    const startRelay = (options: Partial<OutboxRelayOptions> = {}) => {
      relay = startOutboxRelay({ database: storage.database, schema: producer, transport, logger, pollIntervalMs: 20, ...options });
    };
    const publish = async (...events: EventEnvelope[]) => {
      await serviceDb(storage.database, producer).transaction().execute((trx) => appendToOutbox(trx, events));
      relay.notify();
    };
    const effects = (consumerId: string) => effectsOf(storage.database, consumer, consumerId);
    const ids = (events: EventEnvelope[]) => events.map((event) => event.id);

    beforeAll(async () => {
      storage = await backend.open();
      admin = new Connection(amqpUrl!);
      admin.on('error', () => {}); // the broker restart test drops it; it reconnects
      exchange = uniqueName('pustaka.test');
    });
    beforeEach(async () => {
      [producer, consumer] = [uniqueName('producer'), uniqueName('consumer')];
      await migrateTestSchema(storage.database, producer);
      await migrateTestSchema(storage.database, consumer);
      transport = createRabbitTransport({ url: amqpUrl!, exchange, logger, acquireTimeoutMs: 500, reconnectMaxMs: 1_000 });
    });
    afterEach(async () => {
      await relay?.stop();
      await Promise.all(subscriptions.splice(0).map((subscription) => subscription.close()));
      await transport.close();
      for (const queue of queues.splice(0)) await admin.queueDelete({ queue });
    });
    afterAll(async () => {
      await admin?.exchangeDelete({ exchange });
      await admin?.close();
      await storage?.dispose();
    });

    it('delivers 1,000 events, duplicates included, each applied exactly once and in order', async () => {
      const consumerId = uniqueName('notes.count');
      await subscribed({ consumerId });
      startRelay({ batchSize: 100 });
      const events = Array.from({ length: 1_000 }, (_, n) => newEvent('note.added', { n }));
      for (let n = 0; n < events.length; n += 10) await publish(...events.slice(n, n + 10));
      await relay.flush();
      // The same events again, as a relay would send them after losing its confirms.
      for (const event of events.slice(0, 50)) await transport.publish(event);
      await waitFor(async () => (await metricValue('pustaka_bus_consumed_total', { consumer: consumerId, outcome: 'duplicate' })) === 50, { timeoutMs: 30_000 });
      expect(await effects(consumerId)).toEqual(ids(events));
    });

    it('has no second effect when an ack is lost and the broker redelivers', async () => {
      const consumerId = uniqueName('notes.crashy');
      const flaky = losingAcks(transport, 1);
      queues.push(consumerId, `${consumerId}.retry`, `${consumerId}.dead`);
      subscriptions.push(await subscribe<EffectTables>({
        transport: flaky, database: storage.database, schema: consumer, logger, consumerId, events: ['note.added'], handle: recordEffect(consumerId),
      }));
      startRelay();
      const event = newEvent('note.added', {});
      await publish(event);
      await waitFor(() => flaky.deliveries === 2);
      await sleep(50);
      expect(await effects(consumerId)).toEqual([event.id]);
    });

    it('retries through the retry queue, dead-letters, and replays to that consumer only', async () => {
      let broken = true;
      const attempts: number[] = [];
      const [fragile, steady] = [uniqueName('notes.fragile'), uniqueName('notes.steady')];
      const steadyTransport = losingAcks(transport, 0);
      await subscribed({
        consumerId: fragile,
        maxAttempts: 3,
        backoff: [100, 200],
        handle: async (trx, event) => {
          attempts.push(Date.now());
          if (broken) throw new Error('downstream unavailable');
          await recordEffect(fragile)(trx, event);
        },
      });
      await subscribed({ consumerId: steady, transport: steadyTransport });
      startRelay();
      const event = newEvent('note.added', {});
      await publish(event);

      await waitFor(async () => (await listDeadLetters(storage.database, consumer, { consumerId: fragile })).length === 1);
      expect(attempts).toHaveLength(3);
      expect(attempts[1]! - attempts[0]!).toBeGreaterThanOrEqual(90);
      expect(attempts[2]! - attempts[1]!).toBeGreaterThanOrEqual(190);
      expect(await effects(steady)).toEqual([event.id]);
      const [parked] = await listDeadLetters(storage.database, consumer, { consumerId: fragile });
      expect(parked).toMatchObject({ eventId: event.id, attempts: 3, error: 'downstream unavailable' });
      expect(await metricValue('pustaka_bus_dead_letters_total', { consumer: fragile })).toBe(1);

      broken = false;
      expect(await replayDeadLetter(storage.database, consumer, parked!.id, { transport })).toBe(true);
      await waitFor(async () => (await effects(fragile)).length === 1);
      await sleep(100);
      expect(await effects(fragile)).toEqual([event.id]);
      expect(steadyTransport.deliveries).toBe(1);
      expect(await listDeadLetters(storage.database, consumer)).toEqual([]);
    });

    it('parks a message that is not an event envelope in the consumer\'s .dead queue', async () => {
      const consumerId = uniqueName('notes.strict');
      await subscribed({ consumerId });
      const publisher = admin.createPublisher({ confirm: true });
      await publisher.send({ exchange, routingKey: 'note.added' }, 'not json at all');
      await publisher.close();
      const parked = async () => (await admin.queueDeclare({ queue: `${consumerId}.dead`, passive: true }).catch(() => ({ messageCount: 0 }))).messageCount;
      await waitFor(async () => (await parked()) === 1);
      expect(await effects(consumerId)).toEqual([]);
    });

    it('keeps publishing through a RabbitMQ restart (rabbitmqctl stop_app / start_app), losing and reordering nothing', async (context) => {
      if (!(await canRestartBroker())) context.skip();
      const consumerId = uniqueName('notes.outage');
      await subscribed({ consumerId });
      startRelay({ backoff: { initialMs: 50, maxMs: 500 } });
      const before = Array.from({ length: 10 }, (_, n) => newEvent('note.added', { n }));
      await publish(...before);
      await waitFor(async () => (await effects(consumerId)).length === 10);

      const during = Array.from({ length: 20 }, (_, n) => newEvent('note.added', { n: n + 10 }));
      const failuresBefore = await metricValue('pustaka_bus_publish_failures_total', { schema: producer });
      try {
        await run('rabbitmqctl', ['stop_app']);
        for (const event of during) await publish(event);
        await sleep(1_200);
        expect(await metricValue('pustaka_bus_publish_failures_total', { schema: producer })).toBeGreaterThan(failuresBefore);
      } finally {
        await run('rabbitmqctl', ['start_app']);
      }
      await waitFor(async () => (await effects(consumerId)).length >= 30, { timeoutMs: 30_000 });
      await sleep(100);
      expect(await effects(consumerId)).toEqual(ids([...before, ...during]));
    });
  });
});
