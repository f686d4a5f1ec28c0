import type { Logger } from 'pino';
import type { Transaction } from 'kysely';
import type { Database } from '../db/open-database.ts';
import { serviceDb } from '../db/open-database.ts';
import type { EventEnvelope } from './envelope.ts';
import type { Delivery, Settlement, Transport } from './transport.ts';
import { applyOnce, pruneInbox } from './inbox.ts';
import type { ApplyOutcome } from './inbox.ts';
import { recordDeadLetter } from './dead-letters.ts';
import { busMetrics } from './bus-metrics.ts';
import { groupCommit } from '../db/group-commit.ts';
import { applyDeliveryBatch } from './delivery-batch.ts';
import type { BatchConsumer } from './delivery-batch.ts';
import { inDeliveryContext } from './delivery-context.ts';
import type { EventContextRunner, TracedDelivery } from './delivery-context.ts';
import { consumeInSpan } from '../tracing/event-tracing.ts';
import { failSpan, traceIdOf } from '../tracing/trace-context.ts';

export type { EventContextRunner } from './delivery-context.ts';

export interface SubscribeOptions<Tables, P> {
  transport: Transport;
  database: Database;
  /** The consuming service's schema: its inbox, its dead letters, the tables `handle` writes. */
  schema: string;
  /** Stable name of this consumer, e.g. `catalog.reservations`: its queue and its inbox key. */
  consumerId: string;
  /** Event types (or topic patterns such as `book.*`) this consumer receives. */
  events: readonly string[];
  /** Applies one event in the transaction that also records it in the inbox. Throw to retry. */
  handle: (trx: Transaction<Tables>, event: EventEnvelope<P>) => Promise<void>;
  /**
   * With `batchSize` > 1: applies a batch's new events (duplicates left out), in order, in the
   * transaction that records them in the inbox, instead of `handle` for each. It must have the
   * effect of `handle` on each event in turn: a batch that fails is applied again event by event
   * with `handle`. Wrap what is done on behalf of one event in `inContextOf(event, ...)`.
   */
  handleBatch?: (trx: Transaction<Tables>, events: EventEnvelope<P>[], inContextOf: EventContextRunner) => Promise<void>;
  /**
   * Runs after an applied event's transaction commits (not for duplicates), for effects that must
   * not precede the commit, such as dropping cached copies of what it changed. Failures are logged.
   */
  afterCommit?: (event: EventEnvelope<P>) => Promise<void>;
  /**
   * Runs once after each transaction that applied events, with those events in order (a single
   * one when an event was applied alone), after their `afterCommit`: one cache sweep for a whole
   * batch instead of one per event. Failures are logged.
   */
  afterBatchCommit?: (events: EventEnvelope<P>[]) => Promise<void>;
  logger: Logger;
  /** Deliveries before an event is parked in `dead_letter`. */
  maxAttempts?: number;
  /** Wait after failed attempt n: `backoff[n - 1]` (the last entry repeats), or a function of n. */
  backoff?: readonly number[] | ((attempt: number) => number);
  /** Unacknowledged messages a process holds (RabbitMQ prefetch). */
  prefetch?: number;
  /** Events handled at once by this process; 1 applies them in queue order. */
  concurrency?: number;
  /**
   * Most events applied in one transaction (group commit): those that arrive while a batch is
   * being applied form the next. 1 (the default) gives each event a transaction of its own.
   * Batches keep the queue's order, so it excludes `concurrency` > 1.
   */
  batchSize?: number;
  /** Inbox ids older than this are forgotten (see `pruneInbox`). */
  inboxRetentionMs?: number;
}

export interface Subscription {
  /** Stops receiving and waits for the events being applied. */
  close(): Promise<void>;
}

const DEFAULT_BACKOFF = [1_000, 5_000, 30_000, 120_000];
const PRUNE_EVERY_MS = 60 * 60 * 1000;

/**
 * Consumes events exactly once in effect: each delivery runs `handle` in one transaction with its
 * inbox record and is acknowledged after the commit, so a redelivery (a crash before the ack, a
 * duplicate publish) finds the record and does nothing. A failing handler is retried with back-off;
 * after `maxAttempts` the event is stored in `dead_letter`, counted in
 * `pustaka_bus_dead_letters_total`, and acknowledged, until `replayDeadLetter`. Each delivery runs
 * in a consumer span, a child of the span that recorded the event (`headers.traceparent`), with
 * the event's request id current.
 *
 * With `batchSize` > 1 the deliveries waiting in the queue are applied together: one transaction
 * records their inbox rows in one statement and runs `handleBatch` (or `handle` for each) on the
 * new ones, and each is acknowledged once that transaction commits. A batch that fails is rolled
 * back and its deliveries applied one by one as above, so a failing event is retried and
 * dead-lettered alone.
 *
 * @example
 *   const subscription = await subscribe<CatalogTables, OrderPlaced>({
 *     transport, database, schema: 'catalog', logger,
 *     consumerId: 'catalog.reservations',
 *     events: ['order.placed'],
 *     handle: (trx, event) => commitReservation(trx, event.payload.orderId),
 *   });
 *   // on shutdown: await subscription.close();
 */
