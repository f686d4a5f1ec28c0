import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { Connection } from 'rabbitmq-client';
import type { Consumer, Publisher } from 'rabbitmq-client';
import type { Logger } from '@pustaka/kit/log';
import { isFanoutMessage } from './live-fanout.ts';
import type { LiveFanout } from './live-fanout.ts';

export interface RabbitFanoutOptions {
  url: string;
  logger: Logger;
  /** The fanout exchange every replica binds its queue to. */
  exchange?: string;
  connectionName?: string;
  /** How long a publish or the first setup waits for the broker. */
  acquireTimeoutMs?: number;
}

/**
 * Fan-out between replicas through RabbitMQ: a fanout exchange, and per replica an auto-deleted
 * queue of its own, named by a random id (gone with its consumer, so a dead replica leaves nothing
 * behind). Messages are transient and unacknowledged: a live message is worth nothing late, and
 * what a socket misses while the broker is away it gets from the inbox when it resumes (`onGap`).
 *
 * @example
 *   const fanout = createRabbitFanout({ url: deps.amqpUrl, logger, connectionName: 'notify-live' });
 */
export function createRabbitFanout(options: RabbitFanoutOptions): LiveFanout & { readonly queue: string } {
  const exchange = options.exchange ?? 'pustaka.notify.live';
  const queue = `${exchange}.${randomUUID()}`;
  const logger = options.logger.child({ component: 'live-fanout', exchange });
  const acquireTimeout = options.acquireTimeoutMs ?? 10_000;
  const connection = new Connection({
    url: options.url,
    ...(options.connectionName ? { connectionName: options.connectionName } : {}),
    acquireTimeout,
    retryLow: 250,
    retryHigh: 5_000,
    noDelay: true,
  });
  connection.on('error', (error) => logger.warn({ err: error }, 'RabbitMQ connection error; reconnecting'));
  // Gone with the last replica's queue, so a test run or a renamed exchange leaves nothing behind.
  const declaration = { exchange, type: 'fanout', durable: false, autoDelete: true };
  let publisher: Publisher | undefined;
  let consumer: Consumer | undefined;

  return {
    kind: 'rabbitmq',
    /** This replica's queue (its name, for operators and tests). */
    queue,
    async start(onMessage, onGap) {
      publisher = connection.createPublisher({ confirm: true, maxAttempts: 2, exchanges: [declaration] });
      consumer = connection.createConsumer(
        {
          queue,
          noAck: true,
          // Deleted when its consumer goes (the replica died or lost the broker), and after a minute unused in any case.
          queueOptions: { autoDelete: true, durable: false, arguments: { 'x-expires': 60_000 } },
          exchanges: [declaration],
          queueBindings: [{ exchange, queue, routingKey: '' }],
        },
        (message) => {
          if (isFanoutMessage(message.body)) onMessage(message.body);
          else logger.warn({ messageId: message.messageId }, 'not a live message; dropped');
        },
      );
      consumer.on('error', (error) => logger.warn({ err: error }, 'live fan-out consumer error'));
      await once(consumer, 'ready', { signal: AbortSignal.timeout(acquireTimeout) });
      // Every later `ready` is a new queue after a lost connection: what was sent meanwhile is gone.
      consumer.on('ready', () => {
        logger.warn('live fan-out reconnected; messages sent meanwhile were missed');
        onGap();
      });
    },
    publish: async (message) => {
      if (!publisher) throw new Error('the live fan-out is not started');
      await publisher.send({ exchange, routingKey: '', durable: false }, message);
    },
    async close() {
      await consumer?.close();
      await publisher?.close();
      await connection.close();
    },
  };
}
