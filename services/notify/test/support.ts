import { randomUUID } from 'node:crypto';
import { createInProcessTransport, subscribe } from '@pustaka/kit/bus';
import type { EventEnvelope, Subscription, Transport } from '@pustaka/kit/bus';
import { createLogger } from '@pustaka/kit/log';
import { createTestTokens, httpClient, platformDepsFor, startTestPlatform } from '@pustaka/kit/testing';
import type { HttpClient, TestStorage } from '@pustaka/kit/testing';
import { notifySettings } from '../config.ts';
import type { NotifySettings } from '../config.ts';
import type { NotificationView } from '../src/live/live-delivery.ts';
import { createNotifyContext } from '../src/notify-context.ts';
import type { NotifyContext, NotifySeams } from '../src/notify-context.ts';
import { notifyService } from '../src/notify.service-module.ts';
import { noticesConsumer } from '../src/notices/notices.consumer.ts';

export interface Member {
  id: string;
  token: string;
}

export interface NotifyUnderTest {
  api: HttpClient;
  /** A new member with a token of the role (not yet known to notify: deliver their user events for that). */
  member(role?: 'member' | 'staff' | 'admin'): Promise<Member>;
  /** Notify's context over the same storage, with the live deliveries recorded in `live`. */
  ctx: NotifyContext;
  /** What was sent live, in order. */
  live: Array<{ memberId: string; view: NotificationView }>;
  /** Delivers events to notify's own consumer (sharing the service's inbox) and waits until each is in the inbox. */
  deliver(...events: EventEnvelope[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * Notify alone on a free port, with tokens from a stand-in identity, and its consumer on a
 * transport of the test's, so a test can deliver any events, twice or out of order.
 */
export async function startNotify(storage: TestStorage, settings: Partial<NotifySettings> = {}, seams: NotifySeams = {}): Promise<NotifyUnderTest> {
  const tokens = await createTestTokens();
  // The service's own email job never runs in a test: the tests run it when they mean to.
  const all = notifySettings({ NOTIFY_EMAIL_CRON: '0 0 0 1 1 *', ...settings });
  const platform = await startTestPlatform(storage, [tokens.service, notifyService(all)]);
  const live: NotifyUnderTest['live'] = [];
  const ctx = createNotifyContext(platformDepsFor(storage), all, {
    live: {
      toMember: async (memberId, view) => {
        live.push({ memberId, view });
      },
      toTopic: async () => {},
    },
    ...seams,
  });
  const transport: Transport = createInProcessTransport();
  const subscription: Subscription = await subscribe({
    ...noticesConsumer(ctx),
    transport,
    database: storage.database,
    logger: createLogger({ name: 'test', level: 'silent' }),
  });
  return {
    api: httpClient(platform.url),
    member: async (role = 'member') => {
      const id = randomUUID();
      return { id, token: await tokens.issue({ role, userId: id }) };
    },
    ctx,
    live,
    deliver: async (...events) => {
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

/** Waits until every id is in notify's inbox (the consumer has committed it). */
async function waitForInbox(storage: TestStorage, ids: string[]): Promise<void> {
  const wanted = [...new Set(ids)];
  const deadline = Date.now() + 30_000;
  for (;;) {
    const found = await storage.database.root.selectFrom('notify.inbox').select('event_id').where('event_id', 'in', wanted).execute();
    if (found.length === wanted.length) return;
    if (Date.now() > deadline) throw new Error(`${wanted.length - found.length} events never reached notify's inbox`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