export async function subscribe<Tables = any, P = unknown>(options: SubscribeOptions<Tables, P>): Promise<Subscription> {
  const { transport, consumerId, handle } = options;
  if (options.events.length === 0) throw new Error(`consumer ${consumerId} subscribes to no events`);
  const batchSize = options.batchSize ?? 1;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`consumer ${consumerId}: batchSize must be a positive integer`);
  if (batchSize > 1 && (options.concurrency ?? 1) > 1) {
    throw new Error(`consumer ${consumerId}: batchSize > 1 applies events in queue order, so it cannot be combined with concurrency > 1`);
  }
  const db = serviceDb<Tables>(options.database, options.schema);
  const logger = options.logger.child({ component: 'consumer', consumerId });
  const maxAttempts = options.maxAttempts ?? 5;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const delayAfter = (attempt: number): number =>
    typeof backoff === 'function' ? backoff(attempt) : (backoff[Math.min(attempt, backoff.length) - 1] ?? 1_000);
  const logContextOf = ({ delivery: { event, attempt }, span }: TracedDelivery) => ({
    eventId: event.id,
    eventType: event.type,
    requestId: event.headers?.requestId,
    traceId: traceIdOf(span),
    attempt,
  });

  const consumed = busMetrics.consumed();
  const lag = busMetrics.consumerLag();
  // From zero, so "no dead letters" is a 0 an alert can compare, not a series that does not exist yet.
  busMetrics.retried().inc({ consumer: consumerId }, 0);
  busMetrics.deadLetters().inc({ consumer: consumerId }, 0);
  const report = (item: TracedDelivery, outcome: ApplyOutcome): void => {
    consumed.inc({ consumer: consumerId, outcome });
    if (outcome === 'applied') {
      const occurredAt = Date.parse(item.delivery.event.occurredAt);
      if (Number.isFinite(occurredAt)) lag.observe({ consumer: consumerId }, Math.max(0, Date.now() - occurredAt) / 1000);
    }
    if (outcome === 'duplicate') logger.debug(logContextOf(item), 'event already applied; skipped');
  };

  const afterCommit = async (applied: TracedDelivery[]): Promise<void> => {
    if (applied.length === 0) return;
    const { afterCommit: afterEach, afterBatchCommit } = options;
    if (afterEach) {
      for (const item of applied) {
        await inDeliveryContext(item, () => afterEach(item.delivery.event as EventEnvelope<P>)).catch((error: unknown) =>
          logger.warn({ ...logContextOf(item), err: error }, 'after-commit effect failed'),
        );
      }
    }
    if (afterBatchCommit) {
      await afterBatchCommit(applied.map((item) => item.delivery.event as EventEnvelope<P>)).catch((error: unknown) =>
        logger.warn({ err: error, events: applied.length, firstEventId: applied[0]!.delivery.event.id }, 'after-commit effect failed'),
      );
    }
  };

  const applyAlone = async (item: TracedDelivery): Promise<Settlement> => {
    const {
      delivery: { event, attempt },
      span,
    } = item;
    try {
      const outcome = await applyOnce(db, consumerId, event as EventEnvelope<P>, handle);
      report(item, outcome);
      if (outcome === 'applied') await afterCommit([item]);
      return undefined;
    } catch (error) {
      failSpan(span, error);
      const context = logContextOf(item);
      if (attempt < maxAttempts) {
        const retryInMs = delayAfter(attempt);
        busMetrics.retried().inc({ consumer: consumerId });
        logger.warn({ ...context, err: error, retryInMs }, 'event handler failed; retrying later');
        return { retryInMs, attempt: attempt + 1 };
      }
      try {
        await recordDeadLetter(db, { service: options.schema, consumerId, event, error, attempts: attempt });
      } catch (parkError) {
        // The database is likely down: keep the message and try the whole thing again later.
        logger.error({ ...context, err: parkError }, 'could not record a dead letter; retrying later');
        return { retryInMs: delayAfter(attempt), attempt };
      }
      busMetrics.deadLetters().inc({ consumer: consumerId });
      logger.error({ ...context, err: error }, `event dead-lettered after ${attempt} attempts`);
      return undefined;
    }
  };

  const applyNew: BatchConsumer<Tables, P>['applyNew'] =
    options.handleBatch ??
    (async (trx, events, inContextOf) => {
      for (const event of events) await inContextOf(event, () => handle(trx, event));
    });
  const applyInBatch = groupCommit(batchSize, (batch: TracedDelivery[]) =>
    applyDeliveryBatch({ db, consumerId, logger, applyNew, applyAlone, report, afterCommit }, batch),
  );
  // gRPC calls and events made while applying an event carry the request id of the request that began it all.
  const deliver = (delivery: Delivery): Promise<Settlement> =>
    consumeInSpan(delivery.event, consumerId, (span) =>
      batchSize === 1 ? inDeliveryContext({ delivery, span }, () => applyAlone({ delivery, span })) : applyInBatch({ delivery, span }),
    );

  const consumption = await transport.consume(
    {
      consumerId,
      events: options.events,
      // Twice the batch, as rabbitmq-client advises: the next batch is already here when one commits.
      prefetch: Math.max(options.prefetch ?? 20, batchSize > 1 ? 2 * batchSize : 0),
      concurrency: batchSize > 1 ? batchSize : (options.concurrency ?? 1),
    },
    deliver,
  );
  const retentionMs = options.inboxRetentionMs ?? 7 * 24 * 60 * 60 * 1000;
  const pruning = setInterval(() => {
    pruneInbox(db, consumerId, retentionMs).catch((error: unknown) => logger.warn({ err: error }, 'inbox cleanup failed'));
  }, PRUNE_EVERY_MS);
  pruning.unref();
  const stopSampling = busMetrics.queueLength().sample(async () => [{ labels: { consumer: consumerId }, value: await transport.queueLength(consumerId) }]);

  return {
    close: async () => {
      clearInterval(pruning);
      stopSampling();
      await consumption.close();
    },
  };
}
