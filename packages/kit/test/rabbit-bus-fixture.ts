import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { Connection } from 'rabbitmq-client';
import type { Transaction } from 'kysely';
import { serviceDb } from '../src/db/open-database.ts';
import type { TestBackend, TestStorage } from '../src/testing/backends.ts';
import { appendToOutbox, createRabbitTransport, startOutboxRelay, subscribe } from '../src/bus/index.ts';
import type { EventEnvelope, OutboxRelay, OutboxRelayOptions, Subscription, SubscribeOptions, Transport } from '../src/bus/index.ts';
import type { EffectTables } from './bus-fixtures.ts';
import { effectsOf, logger, migrateTestSchema, uniqueName } from './bus-fixtures.ts';

/** A handler that records each event it applies in `effects`, for `effectsOf`. */
export const recordEffect =
  (consumerId: string) =>
  async (trx: Transaction<EffectTables>, event: EventEnvelope): Promise<void> => {
    await trx.insertInto('effects').values({ consumer_id: consumerId, event_id: event.id }).execute();
  };

const queuesOf = (consumerId: string) => [consumerId, `${consumerId}.retry`, `${consumerId}.dead`];

/** A producer and a consumer schema on one backend, talking through a RabbitMQ exchange of their own. */
export interface RabbitBus {
  readonly storage: TestStorage;
  /** A separate connection for declaring, inspecting and deleting queues. */
  readonly admin: Connection;
  readonly exchange: string;
  readonly transport: Transport;
  readonly producer: string;
  readonly consumer: string;
  readonly relay: OutboxRelay;
  /** Subscribes in the consumer schema, recording each applied event in `effects`; closed after the test. */
  subscribed(options: Partial<SubscribeOptions<EffectTables, unknown>> & { consumerId: string }): Promise<Subscription>;
  /** Starts the producer's relay (stopped after the test). */
  startRelay(options?: Partial<OutboxRelayOptions>): OutboxRelay;
  /** Commits events to the producer's outbox and wakes the relay. */
  publish(...events: EventEnvelope[]): Promise<void>;
  /** Event ids the consumer applied, in the order it applied them. */
  effects(consumerId: string): Promise<string[]>;
  /** Deletes the consumer's queues (its own, `.retry`, `.dead`) after the test. */
  deleteQueuesOf(consumerId: string): void;
}

/**
 * Registers the set-up of a RabbitMQ bus suite in the calling `describe`: the storage and an admin
 * connection for the suite, fresh producer and consumer schemas and a transport for each test, and
 * everything a test started (relay, subscriptions, queues) stopped and deleted after it.
 *
 * @example
 *   describeEachBackend('bus over RabbitMQ', (backend) => {
 *     const bus = rabbitBus(backend, amqpUrl!);
 *     it('...', async () => { await bus.subscribed({ consumerId }); bus.startRelay(); await bus.publish(event); });
 *   });
 */
export function rabbitBus(backend: TestBackend, amqpUrl: string): RabbitBus {
  let storage: TestStorage;
  let admin: Connection;
  let exchange: string;
  let transport: Transport;
  let producer: string;
  let consumer: string;
  let relay: OutboxRelay | undefined;
  const queues = new Set<string>();
  const subscriptions: Subscription[] = [];

  beforeAll(async () => {
    storage = await backend.open();
    admin = new Connection(amqpUrl);
    admin.on('error', () => {}); // a broker restart drops it; it reconnects
    exchange = uniqueName('pustaka.test');
  });
  beforeEach(async () => {
    [producer, consumer] = [uniqueName('producer'), uniqueName('consumer')];
    await migrateTestSchema(storage.database, producer);
    await migrateTestSchema(storage.database, consumer);
    transport = createRabbitTransport({ url: amqpUrl, exchange, logger, acquireTimeoutMs: 500, reconnectMaxMs: 1_000 });
  });
  afterEach(async () => {
    await relay?.stop();
    relay = undefined;
    await Promise.all(subscriptions.splice(0).map((subscription) => subscription.close()));
    await transport.close();
    for (const queue of queues) await admin.queueDelete({ queue });
    queues.clear();
  });
  afterAll(async () => {
    await admin?.exchangeDelete({ exchange });
    await admin?.close();
    await storage?.dispose();
  });

  const started = (): OutboxRelay => {
    if (!relay) throw new Error('start the relay first (startRelay)');
    return relay;
  };

  return {
    get storage() {
      return storage;
    },
    get admin() {
      return admin;
    },
    get exchange() {
      return exchange;
    },
    get transport() {
      return transport;
    },
    get producer() {
      return producer;
    },
    get consumer() {
      return consumer;
    },
    get relay() {
      return started();
    },
    subscribed: async (options) => {
      for (const queue of queuesOf(options.consumerId)) queues.add(queue);
      const subscription = await subscribe<EffectTables>({
        transport,
        database: storage.database,
        schema: consumer,
        logger,
        events: ['note.added'],
        handle: recordEffect(options.consumerId),
        ...options,
      });
      subscriptions.push(subscription);
      return subscription;
    },
    startRelay: (options = {}) => {
      relay = startOutboxRelay({ database: storage.database, schema: producer, transport, logger, pollIntervalMs: 20, ...options });
      return relay;
    },
    publish: async (...events) => {
      await serviceDb(storage.database, producer)
        .transaction()
        .execute((trx) => appendToOutbox(trx, events));
      started().notify();
    },
    effects: (consumerId) => effectsOf(storage.database, consumer, consumerId),
    deleteQueuesOf: (consumerId) => {
      for (const queue of queuesOf(consumerId)) queues.add(queue);
    },
  };
}
