import type { Logger } from 'pino';
import type { Database } from '../db/open-database.ts';
import type { Transport } from './transport.ts';
import { hasPendingOutbox, lastPendingSeq, outboxBacklog, publishOutboxBatch, pruneOutbox } from './outbox-batch.ts';
import { busMetrics } from './bus-metrics.ts';
import type { BatchOutcome } from './outbox-batch.ts';

export interface OutboxRelayOptions {
  database: Database;
  /** The service schema whose `outbox` this relay publishes. */
  schema: string;
  transport: Transport;
  logger: Logger;
  /** How often to look for rows nobody `notify()`-ed about (other replicas, missed wake-ups). */
  pollIntervalMs?: number;
  /**
   * How long a `notify()` waits for more rows before the relay reads: a batch costs five queries
   * however few rows it carries, so under load a few milliseconds turn one-row batches into dozens.
   */
  lingerMs?: number;
  batchSize?: number;
  /** Back-off after a failed publish: doubles from `initialMs` up to `maxMs`. */
  backoff?: { initialMs: number; maxMs: number };
  /** Published rows older than this are deleted. */
  retentionMs?: number;
}

export interface OutboxRelay {
  /** Wakes the relay now instead of at the next poll; call after committing an outbox row. */
  notify(): void;
  /** Resolves when every row pending at the call has been published (by this relay or another replica). */
  flush(options?: { timeoutMs?: number }): Promise<void>;
  /** Finishes the batch in progress and stops. Unpublished rows wait in the outbox for the next start. */
  stop(): Promise<void>;
}

const CLEANUP_EVERY_MS = 60_000;

/**
 * Publishes a service's outbox in order, forever. A failed publish is logged and retried with
 * capped back-off, from the same row: nothing is dropped and nothing overtakes it. Across
 * replicas one relay per schema publishes at a time (see `publishOutboxBatch`).
 *
 * @example
 *   const relay = startOutboxRelay({ database, schema: 'orders', transport, logger });
 *   await placeOrder(...); relay.notify();
 *   // on shutdown:
 *   await relay.stop();
 */
export function startOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { database, schema, transport } = options;
  const logger = options.logger.child({ component: 'outbox-relay', schema });
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  const batchSize = options.batchSize ?? 100;
  const lingerMs = options.lingerMs ?? 10;
  const { initialMs, maxMs } = options.backoff ?? { initialMs: 100, maxMs: 5_000 };
  const retentionMs = options.retentionMs ?? 24 * 60 * 60 * 1000;

  let stopped = false;
  let notified = false;
  let sleeping: { idle: boolean; wake: () => void } | undefined;
  // The loop and flush() never run batches at the same time: one chain of batches per relay.
  let chain: Promise<unknown> = Promise.resolve();

  // Resolves `true` when woken by notify() or stop(), `false` when the time ran out.
  const sleep = (ms: number, idle: boolean) =>
    new Promise<boolean>((resolve) => {
      if (stopped) return resolve(true);
      const timer = setTimeout(() => wake(false), ms);
      const wake = (early: boolean) => {
        clearTimeout(timer);
        sleeping = undefined;
        resolve(early);
      };
      sleeping = { idle, wake: () => wake(true) };
    });

  const runBatch = (): Promise<BatchOutcome> => {
    const next = chain.then(() => publishOutboxBatch(database, schema, transport, batchSize));
    chain = next.catch(() => {});
    return next;
  };

  const loop = async () => {
    let failures = 0;
    let lastCleanup = 0;
    while (!stopped) {
      let outcome: BatchOutcome;
      try {
        outcome = await runBatch();
      } catch (error) {
        outcome = { published: 0, busy: false, more: true, error };
      }
      if (outcome.error !== undefined) {
        failures += 1;
        const retryInMs = Math.min(maxMs, initialMs * 2 ** (failures - 1));
        logger.warn({ err: outcome.error, failures, retryInMs, published: outcome.published }, 'outbox publish failed; retrying the same rows');
        await sleep(retryInMs, false);
        continue;
      }
      if (failures > 0) logger.info({ failures }, 'outbox publishing resumed');
      failures = 0;
      if (Date.now() - lastCleanup > CLEANUP_EVERY_MS) {
        lastCleanup = Date.now();
        await pruneOutbox(database, schema, retentionMs).catch((error: unknown) => logger.warn({ err: error }, 'outbox cleanup failed'));
      }
      if (outcome.more) continue;
      if (notified) {
        notified = false;
      } else if (!(await sleep(pollIntervalMs, true))) {
        continue; // the poll found it, not a notify(): nothing to wait for
      }
      if (lingerMs > 0) await sleep(lingerMs, false);
    }
  };
  const running = loop();
  const stopSampling = sampleBacklog(database, schema);
  busMetrics.publishFailures().inc({ schema }, 0);

  return {
    notify: () => {
      // Asleep: wake it. Busy: have it look again after this batch, which may have missed the row.
      if (sleeping?.idle) sleeping.wake();
      else notified = true;
    },
    flush: async ({ timeoutMs = 30_000 } = {}) => {
      const target = await lastPendingSeq(database, schema);
      if (target === undefined) return;
      const deadline = Date.now() + timeoutMs;
      while (await hasPendingOutbox(database, schema, target)) {
        if (Date.now() > deadline) throw new Error(`outbox of ${schema} not flushed within ${timeoutMs} ms`);
        const outcome = await runBatch();
        if (outcome.error !== undefined) throw outcome.error;
        // Another replica holds the outbox: wait for it to publish.
        if (outcome.busy) await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    stop: async () => {
      stopped = true;
      stopSampling();
      sleeping?.wake();
      await running;
    },
  };
}

/**
 * The outbox's backlog and the age of its oldest waiting row, read when Prometheus scrapes: an
 * operator's first question when consumers look stale is whether events are leaving at all. One
 * query on the pending rows' partial index per scrape, nothing on the relay's path.
 */
function sampleBacklog(database: Database, schema: string): () => void {
  const backlog = { at: 0, value: undefined as Promise<{ pending: number; oldestAgeSeconds: number }> | undefined };
  // Both gauges are read in one scrape: one query serves the two.
  const read = () => {
    if (!backlog.value || Date.now() - backlog.at > 1_000) {
      backlog.at = Date.now();
      backlog.value = outboxBacklog(database, schema);
      backlog.value.catch(() => {
        backlog.value = undefined;
      });
    }
    return backlog.value;
  };
  const stopPending = busMetrics.outboxPending().sample(async () => [{ labels: { schema }, value: (await read()).pending }]);
  const stopAge = busMetrics.outboxOldestAge().sample(async () => [{ labels: { schema }, value: (await read()).oldestAgeSeconds }]);
  return () => {
    stopPending();
    stopAge();
  };
}
