import { expect, it } from 'vitest';
import { createLogger } from '@pustaka/kit/log';
import { describeService, eventually, httpClient } from '@pustaka/kit/testing';
import type { HttpClient, TestStorage } from '@pustaka/kit/testing';
import { newMember, registerMember } from '@pustaka/identity/testing';
import { loadEmbeddedConfig } from '../config.ts';
import { buildEmbedded } from '../src/build-embedded.ts';

const API_BUDGET = 4;
const AUTH_BUDGET = 2;

/** `npm start`'s platform with small budgets over a short window; `from` is a client on one loopback address. */
async function startLimitedShop(storage: TestStorage) {
  const config = loadEmbeddedConfig({
    SEED_DEMO: 'false',
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_MINUTE: String(API_BUDGET),
    RATE_LIMIT_AUTH_PER_MINUTE: String(AUTH_BUDGET),
    RATE_LIMIT_WINDOW_MS: '5000',
  });
  const platform = await buildEmbedded(config, createLogger({ name: 'test', level: 'silent' }), storage.database, storage.cache);
  const base = await platform.app.listen({ port: 0, host: '127.0.0.1' });
  return { from: (address: string): HttpClient => httpClient(base, { localAddress: address }), close: () => platform.close() };
}

describeService('the rate limits of npm start (no gateway in front)', startLimitedShop, (sut) => {
  it('limits an anonymous address, answers 429 RATE_LIMITED with the headers, and lets another address on', async () => {
    const client = sut.from('127.0.0.2');
    const statuses = [];
    for (let i = 0; i < API_BUDGET; i += 1) statuses.push((await client.get('/api/books')).status);
    expect(statuses).toEqual(Array(API_BUDGET).fill(200));
    const limited = await client.get('/api/books');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toContain('application/problem+json');
    expect(limited.body.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('ratelimit-limit')).toBe(String(API_BUDGET));
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    expect((await sut.from('127.0.0.3').get('/api/books')).status).toBe(200);
    await eventually(async () => expect((await client.get('/api/books')).status).toBe(200), 8_000, 200);
  });

  it('gives two members on one address a budget each', async () => {
    // Signed up from addresses of their own: sign-ups have the stricter budget.
    const ana = await registerMember(sut.from('127.0.0.10'), newMember());
    const budi = await registerMember(sut.from('127.0.0.11'), newMember());
    const campus = sut.from('127.0.0.4');
    for (const member of [ana, budi]) {
      const statuses = [];
      for (let i = 0; i <= API_BUDGET; i += 1) statuses.push((await campus.get('/api/users/me', { token: member.accessToken })).status);
      expect(statuses).toEqual([...Array(API_BUDGET).fill(200), 429]);
    }
  });

  it('is stricter on sign-in than on the rest of the API', async () => {
    const client = sut.from('127.0.0.5');
    const attempts = [];
    for (let i = 0; i <= AUTH_BUDGET; i += 1)
      attempts.push(await client.post('/api/auth/login', { body: { email: 'nobody@shop.test', password: 'wrong password' } }));
    expect(attempts.map((attempt) => attempt.status)).toEqual([...Array(AUTH_BUDGET).fill(401), 429]);
    expect(attempts.at(-1)!.body.code).toBe('RATE_LIMITED');
    expect((await client.get('/api/books')).status).toBe(200);
  });
});
