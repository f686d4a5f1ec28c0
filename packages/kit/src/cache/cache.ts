import type { CacheStore } from './cache-store.ts';
import { cacheLookups } from './cache-metrics.ts';
import type { CacheLookups } from './cache-metrics.ts';
import { createMemoryStore } from './memory-store.ts';
import { createRedisStore } from './redis-store.ts';
import { createSecurityMemoryStore } from './security-memory-store.ts';

/** A load in progress; `invalidated` is set when its key is deleted while it runs. */
interface Flight {
  promise: Promise<unknown>;
  invalidated: boolean;
}

type ScopeKind = 'data' | 'security';

/** State shared by a cache and all its scopes: the stores, the loads in flight, who owns each prefix. */
interface Shared {
  stores: Record<ScopeKind, CacheStore>;
  flights: Map<string, Flight>;
  prefixKinds: Map<string, ScopeKind>;
}

/**
 * Cache-aside over Redis or an in-process LRU, with namespaced keys.
 *
 * `getOrLoad` collapses concurrent misses of one key into a single load. A `delete` of a key
 * while its load is in flight discards that load's result (it may have read the row before the
 * write), so within one instance a value is never served after its write was acknowledged.
 *
 * Security state (revocations, throttle counters) goes through `securityScope`, never `scope`:
 * in-process it lives in a store of its own that cached data can never evict; on Redis it is the
 * same server and the same key layout.
 *
 * @example
 *   const cache = (await openCache({ url: config.REDIS_URL })).scope('catalog');
 *   const book = await cache.getOrLoad(`book:${id}`, 300, () => findBook(db, id));
 *   await cache.delete(`book:${id}`); // after the write commits
 */
export class Cache {
  readonly #shared: Shared;
  readonly #kind: ScopeKind;
  readonly #prefix: string;
  readonly #lookups: CacheLookups;

  private constructor(shared: Shared, kind: ScopeKind, prefix: string, scopeName: string) {
    this.#shared = shared;
    this.#kind = kind;
    this.#prefix = prefix;
    this.#lookups = cacheLookups(scopeName);
  }

  /**
   * A cache over a store; every key it writes starts with `prefix`. Security scopes use
   * `securityStore`, which is `store` itself unless one is given.
   */
  static over(store: CacheStore, prefix = 'pustaka:', securityStore: CacheStore = store): Cache {
    return new Cache({ stores: { data: store, security: securityStore }, flights: new Map(), prefixKinds: new Map() }, 'data', prefix, '');
  }

