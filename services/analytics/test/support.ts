import { createInProcessTransport, subscribe } from '@pustaka/kit/bus';
import type { EventEnvelope, Subscription, Transport } from '@pustaka/kit/bus';
import { createLogger } from '@pustaka/kit/log';
import { createTestTokens, httpClient, platformDepsFor, startTestPlatform } from '@pustaka/kit/testing';
import type { HttpClient, TestStorage } from '@pustaka/kit/testing';
import { analyticsSettings } from '../config.ts';
import type { AnalyticsSettings } from '../config.ts';
import { createAnalyticsContext } from '../src/analytics-context.ts';
import type { AnalyticsContext } from '../src/analytics-context.ts';
import { analyticsService } from '../src/analytics.service-module.ts';
import { rollupsConsumer } from '../src/rollups/rollups.consumer.ts';

export interface AnalyticsUnderTest {
  api: HttpClient;
  tokens: { staff: string; admin: string; member: string };
  /** Analytics' context over the same storage, for its use cases and its consumer. */
  ctx: AnalyticsContext;
  /** Delivers events to the rollups' own consumer (sharing the service's inbox) and waits until each is in the inbox. */
  deliver(events: EventEnvelope[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * Analytics alone on a free port, with tokens for each role from a stand-in identity, and its
 * consumer on a transport of the test's, so a test can deliver any events, twice or out of order.
 */
export async function startAnalytics(storage: TestStorage, settings: Partial<AnalyticsSettings> = {}, now?: () => Date): Promise<AnalyticsUnderTest> {
  const tokens = await createTestTokens();
  const platform = await startTestPlatform(storage, [tokens.service, analyticsService(analyticsSettings(settings))], now ? { now } : {});
  const [staff, admin, member] = await Promise.all([tokens.issue({ role: 'staff' }), tokens.issue({ role: 'admin' }), tokens.issue({ role: 'member' })]);
  const ctx = createAnalyticsContext(platformDepsFor(storage, now ? { now } : {}), analyticsSettings(settings));
  const transport: Transport = createInProcessTransport();
  const subscription: Subscription = await subscribe({
    ...rollupsConsumer(ctx),
    transport,
    database: storage.database,
    logger: createLogger({ name: 'test', level: 'silent' }),
  });
  return {
    api: httpClient(platform.url),
    tokens: { staff, admin, member },
    ctx,
    deliver: async (events) => {
      for (const event of events) await transport.publish(event);
      await waitForInbox(
        storage,
        events.map((event) => event.id),
      );
    },
    close: async () => {
      await subscription.close();
      await transport.close();
      await platform.close();
    },
  };
}

/** Waits until every id is in analytics' inbox (the consumer has committed it). */
export async function waitForInbox(storage: TestStorage, ids: string[]): Promise<void> {
  const wanted = [...new Set(ids.map((id) => id.toLowerCase()))];
  const deadline = Date.now() + 60_000;
  for (;;) {
    let missing = 0;
    for (let at = 0; at < wanted.length; at += 500) {
      const chunk = wanted.slice(at, at + 500);
      const found = await storage.database.root.selectFrom('analytics.inbox').select('event_id').where('event_id', 'in', chunk).execute();
      missing += chunk.length - found.length;
    }
    if (missing === 0) return;
    if (Date.now() > deadline) throw new Error(`${missing} events never reached analytics' inbox`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
