import { topicMatches } from './transport.ts';
import type { ConsumeOptions, Delivery, Settlement, Transport } from './transport.ts';
import type { EventEnvelope } from './envelope.ts';

interface LocalQueue {
  patterns: Set<string>;
  items: Delivery[];
  deliver: ((delivery: Delivery) => Promise<Settlement>) | undefined;
  concurrency: number;
  active: number;
  onIdle: Array<() => void>;
}

export interface InProcessTransportOptions {
  /** Wait before a delivery whose handler threw is tried again. */
  redeliveryDelayMs?: number;
}

/**
 * The embedded default: per-consumer queues in memory with RabbitMQ's semantics (topic routing,
 * queues that outlive their consumer, delayed retries). Delivery always happens on a later turn of
 * the event loop, never inside the publisher's call. Queues live in memory: events waiting in
 * them, or waiting for a retry, do not survive the process.
 *
 * @example
 *   const transport = createInProcessTransport();
 *   const relay = startOutboxRelay({ database, schema: 'orders', transport, logger });
 */
export function createInProcessTransport(options: InProcessTransportOptions = {}): Transport {
  const redeliveryDelayMs = options.redeliveryDelayMs ?? 100;
  const queues = new Map<string, LocalQueue>();
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;

  const queueOf = (consumerId: string): LocalQueue => {
    let queue = queues.get(consumerId);
    if (!queue) {
      queue = { patterns: new Set(), items: [], deliver: undefined, concurrency: 1, active: 0, onIdle: [] };
      queues.set(consumerId, queue);
    }
    return queue;
  };

  const enqueue = (queue: LocalQueue, delivery: Delivery, atFront = false): void => {
    if (atFront) queue.items.unshift(delivery);
    else queue.items.push(delivery);
    setImmediate(() => pump(queue));
  };

  const later = (queue: LocalQueue, delayMs: number, delivery: Delivery, atFront = false): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      enqueue(queue, delivery, atFront);
    }, delayMs);
    timer.unref();
    timers.add(timer);
  };

  const pump = (queue: LocalQueue): void => {
    while (!closed && queue.deliver && queue.active < queue.concurrency && queue.items.length > 0) {
      const delivery = queue.items.shift() as Delivery;
      queue.active += 1;
      void run(queue, queue.deliver, delivery);
    }
  };

  const run = async (queue: LocalQueue, deliver: (delivery: Delivery) => Promise<Settlement>, delivery: Delivery): Promise<void> => {
    try {
      const settlement = await deliver(delivery);
      if (settlement) later(queue, settlement.retryInMs, { event: delivery.event, attempt: settlement.attempt });
    } catch {
      // As if the process died before acknowledging: the same delivery comes back first.
      later(queue, redeliveryDelayMs, delivery, true);
    } finally {
      queue.active -= 1;
      if (queue.active === 0) for (const resolve of queue.onIdle.splice(0)) resolve();
      pump(queue);
    }
  };

  const idle = (queue: LocalQueue): Promise<void> => (queue.active === 0 ? Promise.resolve() : new Promise((resolve) => queue.onIdle.push(resolve)));

  // Each queue gets its own copy, as over the wire: a consumer mutating its event affects no other.
  const copy = (event: EventEnvelope): EventEnvelope => structuredClone(event);

  return {
    kind: 'in-process',
    publish: async (event) => {
      if (closed) throw new Error('in-process transport is closed');
      for (const queue of queues.values()) {
        if ([...queue.patterns].some((pattern) => topicMatches(pattern, event.type))) enqueue(queue, { event: copy(event), attempt: 1 });
      }
    },
    consume: async (consume: ConsumeOptions, deliver) => {
      const queue = queueOf(consume.consumerId);
      if (queue.deliver) throw new Error(`consumer ${consume.consumerId} is already consuming in this process`);
      for (const pattern of consume.events) queue.patterns.add(pattern);
      queue.deliver = deliver;
      queue.concurrency = consume.concurrency;
      setImmediate(() => pump(queue));
      return {
        close: async () => {
          queue.deliver = undefined;
          await idle(queue);
        },
      };
    },
    sendToConsumer: async (consumerId, event) => {
      if (closed) throw new Error('in-process transport is closed');
      const queue = queues.get(consumerId);
      if (!queue) throw new Error(`no queue for consumer ${consumerId}`);
      enqueue(queue, { event: copy(event), attempt: 1 });
    },
    queueLength: async (consumerId) => queues.get(consumerId)?.items.length ?? 0,
    close: async () => {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.all([...queues.values()].map(idle));
    },
  };
}
