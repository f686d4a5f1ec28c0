import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_MEMORY_CACHE_ENTRIES } from '@pustaka/kit/cache';
import { describeEachBackend, httpClient, startTestPlatform } from '@pustaka/kit/testing';
import type { HttpClient, TestPlatform, TestStorage } from '@pustaka/kit/testing';
import { identityService } from '../src/identity.service-module.ts';
import { registerMember, testSettings } from './fixtures.ts';

const FREE_FAILURES = 3;
const FILLER_BATCH = 1_000;
/** Longer than filling the cache can take on a busy machine, so the pair is still made to wait after it. */
const FIRST_DELAY_SECONDS = 600;

describeEachBackend('identity: security state under cache pressure', (backend) => {
  let storage: TestStorage;
  let platform: TestPlatform;
  let api: HttpClient;

  beforeAll(async () => {
    storage = await backend.open();
    platform = await startTestPlatform(storage, [
      identityService(testSettings({ LOGIN_PAIR_FREE_FAILURES: FREE_FAILURES, LOGIN_PAIR_FIRST_DELAY_SECONDS: FIRST_DELAY_SECONDS, REFRESH_GRACE_SECONDS: 0 })),
    ]);
    api = httpClient(platform.url);
  });
  afterAll(async () => platform?.close());

  it('keeps revocations and sign-in throttle counters when cached data overflows the cache', async () => {
    const loggedOut = await registerMember(api);
    await api.post('/api/auth/logout', { token: loggedOut.accessToken, body: { refreshToken: loggedOut.refreshToken } });
    const replayed = await registerMember(api);
    const rotated = await api.post('/api/auth/refresh', { body: { refreshToken: replayed.refreshToken } });
    expect((await api.post('/api/auth/refresh', { body: { refreshToken: replayed.refreshToken } })).body.code).toBe('REFRESH_REUSED');
    const stranger = httpClient(platform.url, { localAddress: '127.0.13.1' });
    const guess = () => stranger.post('/api/auth/login', { body: { email: loggedOut.user.email, password: 'wrong-password' } });
    for (let i = 0; i < FREE_FAILURES; i += 1) expect((await guess()).status).toBe(401);

    // More values than the in-process data cache holds, all written after the security state.
    const filler = storage.cache.scope('filler');
    const total = DEFAULT_MEMORY_CACHE_ENTRIES + 5_000;
    for (let start = 0; start < total; start += FILLER_BATCH) {
      await Promise.all(Array.from({ length: FILLER_BATCH }, (_, i) => filler.set(`book:${start + i}`, { id: start + i }, 300)));
    }
    if (storage.cache.kind === 'memory') expect(await filler.get('book:0')).toBeUndefined();

    expect((await api.get('/api/users/me', { token: loggedOut.accessToken })).body.code).toBe('TOKEN_REVOKED');
    expect((await api.get('/api/users/me', { token: rotated.body.accessToken })).body.code).toBe('TOKEN_REVOKED');
    const throttled = await guess();
    expect(throttled.status).toBe(429);
    expect(throttled.body.code).toBe('TOO_MANY_ATTEMPTS');
  });
});
