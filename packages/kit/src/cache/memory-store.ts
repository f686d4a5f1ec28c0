import { LRUCache } from 'lru-cache';
import type { CacheStore } from './cache-store.ts';
import { deepFreeze } from './deep-freeze.ts';

/** How many values the in-process data cache holds before it drops the least recently used. */
export const DEFAULT_MEMORY_CACHE_ENTRIES = 50_000;

/**
 * An in-process LRU with per-entry TTL, for cached data in the embedded default. Values are
 * deep-frozen on the way in. Security state never lives here (see `createSecurityMemoryStore`):
 * an LRU drops whatever was used least lately, and a revocation is rarely read.
 */
export function createMemoryStore(maxEntries = DEFAULT_MEMORY_CACHE_ENTRIES): CacheStore {
  const lru = new LRUCache<string, { value: unknown }>({ max: maxEntries, ttlAutopurge: false });
  return {
    kind: 'memory',
    get: async (key) => lru.get(key)?.value,
    set: async (key, value, ttlSeconds) => {
      lru.set(key, { value: deepFreeze(value) }, { ttl: ttlSeconds * 1000 });
    },
    setIfAbsent: async (key, value, ttlSeconds) => {
      const current = lru.get(key);
      if (current !== undefined) return current.value;
      const frozen = deepFreeze(value);
      lru.set(key, { value: frozen }, { ttl: ttlSeconds * 1000 });
      return frozen;
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
