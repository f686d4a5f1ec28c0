import type { EventEnvelope } from './envelope.ts';

/** One delivery of an event to one consumer; `attempt` starts at 1 and grows with each retry. */
export interface Delivery {
  event: EventEnvelope;
  attempt: number;
}

/**
 * What a consumer decides about a delivery: `undefined` to acknowledge it (applied, skipped or
 * dead-lettered), or when to deliver it again and with which attempt number. If `deliver` throws,
 * the message is redelivered soon, as when a process dies before acknowledging.
 */
export type Settlement = undefined | { retryInMs: number; attempt: number };

export interface ConsumeOptions {
  /** Names the consumer's durable queue; every replica with this id shares it. */
  consumerId: string;
  /** Event types (topic patterns: `*` one word, `#` any words) routed to the queue. */
  events: readonly string[];
  /** Messages held unacknowledged at once (RabbitMQ `basic.qos`). */
  prefetch: number;
  /** Deliveries handled at once by this process; 1 keeps the queue's order. */
  concurrency: number;
}

export interface Consumption {
  /** Stops taking messages and waits for the deliveries in progress. */
  close(): Promise<void>;
}

/**
 * Moves events from relays to consumers: RabbitMQ between processes, or an in-process queue in
 * the embedded default. Service code only sees it through the relay and `subscribe`.
 */
export interface Transport {
  readonly kind: 'rabbitmq' | 'in-process';
  /** Resolves once the broker has taken responsibility for the event (publisher confirm). */
  publish(event: EventEnvelope): Promise<void>;
  consume(options: ConsumeOptions, deliver: (delivery: Delivery) => Promise<Settlement>): Promise<Consumption>;
  /** Delivers an event to one consumer's queue only, as a first attempt (dead-letter replay). */
  sendToConsumer(consumerId: string, event: EventEnvelope): Promise<void>;
  /** Messages waiting in a consumer's queue, not yet delivered (its lag in events; retries waiting out their back-off are not counted). */
  queueLength(consumerId: string): Promise<number>;
  /** Closes what the transport opened; consumptions should be closed first. */
  close(): Promise<void>;
}

/**
 * True when a routing key matches an AMQP topic pattern (`*` = one word, `#` = zero or more), so
 * the in-process transport routes exactly as RabbitMQ does.
 *
 * @example
 *   topicMatches('book.*', 'book.created'); // true
 *   topicMatches('book.*', 'book.stock.low'); // false: `book.#` matches it
 */
export function topicMatches(pattern: string, key: string): boolean {
  const match = (p: string[], k: string[]): boolean => {
    if (p.length === 0) return k.length === 0;
    const [head, ...rest] = p;
    if (head === '#') return match(rest, k) || (k.length > 0 && match(p, k.slice(1)));
    return k.length > 0 && (head === '*' || head === k[0]) && match(rest, k.slice(1));
  };
  return match(pattern.split('.'), key.split('.'));
}
