import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachBackend } from '../src/testing/describe-each-backend.ts';
import type { TestStorage } from '../src/testing/backends.ts';
import type { Cache } from '../src/cache/cache.ts';

describeEachBackend('cache', (backend) => {
  let storage: TestStorage;
  let cache: Cache;

  beforeAll(async () => {
    storage = await backend.open();
    cache = storage.cache.scope('unit');
  });
  afterAll(async () => storage.dispose());

  it('stores, reads and deletes values with a TTL', async () => {
    await cache.set('a', { title: 'Dune', authors: ['Frank Herbert'] }, 60);
    expect(await cache.get('a')).toEqual({ title: 'Dune', authors: ['Frank Herbert'] });
    await cache.delete('a');
    expect(await cache.get('a')).toBeUndefined();
  });

  it('expires values after their TTL', async () => {
    await cache.set('short', 1, 1);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await cache.get('short')).toBeUndefined();
  });

  it('keeps scopes apart and deletes by prefix within a scope only', async () => {
    const other = storage.cache.scope('other');
    await cache.set('book:1', 1, 60);
    await cache.set('book:2', 2, 60);
    await cache.set('user:1', 3, 60);
    await other.set('book:1', 4, 60);
    await cache.deleteByPrefix('book:');
    expect(await cache.get('book:1')).toBeUndefined();
    expect(await cache.get('book:2')).toBeUndefined();
    expect(await cache.get('user:1')).toBe(3);
    expect(await other.get('book:1')).toBe(4);
  });

  it('collapses 100 concurrent misses of one key into a single load', async () => {
    let loads = 0;
    const loader = async () => {
      loads += 1;
      await new Promise((resolve) => setTimeout(resolve, 50));
      return { value: 42 };
    };
    const results = await Promise.all(Array.from({ length: 100 }, () => cache.getOrLoad('hot', 60, loader)));
    expect(loads).toBe(1);
    expect(results.every((result) => result?.value === 42)).toBe(true);
    expect(await cache.getOrLoad('hot', 60, loader)).toEqual({ value: 42 });
    expect(loads).toBe(1);
  });

  it('does not cache a load that was in flight when its key was invalidated', async () => {
    let row = 'old';
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slowRead = cache.getOrLoad('race', 60, async () => {
      const seen = row; // read before the write commits
      await gate;
      return seen;
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    row = 'new'; // the write commits...
    await cache.delete('race'); // ...and invalidates
    const afterWrite = cache.getOrLoad('race', 60, async () => row);
    release();
    expect(await slowRead).toBe('old'); // the reader that started before the write may see it
    expect(await afterWrite).toBe('new'); // a read after the acknowledged write never does
    expect(await cache.get('race')).toBe('new');
  });

  it('does not cache a missing value', async () => {
    let loads = 0;
    const missing = async () => {
      loads += 1;
      return undefined;
    };
    expect(await cache.getOrLoad('none', 60, missing)).toBeUndefined();
    expect(await cache.getOrLoad('none', 60, missing)).toBeUndefined();
    expect(loads).toBe(2);
  });

  it('sets a value only when the key holds none, one winner among racing callers', async () => {
    const answers = await Promise.all(['a', 'b', 'c', 'd'].map((value) => cache.setIfAbsent('version', value, 60)));
    expect(new Set(answers).size).toBe(1);
    expect(await cache.get('version')).toBe(answers[0]);
    await cache.set('version', 'moved', 60);
    expect(await cache.setIfAbsent('version', 'e', 60)).toBe('moved');
    await cache.delete('version');
    expect(await cache.setIfAbsent('version', { n: 1 }, 60)).toEqual({ n: 1 });
    expect(await cache.get('version')).toEqual({ n: 1 });
  });

  it('counts within a window that does not move', async () => {
    expect(await cache.increment('attempts', 2)).toBe(1);
    expect(await cache.increment('attempts', 2)).toBe(2);
    expect(await cache.increment('attempts', 2)).toBe(3);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect(await cache.increment('attempts', 2)).toBe(1);
  });
});
