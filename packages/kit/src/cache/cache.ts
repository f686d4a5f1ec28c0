import type { CacheStore } from './cache-store.ts';
import { createMemoryStore } from './memory-store.ts';
import { createRedisStore } from './redis-store.ts';

/** A load in progress; `invalidated` is set when its key is deleted while it runs. */
interface Flight {
  promise: Promise<unknown>;
  invalidated: boolean;
}

/** State shared by a cache and all its scopes: one store, one table of loads in flight. */
interface Shared {
  store: CacheStore;
  flights: Map<string, Flight>;
}

/**
 * Cache-aside over Redis or an in-process LRU, with namespaced keys.
 *
 * `getOrLoad` collapses concurrent misses of one key into a single load. A `delete` of a key
 * while its load is in flight discards that load's result (it may have read the row before the
 * write), so within one instance a value is never served after its write was acknowledged.
 *
 * @example
 *   const cache = (await openCache({ url: config.REDIS_URL })).scope('catalog');
 *   const book = await cache.getOrLoad(`book:${id}`, 300, () => findBook(db, id));
 *   await cache.delete(`book:${id}`); // after the write commits
 */
export class Cache {
  readonly #shared: Shared;
  readonly #prefix: string;

  private constructor(shared: Shared, prefix: string) {
    this.#shared = shared;
    this.#prefix = prefix;
  }

  /** A cache over a store; every key it writes starts with `prefix`. */
  static over(store: CacheStore, prefix = 'pustaka:'): Cache {
    return new Cache({ store, flights: new Map() }, prefix);
  }

  get kind(): CacheStore['kind'] {
    return this.#shared.store.kind;
  }

  /** A view whose keys live under `<prefix><name>:`, sharing the store and the loads in flight. */
  scope(name: string): Cache {
    return new Cache(this.#shared, `${this.#prefix}${name}:`);
  }

  async get<T>(key: string): Promise<T | undefined> {
    return (await this.#shared.store.get(this.#prefix + key)) as T | undefined;
  }

  async set<T>(key: string, value: T, ttlSeconds: number): Promise<void> {
    await this.#shared.store.set(this.#prefix + key, value, ttlSeconds);
  }

  async delete(...keys: string[]): Promise<void> {
    const full = keys.map((key) => this.#prefix + key);
    for (const key of full) this.#invalidate((flightKey) => flightKey === key);
    await this.#shared.store.delete(full);
  }

  async deleteByPrefix(prefix: string): Promise<void> {
    const full = this.#prefix + prefix;
    this.#invalidate((flightKey) => flightKey.startsWith(full));
    await this.#shared.store.deleteByPrefix(full);
  }

  /** Counts within a window that starts at the first increment and lasts `ttlSeconds`. */
  async increment(key: string, ttlSeconds: number): Promise<number> {
    return this.#shared.store.increment(this.#prefix + key, ttlSeconds);
  }

  /**
   * The cached value, or the loader's result cached for `ttlSeconds`. `undefined` from the
   * loader (nothing found) is returned but not cached.
   */
  async getOrLoad<T>(key: string, ttlSeconds: number, loader: () => Promise<T | undefined>): Promise<T | undefined> {
    const full = this.#prefix + key;
    const { store, flights } = this.#shared;
    const cached = (await store.get(full)) as T | undefined;
    if (cached !== undefined) return cached;
    const joined = flights.get(full);
    if (joined) return joined.promise as Promise<T | undefined>;

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
    await this.#shared.store.ping();
  }

  async close(): Promise<void> {
    await this.#shared.store.close();
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
  /** `redis://…`; when absent, an in-process LRU is used. */
  url?: string | undefined;
  /** Prefix of every key, so several deployments or test runs can share one Redis. */
  prefix?: string;
}

export function openCache(options: CacheOptions = {}): Cache {
  const store = options.url ? createRedisStore(options.url) : createMemoryStore();
  return Cache.over(store, options.prefix);
}