  get #scopeName(): string {
    return this.#lookups.scope;
  }

  get #store(): CacheStore {
    return this.#shared.stores[this.#kind];
  }

  get kind(): CacheStore['kind'] {
    return this.#store.kind;
  }

  /** A view whose keys live under `<prefix><name>:`, in this view's store, sharing the loads in flight. */
  scope(name: string): Cache {
    return this.#subScope(name, this.#kind);
  }

  /**
   * A view for security state under `<prefix><name>:`: entries that must stay until their TTL ends
   * (a revocation, a throttle counter). In-process they never compete with cached data for room.
   * A name is either a data scope or a security scope, never both: on Redis both share one keyspace.
   *
   * @example
   *   const authCache = cache.securityScope('auth');
   *   await authCache.set(`denied:${jti}`, 1, secondsLeft);
   */
  securityScope(name: string): Cache {
    return this.#subScope(name, 'security');
  }

  async get<T>(key: string): Promise<T | undefined> {
    return (await this.#store.get(this.#prefix + key)) as T | undefined;
  }

  async set<T>(key: string, value: T, ttlSeconds: number): Promise<void> {
    await this.#store.set(this.#prefix + key, value, ttlSeconds);
  }

  /**
   * Stores `value` unless the key already holds one, atomically (two callers racing both get the
   * one value that won); returns the value the key holds afterwards.
   *
   * @example
   *   const version = await cache.setIfAbsent(`version:${id}`, randomUUID(), 86_400);
   */
  async setIfAbsent<T>(key: string, value: T, ttlSeconds: number): Promise<T> {
    return (await this.#store.setIfAbsent(this.#prefix + key, value, ttlSeconds)) as T;
  }

  async delete(...keys: string[]): Promise<void> {
    const full = keys.map((key) => this.#prefix + key);
    for (const key of full) this.#invalidate((flightKey) => flightKey === key);
    await this.#store.delete(full);
  }

  async deleteByPrefix(prefix: string): Promise<void> {
    const full = this.#prefix + prefix;
    this.#invalidate((flightKey) => flightKey.startsWith(full));
    await this.#store.deleteByPrefix(full);
  }

  /** Counts within a window that starts at the first increment and lasts `ttlSeconds`. */
  async increment(key: string, ttlSeconds: number): Promise<number> {
    return this.#store.increment(this.#prefix + key, ttlSeconds);
  }

  /**
   * The cached value, or the loader's result cached for `ttlSeconds`. `undefined` from the
   * loader (nothing found) is returned but not cached.
   */
  async getOrLoad<T>(key: string, ttlSeconds: number, loader: () => Promise<T | undefined>): Promise<T | undefined> {
    const full = this.#prefix + key;
    const store = this.#store;
    const { flights } = this.#shared;
    const cached = (await store.get(full)) as T | undefined;
    if (cached !== undefined) {
      this.#lookups.hit.inc();
      return cached;
    }
    const joined = flights.get(full);
    if (joined) {
      this.#lookups.joined.inc();
      return joined.promise as Promise<T | undefined>;
    }
    this.#lookups.miss.inc();

    const flight: Flight = { promise: Promise.resolve(), invalidated: false };
    flight.promise = (async () => {
      try {
        const value = await loader();
        if (value !== undefined && !flight.invalidated) await store.set(full, value, ttlSeconds);
        return value;
      } finally {
        if (flights.get(full) === flight) flights.delete(full);
      }
    })();
    flights.set(full, flight);
    return flight.promise as Promise<T | undefined>;
  }

  async ping(): Promise<void> {
    for (const store of this.#distinctStores()) await store.ping();
  }

  async close(): Promise<void> {
    for (const store of this.#distinctStores()) await store.close();
  }

  #distinctStores(): CacheStore[] {
    return [...new Set(Object.values(this.#shared.stores))];
  }

  #subScope(name: string, kind: ScopeKind): Cache {
    const prefix = `${this.#prefix}${name}:`;
    const owner = this.#shared.prefixKinds.get(prefix);
    if (owner !== undefined && owner !== kind) throw new Error(`cache scope ${prefix} is already a ${owner} scope; it cannot also be a ${kind} scope`);
    this.#shared.prefixKinds.set(prefix, kind);
    return new Cache(this.#shared, kind, prefix, this.#scopeName === '' ? name : `${this.#scopeName}:${name}`);
  }

  #invalidate(matches: (flightKey: string) => boolean): void {
    for (const [flightKey, flight] of this.#shared.flights) {
      if (matches(flightKey)) {
        flight.invalidated = true;
        // Later callers must start a fresh load rather than join one that read stale data.
        this.#shared.flights.delete(flightKey);
      }
    }
  }
}

export interface CacheOptions {
  /** `redis://…`; when absent, an in-process LRU for data and a non-evicting store for security state. */
  url?: string | undefined;
  /** Prefix of every key, so several deployments or test runs can share one Redis. */
  prefix?: string;
  /** In-process only: values the data LRU holds (default `DEFAULT_MEMORY_CACHE_ENTRIES`). */
  maxEntries?: number;
  /** In-process only: live security entries before new ones are refused (default `DEFAULT_SECURITY_STATE_ENTRIES`). */
  maxSecurityEntries?: number;
}

/**
 * Redis when a URL is given (one server for data and security state), else the two in-process stores.
 *
 * @example
 *   const cache = openCache({ url: process.env.REDIS_URL });
 */
export function openCache(options: CacheOptions = {}): Cache {
  if (options.url) return Cache.over(createRedisStore(options.url), options.prefix);
  return Cache.over(createMemoryStore(options.maxEntries), options.prefix, createSecurityMemoryStore(options.maxSecurityEntries));
}
