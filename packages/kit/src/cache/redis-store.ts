import { Redis } from 'ioredis';
import type { CacheStore } from './cache-store.ts';

const SCAN_BATCH = 500;

/**
 * Redis behind the cache, values as JSON. Auto-pipelining batches the many small commands of
 * concurrent requests into few round trips.
 */
export function createRedisStore(url: string): CacheStore {
  const redis = new Redis(url, {
    enableAutoPipelining: true,
    maxRetriesPerRequest: 2,
    connectTimeout: 5_000,
    lazyConnect: false,
  });
  // Connection errors are retried by ioredis; commands fail meanwhile and callers see those.
  redis.on('error', () => {});
  return {
    kind: 'redis',
    get: async (key) => {
      const raw = await redis.get(key);
      return raw === null ? undefined : JSON.parse(raw);
    },
    set: async (key, value, ttlSeconds) => {
      await redis.set(key, JSON.stringify(value), 'EX', ttlSeconds);
    },
    setIfAbsent: async (key, value, ttlSeconds) => {
      // SET … NX GET (Redis 7): sets only when absent and answers what was there, atomically.
      const previous = await redis.set(key, JSON.stringify(value), 'EX', ttlSeconds, 'NX', 'GET');
      return previous === null ? value : JSON.parse(previous);
    },
    delete: async (keys) => {
      if (keys.length > 0) await redis.unlink(...keys);
    },
    deleteByPrefix: async (prefix) => {
      const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
      const stream = redis.scanStream({ match: pattern, count: SCAN_BATCH });
      for await (const keys of stream) {
        if ((keys as string[]).length > 0) await redis.unlink(...(keys as string[]));
      }
    },
    increment: async (key, ttlSeconds) => {
      const results = await redis.multi().incr(key).expire(key, ttlSeconds, 'NX').exec();
      const [error, count] = results?.[0] ?? [new Error('increment failed'), 0];
      if (error) throw error;
      return Number(count);
    },
    ping: async () => {
      await redis.ping();
    },
    close: async () => {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
