import { TTLCache } from '@isaacs/ttlcache';
import { AppError } from '../errors/app-error.ts';
import type { CacheStore } from './cache-store.ts';
import { deepFreeze } from './deep-freeze.ts';

/** Room for about a million live revocations and throttle counters: some 250 MB at worst. */
export const DEFAULT_SECURITY_STATE_ENTRIES = 1_000_000;

/**
 * The in-process home of security state (token revocations, sign-in and sign-up counters) in the
 * embedded default. An entry leaves only when its TTL ends or it is deleted, never because cached
 * data needed room, so a full data cache cannot un-revoke a token or forgive a guesser.
 *
 * It is bounded all the same. When it is full of live entries a new key is refused, and the
 * request that wanted it fails with 503, rather than an older entry being dropped: a dropped
 * revocation would silently let a token work again. Expired entries are purged on a timer.
 */
export function createSecurityMemoryStore(maxEntries = DEFAULT_SECURITY_STATE_ENTRIES): CacheStore {
  const entries = new TTLCache<string, unknown>({ checkAgeOnGet: true, checkAgeOnHas: true });

  function makeRoomFor(key: string): void {
    if (entries.size < maxEntries || entries.has(key)) return;
    entries.purgeStale();
    if (entries.size >= maxEntries) {
      throw new AppError('unavailable', 'SECURITY_STATE_FULL', 'The server cannot record this now; try again later', { retryAfterSeconds: 60 });
    }
  }

  // TTLCache takes whole milliseconds, at least one.
  const ttlMs = (ttlSeconds: number) => Math.max(1, Math.ceil(ttlSeconds * 1000));

  return {
    kind: 'memory',
    get: async (key) => entries.get(key),
    set: async (key, value, ttlSeconds) => {
      makeRoomFor(key);
      entries.set(key, deepFreeze(value), { ttl: ttlMs(ttlSeconds) });
    },
    setIfAbsent: async (key, value, ttlSeconds) => {
      const current = entries.get(key);
      if (current !== undefined) return current;
      makeRoomFor(key);
      const frozen = deepFreeze(value);
      entries.set(key, frozen, { ttl: ttlMs(ttlSeconds) });
      return frozen;
    },
    delete: async (keys) => {
      for (const key of keys) entries.delete(key);
    },
    deleteByPrefix: async (prefix) => {
      // oxlint-disable-next-line unicorn/no-useless-spread -- a copy of the keys: the loop deletes from the map it walks
      for (const key of [...entries.keys()]) if (key.startsWith(prefix)) entries.delete(key);
    },
    increment: async (key, ttlSeconds) => {
      const current = entries.get(key);
      const next = (typeof current === 'number' ? current : 0) + 1;
      makeRoomFor(key);
      // noUpdateTTL keeps the window's original expiry: counting must not extend it.
      entries.set(key, next, { ttl: ttlMs(ttlSeconds), noUpdateTTL: true });
      return next;
    },
    ping: async () => {},
    close: async () => {
      entries.clear();
    },
  };
}
