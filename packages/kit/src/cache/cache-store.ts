/** What a backing store does; `Cache` adds namespacing and collapsed loads on top. */
export interface CacheStore {
  readonly kind: 'redis' | 'memory';
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown, ttlSeconds: number): Promise<void>;
  /** Stores `value` only if the key holds nothing; returns what the key holds afterwards, in one step. */
  setIfAbsent(key: string, value: unknown, ttlSeconds: number): Promise<unknown>;
  delete(keys: string[]): Promise<void>;
  deleteByPrefix(prefix: string): Promise<void>;
  /** Adds one and returns the new count; the key expires `ttlSeconds` after its first increment. */
  increment(key: string, ttlSeconds: number): Promise<number>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
