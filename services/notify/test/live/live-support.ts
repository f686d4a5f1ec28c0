import { randomUUID } from 'node:crypto';
import { migrateToLatest } from '@pustaka/kit/db';
import type { Transport } from '@pustaka/kit/bus';
import { createTestTokens, startTestPlatform } from '@pustaka/kit/testing';
import type { TestStorage, TestTokens } from '@pustaka/kit/testing';
import type { ServiceFactory } from '@pustaka/kit/platform';
import { migrations } from '../../migrations/index.ts';
import { liveTopicConsumers } from '../../src/live/live.consumers.ts';
import { startLiveConnections } from '../../src/live/live-connections.ts';
import type { LiveConnections } from '../../src/live/live-connections.ts';
import { registerLiveRoutes } from '../../src/live/live.routes.ts';
import type { InboxReader, NotificationView } from '../../src/live/live-delivery.ts';
import type { LiveLimits } from '../../src/live/live-limits.ts';

/** A stand-in for notify's inbox: notifications kept in memory, ids increasing; reads can be held back. */
export interface FakeInbox extends InboxReader {
  /** Writes a notification for the member and returns it (as the inbox would before `toMember`). */
  add(memberId: string): NotificationView;
  /** Holds the answers of reads until the returned release is called (to race a replay against live pushes). */
  holdReads(): () => void;
  failReads(fail: boolean): void;
}

export function createFakeInbox(): FakeInbox {
  const written: Array<{ memberId: string; notification: NotificationView }> = [];
  let nextId = 100;
  let held: Promise<void> | undefined;
  let failing = false;
  return {
    add(memberId) {
      nextId += 1;
      const notification: NotificationView = {
        id: String(nextId),
        kind: 'order.placed',
        title: `Order ${nextId}`,
        body: 'Your order was placed.',
        link: `/orders/${randomUUID()}`,
        data: { orderId: randomUUID() },
        createdAt: new Date().toISOString(),
        readAt: null,
      };
      written.push({ memberId, notification });
      return notification;
    },
    holdReads() {
      let release!: () => void;
      held = new Promise((resolve) => {
        release = resolve;
      });
      return () => {
        held = undefined;
        release();
      };
    },
    failReads(fail) {
      failing = fail;
    },
    async missedSince(memberId, afterId, limit) {
      if (failing) throw new Error('inbox unavailable');
      // What was committed when the query ran, answered once the hold is released (a slow read).
      const found = written
        .filter((entry) => entry.memberId === memberId && BigInt(entry.notification.id) > BigInt(afterId))
        .map((entry) => entry.notification)
        .slice(0, limit);
      await held;
      return found;
    },
  };
}

export interface LiveReplica {
  wsUrl: string;
  live: LiveConnections;
  /** The platform's event transport (in-process here), to publish what ticketing and catalog would. */
  transport: Transport;
  close(): Promise<void>;
}

export interface LiveReplicaOptions {
  tokens: TestTokens;
  inbox: InboxReader;
  amqpUrl?: string;
  exchange?: string;
  limits?: Partial<LiveLimits>;
  /** Subscribe the topic consumers (over notify's migrated schema). */
  consumers?: boolean;
}

/** Quick limits for tests: a heartbeat a second (a cold test process can stall for a few hundred ms), a revocation re-check at each. */
export const TEST_LIMITS: Partial<LiveLimits> = {
  authTimeoutMs: 1_000,
  heartbeatIntervalMs: 1_000,
  revocationCheckMs: 100,
  maxConnectionsPerMember: 3,
  maxSubscriptions: 3,
};

/** One notify replica's live side, on a platform of its own (its server, auth and events) over `storage`. */
export async function startLiveReplica(storage: TestStorage, options: LiveReplicaOptions): Promise<LiveReplica> {
  let live: LiveConnections | undefined;
  let transport: Transport | undefined;
  const notifyLive: ServiceFactory = async (deps) => {
    live = await startLiveConnections({
      inbox: options.inbox,
      logger: deps.logger,
      amqpUrl: options.amqpUrl,
      ...(options.exchange ? { exchange: options.exchange } : {}),
      limits: { ...TEST_LIMITS, ...options.limits },
    });
    transport = deps.events.transport;
    if (options.consumers) {
      await migrateToLatest(deps.database, 'notify', migrations);
      for (const consumer of liveTopicConsumers) await deps.events.subscribe(consumer({ live: live.delivery }));
    }
    return { name: 'notify', routes: (app) => registerLiveRoutes(app, live!), close: () => live!.close() };
  };
  const platform = await startTestPlatform(storage, [options.tokens.service, notifyLive]);
  return { wsUrl: `${platform.url.replace(/^http/, 'ws')}/ws`, live: live!, transport: transport!, close: () => platform.close() };
}

export async function startLiveSuite(storage: TestStorage) {
  const tokens = await createTestTokens();
  const inbox = createFakeInbox();
  const replica = await startLiveReplica(storage, { tokens, inbox, consumers: true });
  return { ...replica, tokens, inbox, authCache: storage.cache.securityScope('auth') };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
