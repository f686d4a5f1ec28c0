import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { describeEachBackend, httpClient, startTestPlatform } from '@pustaka/kit/testing';
import type { HttpClient, TestPlatform, TestResponse, TestStorage } from '@pustaka/kit/testing';
import { identityService } from '../src/identity.service-module.ts';
import { adjustableClock, newMember, registerMember, testSettings } from './fixtures.ts';

const HOUR_MS = 3_600_000;
const PER_HOUR = 5;
const FLOOD_ADDRESSES = ['127.0.9.1', '127.0.9.2', '127.0.9.3', '127.0.9.4'];
const FLOOD_PER_ADDRESS = 100;
const READS = 60;

describeEachBackend('identity: sign-up limit per address', (backend) => {
  let storage: TestStorage;
  let platform: TestPlatform;
  let reader: HttpClient;
  const clients = new Map<string, HttpClient>();
  const clock = adjustableClock();

  beforeAll(async () => {
    storage = await backend.open();
    platform = await startTestPlatform(storage, [identityService(testSettings({ REGISTRATIONS_PER_ADDRESS_PER_HOUR: PER_HOUR }))], { now: clock.now });
    reader = httpClient(platform.url);
  });
  // Every test starts a minute into a fresh clock hour, so no count carries over and the hour does not end mid-test.
  beforeEach(() => {
    const nowMs = clock.now().getTime();
    clock.shift(HOUR_MS - (nowMs % HOUR_MS) + 60_000);
  });
  afterAll(async () => platform?.close());

  function from(address: string): HttpClient {
    if (!clients.has(address)) clients.set(address, httpClient(platform.url, { localAddress: address }));
    return clients.get(address)!;
  }

  const signUp = (client: HttpClient, headers: Record<string, string> = {}, member = newMember()) =>
    client.post('/api/auth/register', { body: member, headers });

  function expectRefused(response: TestResponse): void {
    expect(response.status, JSON.stringify(response.body)).toBe(429);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.body.code).toBe('TOO_MANY_REGISTRATIONS');
    const retryAfter = Number(response.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3_600);
  }

  it('refuses sign-ups from an address past its hourly limit until the next hour, and only from that address', async () => {
    const client = from('127.0.10.1');
    for (let i = 0; i < PER_HOUR; i += 1) expect((await signUp(client)).status).toBe(201);
    expectRefused(await signUp(client));
    // A forwarded-for header is not believed without TRUST_PROXY: it cannot buy a fresh address.
    expectRefused(await signUp(client, { 'x-forwarded-for': '203.0.113.7' }));
    expect((await signUp(from('127.0.10.2'))).status).toBe(201);

    clock.shift(HOUR_MS);
    expect((await signUp(client)).status).toBe(201);
  });

  it('counts every attempt, a taken email included, and refuses before looking at the email', async () => {
    const client = from('127.0.11.1');
    const taken = await registerMember(from('127.0.11.2'));
    const sameEmail = newMember({ email: taken.user.email });
    for (let i = 0; i < PER_HOUR; i += 1) expect((await signUp(client, {}, sameEmail)).body.code).toBe('EMAIL_TAKEN');
    expectRefused(await signUp(client, {}, sameEmail));
  });

  it('refuses a flood of sign-ups from a few addresses while reads go on being answered', async () => {
    const member = await registerMember(from('127.0.12.1'));
    const flood = Promise.all(FLOOD_ADDRESSES.flatMap((address) => Array.from({ length: FLOOD_PER_ADDRESS }, () => signUp(from(address)))));
    const reads = Promise.all(
      Array.from({ length: READS }, (_, i) => {
        if (i % 3 === 0) return reader.get('/healthz');
        if (i % 3 === 1) return reader.get('/.well-known/jwks.json');
        return reader.get('/api/users/me', { token: member.accessToken });
      }),
    );
    const [signUps, answered] = await Promise.all([flood, reads]);

    expect(answered.map((response) => response.status)).toEqual(Array.from({ length: READS }, () => 200));
    const statuses = signUps.map((response) => response.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(FLOOD_ADDRESSES.length * PER_HOUR);
    const refused = signUps.filter((response) => response.status !== 201);
    expect(refused).toHaveLength(FLOOD_ADDRESSES.length * (FLOOD_PER_ADDRESS - PER_HOUR));
    for (const response of refused) expectRefused(response);
  });
});
