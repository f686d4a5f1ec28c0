import type { Logger } from 'pino';
import type { Kysely } from 'kysely';
import type { Database } from '../db/open-database.ts';
import { appendToOutbox } from '../bus/outbox.ts';
import { newEvent } from '../bus/envelope.ts';
import { startOutboxRelay } from '../bus/outbox-relay.ts';
import type { OutboxRelay } from '../bus/outbox-relay.ts';
import { subscribe } from '../bus/subscribe.ts';
import type { Subscription } from '../bus/subscribe.ts';
import type { ConsumerSubscription } from '../bus/define-consumer.ts';
import type { Transport } from '../bus/transport.ts';
import { currentRequestId } from '../request-id/request-id.ts';
import { currentTraceparent } from '../tracing/trace-context.ts';
import type { EventHeaders } from '../bus/envelope.ts';
import { replayRecentlyPublished } from '../bus/outbox-replay.ts';

/** How long sent events stay in an outbox: the window of the in-process replay after a restart. */
const OUTBOX_RETENTION_MS = 24 * 60 * 60 * 1000;

/** A service's side of its outbox: write events in its transactions; the relay sends them. */
export interface Outbox {
  /**
   * Appends an event to the outbox inside `trx`: it is sent if and only if `trx` commits. Its
   * headers (request id, trace) are those of the code running, unless `headers` says whose it is:
   * work done in a group for several callers passes each caller's, taken with `currentEventHeaders()`.
   */
  record(trx: Kysely<any>, type: string, payload: object, options?: { version?: number; headers?: EventHeaders }): Promise<void>;
  /** Appends several events in one statement, in the order given (a batch of changes in one transaction); `headers` as for `record`. */
  recordAll(trx: Kysely<any>, events: ReadonlyArray<{ type: string; payload: object; headers?: EventHeaders }>): Promise<void>;
  /** Wakes the relay after a commit, so events go out at once instead of at the next poll. */
  notify(): void;
  /** Resolves when everything recorded so far has been sent (tests, benchmarks). */
  flush(): Promise<void>;
}

/**
 * The events of one process: one transport (RabbitMQ, or in-process in the embedded default), a
 * relay per service outbox, and the subscriptions of its consumers, all closed together.
 */
export interface EventBus {
  readonly transport: Transport;
  /** The service's outbox; its relay starts with `start()`. */
  outbox(schema: string, now: () => Date): Outbox;
  subscribe<Tables, P>(options: ConsumerSubscription<Tables, P>): Promise<Subscription>;
  /**
   * Starts publishing. Called once every service of the process has subscribed: with the
   * in-process transport an event published before its consumer exists would reach nobody. That
   * transport also forgets its queues with the process, so on start the events published in the
   * last day are sent again first (inboxes make the ones already applied no-ops).
   */
  start(): Promise<void>;
  /** The service schemas with consumers in this process (whose dead letters it can list). */
  consumingSchemas(): string[];
  close(): Promise<void>;
}

export function createEventBus(transport: Transport, database: Database, logger: Logger): EventBus {
  const relays = new Map<string, OutboxRelay | undefined>();
  const subscriptions: Subscription[] = [];
  const schemas = new Set<string>();
  const startRelay = (schema: string) =>
    startOutboxRelay({ database, schema, transport, logger: logger.child({ outbox: schema }), retentionMs: OUTBOX_RETENTION_MS });
  let started = false;
  // One relay per schema, whether its outbox asked first or its consumers (their dead letters are
  // announced through it); one asked for before start() begins with start().
  const ensureRelay = (schema: string) => {
    if (!relays.has(schema)) relays.set(schema, started ? startRelay(schema) : undefined);
  };
  return {
    transport,
    outbox(schema, now) {
      ensureRelay(schema);
      const relay = (): OutboxRelay | undefined => relays.get(schema);
      return {
        record: async (trx, type, payload, options = {}) => {
          await appendToOutbox(trx, newEvent(type, payload, { now: now(), ...options, headers: options.headers ?? currentEventHeaders() }));
        },
        recordAll: async (trx, events) => {
          const at = now();
          const running = currentEventHeaders();
          await appendToOutbox(
            trx,
            events.map(({ type, payload, headers }) => newEvent(type, payload, { now: at, headers: headers ?? running })),
          );
        },
        // Before start() there is nothing to wake: the relay publishes everything pending when it starts.
        notify: () => relay()?.notify(),
        flush: async () => relay()?.flush(),
      };
    },
    async start() {
      started = true;
      for (const [schema, relay] of relays) {
        if (relay) continue;
        if (transport.kind === 'in-process') {
          const sent = await replayRecentlyPublished(database, schema, transport, OUTBOX_RETENTION_MS);
          if (sent > 0) logger.info({ outbox: schema, sent }, 'sent recent events again after a restart (in-process queues do not survive one)');
        }
        relays.set(schema, startRelay(schema));
      }
    },
    async subscribe(options) {
      ensureRelay(options.schema);
      const subscription = await subscribe({ ...options, transport, database, logger: logger.child({ consumer: options.consumerId }) });
      schemas.add(options.schema);
      subscriptions.push(subscription);
      return subscription;
    },
    consumingSchemas: () => [...schemas],
    async close() {
      // Consumers first (finish what they apply), then relays (finish the batch in flight), then the connection.
      await Promise.all(subscriptions.map((subscription) => subscription.close()));
      await Promise.all([...relays.values()].map(async (relay) => relay?.stop()));
      await transport.close();
    },
  };
}

/**
 * The request and trace of the code running, as an event's headers, so its consumers' logs and
 * spans join them (undefined ones are dropped). Taken when a caller hands work to a group commit,
 * it lets the group record each caller's events as theirs.
 */
export function currentEventHeaders(): EventHeaders {
  return { requestId: currentRequestId(), traceparent: currentTraceparent() };
}
