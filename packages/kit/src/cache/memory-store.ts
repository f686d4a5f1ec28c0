import { LRUCache } from 'lru-cache';
import type { CacheStore } from './cache-store.ts';

const DEFAULT_MAX_ENTRIES = 50_000;

/**
 * An in-process LRU with per-entry TTL, for the embedded default. Values are deep-frozen on the
 * way in so a caller mutating a cached object cannot change what the next caller gets (with Redis
 * every read is a fresh copy; this keeps the two adapters behaving alike).
 */
export function createMemoryStore(maxEntries = DEFAULT_MAX_ENTRIES): CacheStore {
  const lru = new LRUCache<string, { value: unknown }>({ max: maxEntries, ttlAutopurge: false });
  return {
    kind: 'memory',
    get: async (key) => lru.get(key)?.value,
    set: async (key, value, ttlSeconds) => {
      lru.set(key, { value: deepFreeze(value) }, { ttl: ttlSeconds * 1000 });
    },
    delete: async (keys) => {
      for (const key of keys) lru.delete(key);
    },
    deleteByPrefix: async (prefix) => {
      // oxlint-disable-next-line unicorn/no-useless-spread -- a copy of the keys: the loop deletes from the cache it walks
      for (const key of [...lru.keys()]) if (key.startsWith(prefix)) lru.delete(key);
    },
    increment: async (key, ttlSeconds) => {
      const current = lru.get(key)?.value;
      const next = (typeof current === 'number' ? current : 0) + 1;
      // Keep the window's original expiry: counting must not extend it.
      const remaining = lru.getRemainingTTL(key);
      lru.set(key, { value: next }, { ttl: current === undefined || remaining <= 0 ? ttlSeconds * 1000 : remaining });
      return next;
    },
    ping: async () => {},
    close: async () => {
      lru.clear();
    },
  };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
