import { counter } from '../metrics/registry.ts';

/**
 * The bus's counters on prom-client's default registry (what `GET /metrics` serves). Created on
 * first use and shared: every service in the embedded process reports into the same series.
 */
export const busMetrics = {
  published: () => counter('pustaka_bus_published_total', 'Events published by outbox relays', ['event']),
  publishFailures: () => counter('pustaka_bus_publish_failures_total', 'Outbox relay batches that failed to publish and will be retried', ['schema']),
  consumed: () => counter('pustaka_bus_consumed_total', 'Events a consumer acknowledged, by outcome (applied, duplicate)', ['consumer', 'outcome']),
  retried: () => counter('pustaka_bus_retried_total', 'Failed deliveries scheduled for another attempt', ['consumer']),
  deadLetters: () => counter('pustaka_bus_dead_letters_total', 'Events a consumer gave up on after its retries (see the dead_letter table)', ['consumer']),
};
