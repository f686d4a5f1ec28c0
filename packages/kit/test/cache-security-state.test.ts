import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachBackend } from '../src/testing/describe-each-backend.ts';
import type { TestStorage } from '../src/testing/backends.ts';
import { DEFAULT_MEMORY_CACHE_ENTRIES, openCache } from '../src/cache/index.ts';
import type { Cache } from '../src/cache/index.ts';
import { AppError } from '../src/errors/app-error.ts';

const FILLER_BATCH = 1_000;

/** Writes more values than the in-process data cache holds, so an LRU has to drop some. */
async function overflowDataCache(data: Cache): Promise<void> {
  const total = DEFAULT_MEMORY_CACHE_ENTRIES + 5_000;
  for (let start = 0; start < total; start += FILLER_BATCH) {
    await Promise.all(Array.from({ length: FILLER_BATCH }, (_, i) => data.set(`book:${start + i}`, { title: `Book ${start + i}` }, 300)));
  }
}

describeEachBackend('cache: security state', (backend) => {
  let storage: TestStorage;

  beforeAll(async () => {
    storage = await backend.open();
  });
  afterAll(async () => storage.dispose());

  it('keeps revocations and throttle counters when cached data overflows the cache', async () => {
    const security = storage.cache.securityScope('unit-security');
    const data = storage.cache.scope('unit-filler');
    await security.set('denied:token-1', 1, 300);
    await security.increment('login:pair:a', 300);
    await security.increment('login:pair:a', 300);

    await overflowDataCache(data);

    // In-process the data LRU really dropped its oldest values, so the pressure was real.
    if (storage.cache.kind === 'memory') expect(await data.get('book:0')).toBeUndefined();
    expect(await security.get('denied:token-1')).toBe(1);
    expect(await security.increment('login:pair:a', 300)).toBe(3);
  });

  it('expires a security counter at the end of the window its first increment opened', async () => {
    const security = storage.cache.securityScope('unit-window');
    expect(await security.increment('count', 1)).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await security.increment('count', 1)).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await security.increment('count', 1)).toBe(1);
  });

  it('refuses to use one scope name for cached data and for security state', () => {
    storage.cache.scope('unit-shared-name');
    expect(() => storage.cache.securityScope('unit-shared-name')).toThrow(/already a data scope/);
  });
});

describe('cache: in-process security store', () => {
  it('refuses a new entry when full of live ones, keeping every entry it has', async () => {
    const cache = openCache({ maxSecurityEntries: 3 });
    const security = cache.securityScope('auth');
    for (const id of ['a', 'b', 'c']) await security.set(`denied:${id}`, 1, 300);

    const refused = await security.set('denied:d', 1, 300).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ kind: 'unavailable', code: 'SECURITY_STATE_FULL' });
    await expect(security.increment('login:new', 300)).rejects.toMatchObject({ code: 'SECURITY_STATE_FULL' });

    // A key it already has can still change: a counter that exists keeps counting.
    await security.set('denied:a', 2, 300);
    expect(await Promise.all(['a', 'b', 'c'].map((id) => security.get(`denied:${id}`)))).toEqual([2, 1, 1]);
    await cache.close();
  });

  it('makes room again once entries expire', async () => {
    const cache = openCache({ maxSecurityEntries: 2 });
    const security = cache.securityScope('auth');
    await security.set('short-1', 1, 0.2);
    await security.set('short-2', 1, 0.2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await security.set('later', 1, 300);
    expect(await security.get('later')).toBe(1);
    await cache.close();
  });
});
