// Notify's live side alone, for `npm run bench -- notify`: the platform (auth, one server) with the
// /ws route over the hub, the fan-out through RabbitMQ when AMQP_URL is set (else in-process),
// tokens verified against the bench's stand-in identity (JWKS_URL). No inbox behind it (nothing to
// replay). Bench-only routes: `POST /bench/publish` sends a round of messages, each stamped with
// the time it was handed to `LiveDelivery` (so clients measure publish → receive), and
// `GET /bench/stats` the process's memory and the hub's counts.
import { openCache } from '@pustaka/kit/cache';
import { openDatabase } from '@pustaka/kit/db';
import { createLogger } from '@pustaka/kit/log';
import { buildPlatform } from '@pustaka/kit/platform';
import type { ServiceFactory } from '@pustaka/kit/platform';
import { Type } from 'typebox';
import { startLiveConnections } from '../../services/notify/src/live/live-connections.ts';
import type { LiveConnections } from '../../services/notify/src/live/live-connections.ts';
import { registerLiveRoutes } from '../../services/notify/src/live/live.routes.ts';
import { benchMemberId } from '../lib/live-members.ts';

const logger = createLogger({ name: 'notify-live-bench', level: process.env.LOG_LEVEL ?? 'warn', pretty: false });
const now = () => performance.timeOrigin + performance.now();

let live: LiveConnections | undefined;
const notifyLive: ServiceFactory = async (deps) => {
  live = await startLiveConnections({
    inbox: { missedSince: async () => [] },
    logger: deps.logger,
    amqpUrl: process.env.AMQP_URL,
    exchange: process.env.BENCH_EXCHANGE ?? 'bench.notify.live',
    limits: { maxConnections: 200_000 },
  });
  return {
    name: 'notify',
    routes: async (app) => {
      await registerLiveRoutes(app, live!);
      const Publish = Type.Object({
        kind: Type.Union([Type.Literal('members'), Type.Literal('topic')]),
        members: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
        round: Type.Integer({ minimum: 0 }),
        topic: Type.Optional(Type.String()),
      });
      app.post('/bench/publish', { config: { access: 'public' }, schema: { hide: true, body: Publish } }, async (request) => {
        const { kind, members, round, topic } = request.body;
        if (kind === 'topic') {
          await live!.delivery.toTopic(topic as `seats:${string}`, { round, sentAt: now() });
          return { sent: 1 };
        }
        const sends: Promise<void>[] = [];
        for (let n = 0; n < members; n += 1) {
          const id = String(round * 1_000_000 + n + 1);
          sends.push(
            live!.delivery.toMember(benchMemberId(n), {
              id,
              kind: 'order.placed',
              title: 'Order placed',
              body: 'Your order was placed.',
              link: null,
              data: { sentAt: now() },
              createdAt: new Date().toISOString(),
              readAt: null,
            }),
          );
        }
        await Promise.all(sends);
        return { sent: members };
      });
      app.get('/bench/stats', { config: { access: 'public' }, schema: { hide: true } }, async () => {
        globalThis.gc?.();
        return { memory: process.memoryUsage(), hub: live!.stats() };
      });
    },
    close: () => live!.close(),
  };
};

const platform = await buildPlatform({
  openapi: { title: 'notify live bench', version: '0' },
  database: await openDatabase({}),
  cache: openCache({}),
  logger,
  services: [notifyLive],
  http: { bodyLimitBytes: 65_536, requestTimeoutMs: 30_000 },
  auth: { issuer: 'pustaka', audience: 'pustaka', jwksUrl: process.env.JWKS_URL },
  publicBaseUrl: 'http://127.0.0.1',
});
await platform.app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
const stop = () => void platform.close().then(() => process.exit(0));
process.once('SIGTERM', stop).once('SIGINT', stop);
