import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Generated } from 'kysely';
import { register } from 'prom-client';
import { createLogger } from '../src/log/logger.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { serviceDb } from '../src/db/open-database.ts';
import type { Database } from '../src/db/open-database.ts';
import { busMigration } from '../src/bus/index.ts';
import type { EventEnvelope, Transport } from '../src/bus/index.ts';

export const logger = createLogger({ name: 'bus-test', level: process.env.TEST_LOG_LEVEL ?? 'silent', pretty: false });

export function uniqueName(prefix: string): string {
  return `${prefix}_${randomBytes(4).toString('hex')}`;
}

/** What test handlers write. No unique constraint: applying an event twice shows as two rows. */
export interface EffectTables {
  effects: { n: Generated<number>; consumer_id: string; event_id: string };
}

/** A service schema with the bus tables and an `effects` table. */
export async function migrateTestSchema(database: Database, schema: string): Promise<void> {
  await migrateToLatest(database, schema, {
    '0001_bus': busMigration,
    '0002_effects': {
      up: async (db) => {
        await sql`create table effects (n bigint generated always as identity primary key, consumer_id text not null, event_id uuid not null)`.execute(db);
      },
    },
  });
}

/** Event ids a consumer applied, in the order it applied them. */
export async function effectsOf(database: Database, schema: string, consumerId: string): Promise<string[]> {
  const rows = await serviceDb<EffectTables>(database, schema)
    .selectFrom('effects')
    .select('event_id')
    .where('consumer_id', '=', consumerId)
    .orderBy('n')
    .execute();
  return rows.map((row) => row.event_id);
}

/**
 * The transaction that wrote each effect of a consumer (its row's `xmin`), in the order they were
 * applied: effects that share a value were committed together.
 */
export async function transactionsOf(database: Database, schema: string, consumerId: string): Promise<string[]> {
  const rows = await serviceDb<EffectTables>(database, schema)
    .selectFrom('effects')
    .select(sql<string>`xmin::text`.as('xmin'))
    .where('consumer_id', '=', consumerId)
    .orderBy('n')
    .execute();
  return rows.map((row) => row.xmin);
}

/** How many runs of equal neighbours `values` holds: one per transaction when transactions did not interleave. */
export function runsOf(values: readonly string[]): number {
  return values.filter((value, n) => n === 0 || value !== values[n - 1]).length;
}

export interface RecordingTransport extends Transport {
  /** Every event the "broker" received, in channel order (duplicates included). */
  published: EventEnvelope[];
  /**
   * The next `count` publishes fail, as while a broker is down. Like a channel closing, a failure
   * also fails the publishes sent after it in the same turn (a pipelined batch's tail).
   */
  failNext(count: number): void;
  /** After `count` more publishes, the next is received but its confirm waits until `release()`. */
  stallAfter(count: number): { release(): void };
}

/**
 * A broker stand-in for relay tests: receives publishes in call order (one channel), confirms them
 * after `delayMs`, or fails them on demand. Transports given one `sink` record into it together,
 * like two replicas publishing to one broker.
 */
export function recordingTransport(options: { delayMs?: number; sink?: EventEnvelope[] } = {}): RecordingTransport {
  let failures = 0;
  let channelDown = false;
  let stall: { after: number; gate: Promise<void> } | undefined;
  const published: EventEnvelope[] = [];
  const unsupported = async (): Promise<never> => {
    throw new Error('recording transport only publishes');
  };
  return {
    kind: 'in-process',
    published,
    failNext: (count) => {
      failures = count;
    },
    stallAfter: (count) => {
      let release!: () => void;
      stall = {
        after: count,
        gate: new Promise((resolve) => {
          release = resolve;
        }),
      };
      return { release };
    },
    publish: async (event) => {
      if (failures > 0 || channelDown) {
        failures = Math.max(0, failures - 1);
        if (!channelDown) {
          channelDown = true;
          setImmediate(() => {
            channelDown = false;
          });
        }
        throw new Error('broker unreachable');
      }
      // Received at the call, like a broker receiving frames in channel order; confirmed later.
      published.push(event);
      options.sink?.push(event);
      if (stall && stall.after-- <= 0) {
        const { gate } = stall;
        stall = undefined;
        await gate;
      }
      if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
    },
    consume: unsupported,
    sendToConsumer: unsupported,
    queueLength: unsupported,
    close: async () => {},
  };
}

/**
 * Wraps a transport so the first `times` deliveries are applied but their acknowledgement is lost,
 * as when a process dies between the commit and the ack. Counts every delivery.
 */
export function losingAcks(transport: Transport, times: number): Transport & { deliveries: number } {
  let lost = 0;
  const wrapped = {
    ...transport,
    deliveries: 0,
    consume: (options: Parameters<Transport['consume']>[0], deliver: Parameters<Transport['consume']>[1]) =>
      transport.consume(options, async (delivery) => {
        wrapped.deliveries += 1;
        const settlement = await deliver(delivery);
        if (lost < times) {
          lost += 1;
          throw new Error('process died before the ack');
        }
        return settlement;
      }),
  };
  return wrapped;
}

export async function waitFor(check: () => Promise<boolean> | boolean, { timeoutMs = 15_000, intervalMs = 10 } = {}): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The current value of a counter series, 0 when it has none yet. */
export async function metricValue(name: string, labels: Record<string, string>): Promise<number> {
  const metric = register.getSingleMetric(name);
  if (!metric) return 0;
  const { values } = await metric.get();
  const series = values.find((value) => Object.entries(labels).every(([key, label]) => value.labels[key] === label));
  return series?.value ?? 0;
}
