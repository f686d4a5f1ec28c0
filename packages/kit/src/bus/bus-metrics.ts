import { counter, histogram } from '../metrics/registry.ts';
import { sampledGauge } from '../metrics/sampled-gauge.ts';

/**
 * The bus's metrics on prom-client's default registry (what `GET /metrics` serves). Created on
 * first use and shared: every service in the embedded process reports into the same series.
 */
export const busMetrics = {
  published: () => counter('pustaka_bus_published_total', 'Events published by outbox relays', ['event']),
  publishFailures: () => counter('pustaka_bus_publish_failures_total', 'Outbox relay batches that failed to publish and will be retried', ['schema']),
  consumed: () => counter('pustaka_bus_consumed_total', 'Events a consumer acknowledged, by outcome (applied, duplicate)', ['consumer', 'outcome']),
  retried: () => counter('pustaka_bus_retried_total', 'Failed deliveries scheduled for another attempt', ['consumer']),
  deadLetters: () => counter('pustaka_bus_dead_letters_total', 'Events a consumer gave up on after its retries (see the dead_letter table)', ['consumer']),
  /** From the event's `occurredAt` (its commit in the producer) to its effect's commit in the consumer: outbox, broker, queue and retries together. */
  consumerLag: () =>
    histogram(
      'pustaka_bus_consumer_lag_seconds',
      'Seconds from an event being recorded to a consumer applying it',
      ['consumer'],
      [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60, 300],
    ),
  /** Read from the broker at scrape time; every replica of a consumer reports its one shared queue, so take the max. */
  queueLength: () => sampledGauge('pustaka_bus_consumer_queue_messages', 'Messages waiting in a consumer queue, not yet delivered', ['consumer']),
  /** Read from the outbox at scrape time by each relay (replicas report the same rows: take the max). */
  outboxPending: () => sampledGauge('pustaka_outbox_pending_events', 'Outbox rows not yet published', ['schema']),
  outboxOldestAge: () =>
    sampledGauge('pustaka_outbox_oldest_pending_age_seconds', 'Age of the oldest outbox row not yet published; 0 when none waits', ['schema']),
};
