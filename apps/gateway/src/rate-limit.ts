import rateLimit from '@fastify/rate-limit';
import { Redis } from 'ioredis';
import type { HttpApp } from '@pustaka/kit/http';

export interface RateLimitOptions {
  perMinute: number;
  /** Counts live in Redis when given, so every replica of the gateway sees the same totals. */
  redisUrl?: string | undefined;
}

/**
 * Limits each client address (request.ip, so set TRUST_PROXY when a load balancer is in front) to
 * `perMinute` requests on the routes registered after it: the proxied API, not probes or docs.
 * Over the limit: 429 with Retry-After, which the kit's error handler turns into RATE_LIMITED.
 *
 * @example
 *   await registerRateLimit(app, { perMinute: 600, redisUrl: config.REDIS_URL });
 */
export async function registerRateLimit(app: HttpApp, options: RateLimitOptions): Promise<void> {
  // Auto-pipelining: the counts of requests arriving together go to Redis in one write, not one each.
  const redis = options.redisUrl
    ? new Redis(options.redisUrl, { connectTimeout: 2_000, maxRetriesPerRequest: 1, enableOfflineQueue: false, enableAutoPipelining: true })
    : undefined;
  // ioredis retries in the background; commands fail meanwhile and `skipOnError` lets them pass.
  redis?.on('error', () => {});
  await app.register(rateLimit, {
    global: true,
    max: options.perMinute,
    timeWindow: 60_000,
    ...(redis ? { redis, nameSpace: 'pustaka:gateway:rate:' } : {}),
    // Redis down must not take the shop down with it: better unlimited for a while than closed.
    skipOnError: true,
  });
  if (redis)
    app.addHook('onClose', async () => {
      await redis.quit().catch(() => redis.disconnect());
    });
}
