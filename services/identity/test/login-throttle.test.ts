import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { describeEachBackend, httpClient, startTestPlatform } from '@pustaka/kit/testing';
import type { HttpClient, TestPlatform, TestStorage } from '@pustaka/kit/testing';
import { identityService } from '../src/identity.service-module.ts';
import { adjustableClock, newMember, registerMember, testSettings } from './fixtures.ts';

const WINDOW_SECONDS = 600;
const PER_ACCOUNT = 3;
const PER_ADDRESS = 6;

describeEachBackend('identity: sign-in throttling', (backend) => {
  let storage: TestStorage;
  let platform: TestPlatform;
  let api: HttpClient;
  const clock = adjustableClock();

  beforeAll(async () => {
    storage = await backend.open();
    const settings = testSettings({
      LOGIN_MAX_FAILURES_PER_ACCOUNT: PER_ACCOUNT,
      LOGIN_MAX_FAILURES_PER_ADDRESS: PER_ADDRESS,
      LOGIN_THROTTLE_WINDOW_SECONDS: WINDOW_SECONDS,
    });
    platform = await startTestPlatform(storage, [identityService(settings)], { now: clock.now });
    api = httpClient(platform.url);
  });
  // Every test starts in a fresh window (all requests come from one address).
  beforeEach(() => clock.shift(WINDOW_SECONDS * 1000));
  afterAll(async () => platform?.close());

  const logIn = (email: string, password: string) => api.post('/api/auth/login', { body: { email, password } });

  function expectThrottled(response: Awaited<ReturnType<typeof logIn>>): void {
    expect(response.status).toBe(429);
    expect(response.body.code).toBe('TOO_MANY_ATTEMPTS');
    const retryAfter = Number(response.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(WINDOW_SECONDS);
  }

  it('throttles an account after repeated failures, even for the right password, until the window ends', async () => {
    const member = await registerMember(api);
    for (let i = 0; i < PER_ACCOUNT; i += 1) expect((await logIn(member.user.email, 'wrong-password')).status).toBe(401);
    expectThrottled(await logIn(member.user.email, member.password));
    expectThrottled(await logIn(member.user.email.toUpperCase(), member.password));

    clock.shift(WINDOW_SECONDS * 1000);
    expect((await logIn(member.user.email, member.password)).status).toBe(200);
  });

  it('throttles an unknown email the same way, so throttling reveals no accounts', async () => {
    const email = newMember().email;
    for (let i = 0; i < PER_ACCOUNT; i += 1) expect((await logIn(email, 'wrong-password')).status).toBe(401);
    expectThrottled(await logIn(email, 'wrong-password'));
  });

  it("clears an account's failures when the right password is given", async () => {
    const member = await registerMember(api);
    for (let round = 0; round < 2; round += 1) {
      for (let i = 0; i < PER_ACCOUNT - 1; i += 1) expect((await logIn(member.user.email, 'wrong-password')).status).toBe(401);
      expect((await logIn(member.user.email, member.password)).status).toBe(200);
    }
  });

  it('throttles an address that fails across many accounts', async () => {
    const member = await registerMember(api);
    for (let i = 0; i < PER_ADDRESS; i += 1) expect((await logIn(newMember().email, 'wrong-password')).status).toBe(401);
    expectThrottled(await logIn(member.user.email, member.password));

    clock.shift(WINDOW_SECONDS * 1000);
    expect((await logIn(member.user.email, member.password)).status).toBe(200);
  });

  it('does not count successful sign-ins against the address', async () => {
    const member = await registerMember(api);
    for (let i = 0; i < PER_ADDRESS + 2; i += 1) expect((await logIn(member.user.email, member.password)).status).toBe(200);
  });

  it('caps a burst of parallel guesses at the account limit', async () => {
    const member = await registerMember(api);
    const responses = await Promise.all(Array.from({ length: 10 }, () => logIn(member.user.email, 'wrong-password')));
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(PER_ACCOUNT);
    expect(statuses.filter((status) => status === 429)).toHaveLength(10 - PER_ACCOUNT);
  });
});
