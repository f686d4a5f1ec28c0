export * from './cache.ts';
export type { CacheStore } from './cache-store.ts';
