/** What a backing store does; `Cache` adds namespacing and collapsed loads on top. */
export interface CacheStore {
  readonly kind: 'redis' | 'memory';
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown, ttlSeconds: number): Promise<void>;
  delete(keys: string[]): Promise<void>;
  deleteByPrefix(prefix: string): Promise<void>;
  /** Adds one and returns the new count; the key expires `ttlSeconds` after its first increment. */
  increment(key: string, ttlSeconds: number): Promise<number>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
