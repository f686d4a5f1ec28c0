import { createInProcessTransport, subscribe } from '@pustaka/kit/bus';
import type { EventEnvelope, Subscription } from '@pustaka/kit/bus';
import type { Kysely } from '@pustaka/kit/db';
import { createLogger } from '@pustaka/kit/log';
import { createTestTokens, eventually, httpClient, platformDepsFor, startTestPlatform } from '@pustaka/kit/testing';
import type { HttpClient, TestStorage } from '@pustaka/kit/testing';
import { discoverySettings } from '../config.ts';
import { createDiscoveryContext } from '../src/discovery-context.ts';
import type { DiscoveryContext } from '../src/discovery-context.ts';
import type { DiscoveryTables } from '../src/discovery.tables.ts';
import { discoveryService } from '../src/discovery.service-module.ts';
import { INDEXED_EVENTS } from '../src/index/indexed-events.ts';
import { searchIndexConsumer } from '../src/index/search-index.consumer.ts';
import { recommendationsConsumer } from '../src/recommendations/recommendations.consumer.ts';

const DAY_MS = 86_400_000;

/** A clock the suite moves: the platform's and the context's. */
export interface TestClock {
  now(): Date;
  advanceDays(days: number): void;
}

export interface RecommendationsUnderTest {
  api: HttpClient;
  /** Discovery's context over the same storage and clock, for calling its use cases directly. */
  ctx: DiscoveryContext;
  db: Kysely<DiscoveryTables>;
  clock: TestClock;
  /** A member's access token (a new member unless `userId` is given). */
  memberToken(userId?: string): Promise<string>;
  /**
   * Publishes events, as the catalog, orders and ticketing would, to discovery's own consumers,
   * in order, and waits until each is in its consumer's inbox.
   */
  deliver(...events: EventEnvelope[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * Discovery alone on a free port, its consumers fed by a transport of the suite's (sharing the
 * service's inbox), so a suite decides which events arrive, in which order, how often, and when
 * (the clock starts now and only moves forward).
 */
export async function startRecommendations(storage: TestStorage): Promise<RecommendationsUnderTest> {
  let nowMs = Date.now();
  const clock: TestClock = {
    now: () => new Date(nowMs),
    advanceDays: (days) => {
      nowMs += days * DAY_MS;
    },
  };
  const tokens = await createTestTokens();
  // The suites move the windows on themselves (rollSalesWindows), right after moving the clock.
  const settings = discoverySettings({ DISCOVERY_SALES_WINDOW_CRON: '0 0 0 1 1 *' });
  const platform = await startTestPlatform(storage, [tokens.service, discoveryService(settings)], { now: clock.now });
  const ctx = createDiscoveryContext(platformDepsFor(storage, { now: clock.now }), settings);
  const transport = createInProcessTransport();
  const logger = createLogger({ name: 'test', level: 'silent' });
  const subscriptions: Subscription[] = [];
  for (const consumer of [searchIndexConsumer(ctx), recommendationsConsumer(ctx)]) {
    subscriptions.push(await subscribe({ ...consumer, transport, database: storage.database, logger }));
  }
  const indexed = new Set<string>(INDEXED_EVENTS);
  return {
    api: httpClient(platform.url),
    ctx,
    db: ctx.db,
    clock,
    memberToken: (userId) => tokens.issue({ role: 'member', ...(userId ? { userId } : {}) }),
    deliver: async (...events) => {
      for (const event of events) await transport.publish(event);
      await eventually(async () => {
        const ids = events.map((event) => event.id);
        const rows = await storage.database.root.selectFrom('discovery.inbox').select(['consumer_id', 'event_id']).where('event_id', 'in', ids).execute();
        const seen = new Set(rows.map((row) => `${row.consumer_id} ${row.event_id}`));
        const missing = events.filter((event) => !seen.has(`${indexed.has(event.type) ? 'discovery.search-index' : 'discovery.recommendations'} ${event.id}`));
        if (missing.length > 0) throw new Error(`${missing.length} events not applied yet`);
      });
    },
    close: async () => {
      for (const subscription of subscriptions) await subscription.close();
      await transport.close();
      await platform.close();
    },
  };
}
