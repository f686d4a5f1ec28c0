export * from './cache.ts';
export type { CacheStore } from './cache-store.ts';
export { DEFAULT_MEMORY_CACHE_ENTRIES } from './memory-store.ts';
export { DEFAULT_SECURITY_STATE_ENTRIES } from './security-memory-store.ts';
