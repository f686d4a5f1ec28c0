import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { describeEachBackend, httpClient, startTestPlatform } from '@pustaka/kit/testing';
import type { HttpClient, TestPlatform, TestResponse, TestStorage } from '@pustaka/kit/testing';
import { identityService } from '../src/identity.service-module.ts';
import { adjustableClock, newMember, registerMember, testSettings } from './fixtures.ts';

const WINDOW_SECONDS = 600;
const FREE_FAILURES = 3;
const FIRST_DELAY_SECONDS = 10;
const MAX_DELAY_SECONDS = 80;
const PER_ADDRESS = 12;
const PER_ACCOUNT = 15;
const SLOWDOWN_SECONDS = 30;

describeEachBackend('identity: sign-in throttling', (backend) => {
  let storage: TestStorage;
  let platform: TestPlatform;
  /** The owner's client, on 127.0.0.1; strangers connect from other loopback addresses. */
  let owner: HttpClient;
  const clients = new Map<string, HttpClient>();
  const clock = adjustableClock();

  beforeAll(async () => {
    storage = await backend.open();
    const settings = testSettings({
      LOGIN_PAIR_FREE_FAILURES: FREE_FAILURES,
      LOGIN_PAIR_FIRST_DELAY_SECONDS: FIRST_DELAY_SECONDS,
      LOGIN_PAIR_MAX_DELAY_SECONDS: MAX_DELAY_SECONDS,
      LOGIN_MAX_FAILURES_PER_ADDRESS: PER_ADDRESS,
      LOGIN_MAX_FAILURES_PER_ACCOUNT: PER_ACCOUNT,
      LOGIN_ACCOUNT_SLOWDOWN_SECONDS: SLOWDOWN_SECONDS,
      LOGIN_THROTTLE_WINDOW_SECONDS: WINDOW_SECONDS,
    });
    platform = await startTestPlatform(storage, [identityService(settings)], { now: clock.now });
    owner = httpClient(platform.url);
  });
  // Every test starts a second into a fresh window (and so a fresh slowdown slot: the window is a
  // multiple of it), so no count or wait carries over and no boundary falls inside a test.
  beforeEach(() => {
    const nowMs = clock.now().getTime();
    const windowMs = WINDOW_SECONDS * 1000;
    clock.shift(windowMs - (nowMs % windowMs) + 1000);
  });
  afterAll(async () => platform?.close());

  /** A client connecting from `address`, which the server sees as the client address. */
  function from(address: string): HttpClient {
    if (!clients.has(address)) clients.set(address, httpClient(platform.url, { localAddress: address }));
    return clients.get(address)!;
  }

  const logIn = (client: HttpClient, email: string, password: string, headers: Record<string, string> = {}) =>
    client.post('/api/auth/login', { body: { email, password }, headers });

  function retryAfterOf(response: TestResponse): number {
    expect(response.status, JSON.stringify(response.body)).toBe(429);
    expect(response.body.code).toBe('TOO_MANY_ATTEMPTS');
    return Number(response.headers.get('retry-after'));
  }

  async function failTimes(client: HttpClient, email: string, times: number): Promise<void> {
    for (let i = 0; i < times; i += 1) expect((await logIn(client, email, 'wrong-password')).status).toBe(401);
  }

  it('lets the owner sign in from their own address while a stranger guessing elsewhere is made to wait', async () => {
    const member = await registerMember(owner);
    const stranger = from('127.0.1.1');
    await failTimes(stranger, member.user.email, FREE_FAILURES);

    const retryAfter = retryAfterOf(await logIn(stranger, member.user.email, 'wrong-password'));
    expect(retryAfter).toBeGreaterThan(FIRST_DELAY_SECONDS - 2);
    expect(retryAfter).toBeLessThanOrEqual(FIRST_DELAY_SECONDS);
    // Even the right password waits from the stranger's address: the wait is the pair's, whoever asks.
    retryAfterOf(await logIn(stranger, member.user.email, member.password));
    retryAfterOf(await logIn(stranger, member.user.email.toUpperCase(), member.password));

    expect((await logIn(owner, member.user.email, member.password)).status).toBe(200);
    expect((await logIn(from('127.0.1.2'), member.user.email, member.password)).status).toBe(200);
  });

  it("doubles a failing pair's wait with every further failure, up to the cap", async () => {
    const member = await registerMember(owner);
    const guesser = from('127.0.2.1');
    await failTimes(guesser, member.user.email, FREE_FAILURES);

    const waits: number[] = [];
    for (let round = 0; round < 5; round += 1) {
      const retryAfter = retryAfterOf(await logIn(guesser, member.user.email, 'wrong-password'));
      waits.push(retryAfter);
      clock.shift(retryAfter * 1000);
      expect((await logIn(guesser, member.user.email, 'wrong-password')).status).toBe(401);
    }
    const expected = [10, 20, 40, 80, 80];
    waits.forEach((wait, i) => {
      expect(wait).toBeGreaterThan(expected[i]! - 2);
      expect(wait).toBeLessThanOrEqual(expected[i]!);
    });

    // Once the wait is over the right password works, and it ends the pair's run of failures.
    clock.shift(MAX_DELAY_SECONDS * 1000);
    expect((await logIn(guesser, member.user.email, member.password)).status).toBe(200);
    await failTimes(guesser, member.user.email, FREE_FAILURES);
  });

  it('stops an address that fails across many accounts, even for a right password, until the window ends', async () => {
    const member = await registerMember(owner);
    const sprayer = from('127.0.3.1');
    for (let i = 0; i < PER_ADDRESS; i += 1) await failTimes(sprayer, newMember().email, 1);

    const retryAfter = retryAfterOf(await logIn(sprayer, member.user.email, member.password));
    expect(retryAfter).toBeGreaterThan(WINDOW_SECONDS - 60);
    expect(retryAfter).toBeLessThanOrEqual(WINDOW_SECONDS);
    // A forwarded-for header is not believed without TRUST_PROXY: it cannot buy a fresh address.
    retryAfterOf(await logIn(sprayer, member.user.email, member.password, { 'x-forwarded-for': '203.0.113.9' }));
    expect((await logIn(owner, member.user.email, member.password)).status).toBe(200);

    clock.shift(WINDOW_SECONDS * 1000);
    expect((await logIn(sprayer, member.user.email, member.password)).status).toBe(200);
  });

  it('slows, but never locks, an account that fails from many addresses', async () => {
    const member = await registerMember(owner);
    for (let i = 0; i < PER_ACCOUNT / FREE_FAILURES; i += 1) await failTimes(from(`127.0.4.${i + 1}`), member.user.email, FREE_FAILURES);

    // One attempt per slot goes through, from whichever address: here the owner's.
    expect((await logIn(owner, member.user.email, member.password)).status).toBe(200);
    const retryAfter = retryAfterOf(await logIn(owner, member.user.email, member.password));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(SLOWDOWN_SECONDS);
    retryAfterOf(await logIn(from('127.0.4.100'), member.user.email, 'wrong-password'));

    clock.shift(SLOWDOWN_SECONDS * 1000);
    expect((await logIn(owner, member.user.email, member.password)).status).toBe(200);
  });

  it('throttles an unknown email exactly like an account that exists, so throttling reveals no accounts', async () => {
    const member = await registerMember(owner);
    const answersFor = async (client: HttpClient, email: string) => {
      const answers = [];
      for (let i = 0; i <= FREE_FAILURES; i += 1) {
        const { status, headers, body } = await logIn(client, email, 'wrong-password');
        answers.push({ status, retryAfter: headers.get('retry-after'), code: body.code, detail: body.detail });
      }
      return answers;
    };
    const known = await answersFor(from('127.0.5.1'), member.user.email);
    const unknown = await answersFor(from('127.0.5.2'), newMember().email);
    expect(unknown).toEqual(known);
    expect(known.map((answer) => answer.status)).toEqual([...Array.from({ length: FREE_FAILURES }, () => 401), 429]);
  });

  it("clears a pair's failures when the right password is given", async () => {
    const member = await registerMember(owner);
    const client = from('127.0.6.1');
    for (let round = 0; round < 3; round += 1) {
      await failTimes(client, member.user.email, FREE_FAILURES - 1);
      expect((await logIn(client, member.user.email, member.password)).status).toBe(200);
    }
  });

  it('does not count successful sign-ins against the address', async () => {
    const member = await registerMember(owner);
    const client = from('127.0.7.1');
    for (let i = 0; i < PER_ADDRESS + 2; i += 1) expect((await logIn(client, member.user.email, member.password)).status).toBe(200);
  });

  it("caps a burst of parallel guesses of one pair at the pair's free attempts", async () => {
    const member = await registerMember(owner);
    const client = from('127.0.8.1');
    const responses = await Promise.all(Array.from({ length: 10 }, () => logIn(client, member.user.email, 'wrong-password')));
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(FREE_FAILURES);
    expect(statuses.filter((status) => status === 429)).toHaveLength(10 - FREE_FAILURES);
  });
});
