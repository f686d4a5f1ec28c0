import type { Logger } from 'pino';
import type { Transaction } from 'kysely';
import type { Span } from '@opentelemetry/api';
import type { Database } from '../db/open-database.ts';
import { serviceDb } from '../db/open-database.ts';
import type { EventEnvelope } from './envelope.ts';
import type { Delivery, Settlement, Transport } from './transport.ts';
import { applyOnce, pruneInbox } from './inbox.ts';
import { recordDeadLetter } from './dead-letters.ts';
import { busMetrics } from './bus-metrics.ts';
import { runWithRequestId } from '../rpc/request-context.ts';
import { consumeInSpan } from '../tracing/event-tracing.ts';
import { failSpan, traceIdOf } from '../tracing/trace-context.ts';

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
   * Runs after an applied event's transaction commits (not for duplicates), for effects that must
   * not precede the commit, such as dropping cached copies of what it changed. Failures are logged.
   */
  afterCommit?: (event: EventEnvelope<P>) => Promise<void>;
  logger: Logger;
  /** Deliveries before an event is parked in `dead_letter`. */
  maxAttempts?: number;
  /** Wait after failed attempt n: `backoff[n - 1]` (the last entry repeats), or a function of n. */
  backoff?: readonly number[] | ((attempt: number) => number);
  /** Unacknowledged messages a process holds (RabbitMQ prefetch). */
  prefetch?: number;
  /** Events handled at once by this process; 1 applies them in queue order. */
  concurrency?: number;
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
  const db = serviceDb<Tables>(options.database, options.schema);
  const logger = options.logger.child({ component: 'consumer', consumerId });
  const maxAttempts = options.maxAttempts ?? 5;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const delayAfter = (attempt: number): number =>
    typeof backoff === 'function' ? backoff(attempt) : (backoff[Math.min(attempt, backoff.length) - 1] ?? 1_000);

  const deliver = (delivery: Delivery): Promise<Settlement> => consumeInSpan(delivery.event, consumerId, (span) => {
    const requestId = delivery.event.headers?.requestId;
    // gRPC calls and events made by the handler carry the request id of the request that began it all.
    return requestId ? runWithRequestId(requestId, () => apply(delivery, span)) : apply(delivery, span);
  });

  const apply = async ({ event, attempt }: Delivery, span: Span): Promise<Settlement> => {
    const context = { eventId: event.id, eventType: event.type, requestId: event.headers?.requestId, traceId: traceIdOf(span), attempt };
    try {
      const outcome = await applyOnce(db, consumerId, event as EventEnvelope<P>, handle);
      busMetrics.consumed().inc({ consumer: consumerId, outcome });
      if (outcome === 'applied' && options.afterCommit) {
        await options.afterCommit(event as EventEnvelope<P>).catch((error: unknown) => logger.warn({ ...context, err: error }, 'after-commit effect failed'));
      }
      if (outcome === 'duplicate') logger.debug(context, 'event already applied; skipped');
      return undefined;
    } catch (error) {
      failSpan(span, error);
      if (attempt < maxAttempts) {
        const retryInMs = delayAfter(attempt);
        busMetrics.retried().inc({ consumer: consumerId });
        logger.warn({ ...context, err: error, retryInMs }, 'event handler failed; retrying later');
        return { retryInMs, attempt: attempt + 1 };
      }
      try {
        await recordDeadLetter(db, { consumerId, event, error, attempts: attempt });
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

  const consumption = await transport.consume(
    { consumerId, events: options.events, prefetch: options.prefetch ?? 20, concurrency: options.concurrency ?? 1 },
    deliver,
  );
  const retentionMs = options.inboxRetentionMs ?? 7 * 24 * 60 * 60 * 1000;
  const pruning = setInterval(() => {
    pruneInbox(db, consumerId, retentionMs).catch((error: unknown) => logger.warn({ err: error }, 'inbox cleanup failed'));
  }, PRUNE_EVERY_MS);
  pruning.unref();

  return {
    close: async () => {
      clearInterval(pruning);
      await consumption.close();
    },
  };
}
