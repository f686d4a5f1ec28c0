import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@pustaka/kit/log';
import { httpClient } from '@pustaka/kit/testing';
import type { HttpClient } from '@pustaka/kit/testing';
import { startGateway, tokens } from './support.ts';
import type { GatewayUnderTest } from './support.ts';

describe('gateway proxy', () => {
  let sut: GatewayUnderTest;
  let api: HttpClient;
  const id = '0190a5b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b';

  beforeAll(async () => {
    sut = await startGateway();
    api = httpClient(sut.url);
  });
  afterAll(() => sut?.close());

  it.each([
    ['POST', '/api/auth/login', 'identity'],
    ['GET', '/api/users', 'identity'],
    ['PATCH', `/api/users/${id}`, 'identity'],
    ['GET', '/.well-known/jwks.json', 'identity'],
    ['GET', '/api/categories', 'catalog'],
    ['DELETE', `/api/categories/${id}`, 'catalog'],
    ['GET', '/api/books', 'catalog'],
    ['POST', `/api/books/${id}/stock`, 'catalog'],
    ['GET', `/api/books/${id}/orders`, 'orders'],
    ['POST', '/api/orders', 'orders'],
    ['POST', `/api/orders/${id}/cancel`, 'orders'],
    ['GET', '/api/events', 'ticketing'],
    ['POST', `/api/events/${id}/holds`, 'ticketing'],
    ['DELETE', `/api/holds/${id}`, 'ticketing'],
    ['PATCH', `/api/bookings/${id}`, 'ticketing'],
    ['GET', '/api/calendar/secret-token.ics', 'ticketing'],
  ])('sends %s %s to %s', async (method, path, upstream) => {
    const response = await api.request(method, path, method === 'GET' || method === 'DELETE' ? {} : { body: {} });
    expect(response.headers.get('x-upstream')).toBe(upstream);
    expect(response.body.url).toBe(path);
  });

  it("proxies nothing else: not the services' /metrics, health or docs", async () => {
    const before = Object.values(sut.upstreams).reduce((n, u) => n + u.seen.length, 0);
    // The gateway's own metrics are on its metrics listener, not here; the services' are not proxied.
    const metrics = await api.get('/metrics');
    expect(metrics.status).toBe(404);
    expect(metrics.body.code).toBe('ROUTE_NOT_FOUND');
    expect((await api.get('/api/nowhere')).body.code).toBe('ROUTE_NOT_FOUND');
    expect(Object.values(sut.upstreams).reduce((n, u) => n + u.seen.length, 0)).toBe(before);
  });

  it('forwards method, path, query, body and headers, and returns status, headers and body as they are', async () => {
    const token = await tokens.issue({ role: 'member' });
    const response = await api.post('/api/orders?dryRun=true&tag=a&tag=b', {
      token,
      headers: { 'idempotency-key': 'key-00000001', 'x-request-id': 'req-from-client' },
      body: { items: [{ bookId: id, quantity: 2 }] },
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-request-id')).toBe('req-from-client');
    const seen = sut.upstreams.orders.seen.at(-1)!;
    expect(seen).toMatchObject({ method: 'POST', url: '/api/orders?dryRun=true&tag=a&tag=b', body: { items: [{ bookId: id, quantity: 2 }] } });
    expect(seen.headers).toMatchObject({ authorization: `Bearer ${token}`, 'idempotency-key': 'key-00000001', 'x-request-id': 'req-from-client' });
  });

  it('gives a request without an id one, and passes it upstream so the logs line up', async () => {
    const response = await api.get('/api/books');
    const given = response.headers.get('x-request-id');
    expect(given).toMatch(/^[\w-]{36}$/);
    expect(sut.upstreams.catalog.seen.at(-1)!.headers['x-request-id']).toBe(given);
  });

  it('returns an upstream problem as it came: status, content type, code and extensions', async () => {
    const response = await api.post('/api/orders/conflict', { body: {} });
    expect(response.status).toBe(409);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body).toMatchObject({ code: 'OUT_OF_STOCK', lines: [] });
  });

  it('tells the upstream the client address and ignores one a client made up', async () => {
    await api.post('/api/auth/login', { body: {}, headers: { 'x-forwarded-for': '203.0.113.7' } });
    const seen = sut.upstreams.identity.seen.at(-1)!;
    expect(seen.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(seen.ip).toBe('127.0.0.1');
  });

  it('refuses a path that climbs out of its prefix', async () => {
    // Raw, since fetch would resolve the dots itself before sending.
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const { hostname, port } = new URL(sut.url);
      http
        .get({ hostname, port, path: '/api/books/../../metrics' }, (response) => {
          response.resume();
          resolve(response.statusCode);
        })
        .on('error', reject);
    });
    expect(status).toBe(400);
    expect(sut.upstreams.catalog.seen.some((seen) => seen.url.includes('metrics'))).toBe(false);
  });
});

describe('gateway behind a trusted proxy', () => {
  it('passes on the client address the proxy reported, which the upstream then sees as request.ip', async () => {
    const sut = await startGateway({ TRUST_PROXY: 'loopback' });
    try {
      await httpClient(sut.url).post('/api/auth/login', { body: {}, headers: { 'x-forwarded-for': '203.0.113.7' } });
      expect(sut.upstreams.identity.seen.at(-1)!.ip).toBe('203.0.113.7');
    } finally {
      await sut.close();
    }
  });
});

describe('gateway request log', () => {
  it('shows a path that is a credential (a calendar feed) without it, as the manifest declares', async () => {
    const lines: string[] = [];
    const logger = createLogger({ name: 'gateway-log', level: 'info', destination: { write: (line: string) => void lines.push(line) } });
    const sut = await startGateway({}, logger);
    try {
      const token = 'Zm9vYmFyYmF6cXV4LXNlY3JldC1mZWVkLXRva2Vu';
      const response = await httpClient(sut.url).get(`/api/calendar/${token}.ics`);
      expect(response.headers.get('x-upstream')).toBe('ticketing');
      expect(lines.some((line) => line.includes('"url":"/api/calendar/[redacted]"'))).toBe(true);
      expect(lines.filter((line) => line.includes(token))).toEqual([]);
    } finally {
      await sut.close();
    }
  });
});
