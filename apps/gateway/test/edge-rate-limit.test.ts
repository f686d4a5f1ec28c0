import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { eventually, freePorts, httpClient } from '@pustaka/kit/testing';
import { startGateway, tokens } from './support.ts';
import type { GatewayUnderTest } from './support.ts';

const { redisUrl } = inject('realServices');

describe('rate limits at the edge', () => {
  let started: GatewayUnderTest[] = [];
  const start = async (...args: Parameters<typeof startGateway>) => {
    const sut = await startGateway(...args);
    started.push(sut);
    return sut;
  };
  afterEach(async () => {
    await Promise.all(started.map((sut) => sut.close()));
    started = [];
  });

  it('trips at the budget with 429 RATE_LIMITED, Retry-After and RateLimit-* headers, and recovers after the window', async () => {
    const sut = await start({ RATE_LIMIT_PER_MINUTE: '3', RATE_LIMIT_WINDOW_MS: '1000' });
    const api = httpClient(sut.url);
    const first = await api.get('/api/books');
    expect(first.status).toBe(200);
    expect(first.headers.get('ratelimit-limit')).toBe('3');
    expect(first.headers.get('ratelimit-remaining')).toBe('2');
    expect(Number(first.headers.get('ratelimit-reset'))).toBeGreaterThanOrEqual(0);
    await api.get('/api/books');
    expect((await api.get('/api/books')).headers.get('ratelimit-remaining')).toBe('0');

    const limited = await api.get('/api/books');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toContain('application/problem+json');
    expect(limited.body.code).toBe('RATE_LIMITED');
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(limited.headers.get('ratelimit-limit')).toBe('3');
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    // Probes are not the API: never limited.
    expect((await api.get('/healthz')).status).toBe(200);

    await eventually(async () => expect((await api.get('/api/books')).status).toBe(200), 3_000, 100);
  });

  it('gives each signed-in member their own budget, even from one address (a campus)', async () => {
    const sut = await start({ RATE_LIMIT_PER_MINUTE: '2' });
    const campus = httpClient(sut.url, { localAddress: '127.0.0.2' });
    const [ana, budi] = await Promise.all([tokens.issue({ role: 'member' }), tokens.issue({ role: 'member' })]);
    const statuses = async (token?: string) => {
      const answers = [];
      for (let i = 0; i < 3; i += 1) answers.push((await campus.get('/api/orders', token ? { token } : {})).status);
      return answers;
    };
    expect(await statuses(ana)).toEqual([200, 200, 429]);
    expect(await statuses(budi)).toEqual([200, 200, 429]);
    // The address's anonymous budget is its own too.
    expect(await statuses()).toEqual([200, 200, 429]);
  });

  it('counts anonymous clients per address, and believes no X-Forwarded-For unless TRUST_PROXY says so', async () => {
    const sut = await start({ RATE_LIMIT_PER_MINUTE: '2' });
    const two = httpClient(sut.url, { localAddress: '127.0.0.2' });
    const three = httpClient(sut.url, { localAddress: '127.0.0.3' });
    for (let i = 0; i < 2; i += 1) expect((await two.get('/api/books', { headers: { 'x-forwarded-for': `203.0.113.${i}` } })).status).toBe(200);
    expect((await two.get('/api/books', { headers: { 'x-forwarded-for': '203.0.113.99' } })).status).toBe(429);
    expect((await three.get('/api/books')).status).toBe(200);
  });

  it('counts by the address the trusted proxy reports when TRUST_PROXY names it', async () => {
    const sut = await start({ RATE_LIMIT_PER_MINUTE: '1', TRUST_PROXY: 'loopback' });
    const proxy = httpClient(sut.url);
    expect((await proxy.get('/api/books', { headers: { 'x-forwarded-for': '203.0.113.1' } })).status).toBe(200);
    expect((await proxy.get('/api/books', { headers: { 'x-forwarded-for': '203.0.113.1' } })).status).toBe(429);
    expect((await proxy.get('/api/books', { headers: { 'x-forwarded-for': '203.0.113.2' } })).status).toBe(200);
  });

  it('is stricter on sign-in, sign-up and refresh, per address whatever token is attached, and however the path is spelt', async () => {
    const sut = await start({ RATE_LIMIT_AUTH_PER_MINUTE: '3', RATE_LIMIT_PER_MINUTE: '100' });
    const api = httpClient(sut.url, { localAddress: '127.0.0.4' });
    const token = await tokens.issue({ role: 'member' });
    expect((await api.post('/api/auth/login', { body: {} })).status).toBe(201);
    expect((await api.post('/api/auth/register/', { body: {}, token })).status).toBe(201);
    expect((await api.post('/api/auth/%72efresh', { body: {} })).status).toBe(201);
    const limited = await api.post('/api/auth/login', { body: {}, token: await tokens.issue({ role: 'member' }) });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('ratelimit-limit')).toBe('3');
    // The rest of the API, and signing out (a member's request), keep their own budget.
    expect((await api.get('/api/books')).status).toBe(200);
    expect((await api.post('/api/auth/logout', { body: {}, token })).status).toBe(201);
  });

  it('lets requests through when Redis is down rather than closing the shop', async () => {
    const [closedPort] = await freePorts(1);
    const sut = await start({ RATE_LIMIT_PER_MINUTE: '2', REDIS_URL: `redis://127.0.0.1:${closedPort}` });
    const api = httpClient(sut.url);
    const statuses = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await api.get('/api/books')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
  });

  it.runIf(redisUrl)('shares one budget between gateway replicas through Redis', async () => {
    const keyPrefix = `pustaka-test:gateway-edge:${randomUUID()}:`;
    const env = { RATE_LIMIT_PER_MINUTE: '3', REDIS_URL: redisUrl! };
    const [a, b] = [await start(env, undefined, { rateLimitKeyPrefix: keyPrefix }), await start(env, undefined, { rateLimitKeyPrefix: keyPrefix })];
    const [viaA, viaB] = [httpClient(a!.url, { localAddress: '127.0.0.5' }), httpClient(b!.url, { localAddress: '127.0.0.5' })];
    expect([(await viaA.get('/api/books')).status, (await viaB.get('/api/books')).status, (await viaA.get('/api/books')).status]).toEqual([200, 200, 200]);
    const limited = await viaB.get('/api/books');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
  });
});
