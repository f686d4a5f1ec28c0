import { beforeAll, expect, it } from 'vitest';
import { createLogger } from '@pustaka/kit/log';
import { describeService, httpClient } from '@pustaka/kit/testing';
import type { HttpClient, TestStorage } from '@pustaka/kit/testing';
import type { Platform } from '@pustaka/kit/platform';
import { newBook } from '@pustaka/catalog/testing';
import { signInEachRole } from '@pustaka/identity/testing';
import { listenForMetrics } from '@pustaka/kit/metrics';
import { services } from '@pustaka/services';
import { loadEmbeddedConfig } from '../config.ts';
import { buildEmbedded } from '../src/build-embedded.ts';

const ADMIN = { email: 'owner@shop.test', password: 'correct horse battery' };

/** The embedded platform as `npm start` builds it, over a test backend, with a known admin. */
async function startEmbedded(storage: TestStorage): Promise<{ platform: Platform; api: HttpClient; close(): Promise<void> }> {
  const config = loadEmbeddedConfig({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, LOG_LEVEL: 'silent' });
  const platform = await buildEmbedded(config, createLogger({ name: 'test', level: 'silent' }), storage.database, storage.cache);
  return { platform, api: httpClient(await platform.app.listen({ port: 0, host: '127.0.0.1' })), close: () => platform.close() };
}

describeService('the embedded platform', startEmbedded, (sut) => {
  const tokens: Record<'anonymous' | 'member' | 'staff' | 'admin', string | undefined> = {
    anonymous: undefined,
    member: undefined,
    staff: undefined,
    admin: undefined,
  };

  beforeAll(async () => {
    const signedIn = await signInEachRole(sut.api, ADMIN);
    tokens.member = signedIn.member.accessToken;
    tokens.staff = signedIn.staff.accessToken;
    tokens.admin = signedIn.admin.accessToken;
  });

  it('seeds a demo shop of about 200 books in about 10 categories on first start', async () => {
    const books = await sut.api.get('/api/books?pageSize=1');
    expect(books.body.total).toBeGreaterThanOrEqual(150);
    const categories = await sut.api.get('/api/categories');
    expect(categories.body.items.length).toBeGreaterThanOrEqual(8);
  });

  it('documents every route of every service in one OpenAPI document', async () => {
    const doc = await sut.api.get('/openapi.json');
    const paths = Object.keys(doc.body.paths);
    for (const path of [
      '/api/auth/register',
      '/api/auth/login',
      '/api/auth/refresh',
      '/api/auth/logout',
      '/api/users/me',
      '/api/users',
      '/api/users/{id}',
      '/.well-known/jwks.json',
      '/api/categories',
      '/api/categories/{id}',
      '/api/books',
      '/api/books/{id}',
      '/api/books/{id}/stock',
      '/api/orders',
      '/api/orders/{id}',
      '/api/orders/{id}/cancel',
      '/api/orders/{id}/fulfil',
      '/api/books/{id}/orders',
    ]) {
      expect(paths).toContain(path);
    }
    expect((await sut.api.get('/docs')).status).toBe(200);
    const listParameters = doc.body.paths['/api/books'].get.parameters as { name: string; required?: boolean }[];
    expect(listParameters.filter((p) => p.required).map((p) => p.name)).toEqual([]);
  });

  it('lets each role do exactly what it may, across services', async () => {
    const categoryId = (await sut.api.get('/api/categories')).body.items[0].id;
    const bookId = (await sut.api.get('/api/books?pageSize=1')).body.items[0].id;
    const someone = (await sut.api.get('/api/users?pageSize=1', { token: tokens.admin })).body.items[0].id;
    const aBook = () => newBook(categoryId, { title: 'Matrix', price: 100, stock: 5 });

    // [request, expected status for anonymous, member, staff, admin]
    const matrix: [string, string, () => unknown, number[]][] = [
      ['GET', '/api/books', () => undefined, [200, 200, 200, 200]],
      ['GET', `/api/books/${bookId}`, () => undefined, [200, 200, 200, 200]],
      ['GET', '/api/categories', () => undefined, [200, 200, 200, 200]],
      ['POST', '/api/books', aBook, [401, 403, 201, 201]],
      ['PATCH', `/api/books/${bookId}`, () => ({ synopsis: 'Updated.' }), [401, 403, 200, 200]],
      ['POST', `/api/books/${bookId}/stock`, () => ({ delta: 1 }), [401, 403, 200, 200]],
      ['POST', '/api/categories', () => ({ name: `Cat ${Math.random()}` }), [401, 403, 201, 201]],
      ['GET', '/api/users/me', () => undefined, [401, 200, 200, 200]],
      ['POST', '/api/orders', () => ({ items: [{ bookId, quantity: 1 }] }), [401, 201, 201, 201]],
      ['GET', '/api/orders', () => undefined, [401, 200, 200, 200]],
      ['GET', `/api/books/${bookId}/orders`, () => undefined, [401, 403, 200, 200]],
      ['GET', '/api/users', () => undefined, [401, 403, 403, 200]],
      ['PATCH', `/api/users/${someone}`, () => ({ disabled: false }), [401, 403, 403, 200]],
    ];
    const roles = ['anonymous', 'member', 'staff', 'admin'] as const;
    const seen: Record<string, number[]> = {};
    const expected: Record<string, number[]> = {};
    for (const [method, path, body, statuses] of matrix) {
      const key = `${method} ${path}`;
      expected[key] = statuses;
      seen[key] = [];
      for (const role of roles) {
        const response = await sut.api.request(method, path, { token: tokens[role], body: body() });
        seen[key].push(response.status);
      }
    }
    expect(seen).toEqual(expected);
  });

  it('rejects an anonymous write before reading its body', async () => {
    const response = await sut.api.post('/api/books', { body: { nonsense: true } });
    expect(response.status).toBe(401);
  });

  it('stops a logged-out access token at once, in every service', async () => {
    const login = await sut.api.post('/api/auth/login', { body: ADMIN });
    const { accessToken, refreshToken } = login.body;
    expect((await sut.api.get('/api/users', { token: accessToken })).status).toBe(200);
    expect((await sut.api.post('/api/auth/logout', { token: accessToken, body: { refreshToken } })).status).toBe(204);
    const after = await sut.api.post('/api/categories', { token: accessToken, body: { name: 'After logout' } });
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('TOKEN_REVOKED');
  });

  it("serves every service's metrics on the one /metrics of the process: requests, each outbox and consumer, the shop's counters, live sockets", async () => {
    expect((await sut.api.post('/api/orders', { token: tokens.member, body: { items: [] } })).status).toBe(400);
    // The same listener `npm start` opens (runServer), on a free port.
    const metrics = await listenForMetrics({ host: '127.0.0.1', port: 0 });
    try {
      const text = await (await fetch(metrics.url)).text();
      for (const service of services) {
        expect(text).toContain(`pustaka_outbox_oldest_pending_age_seconds{schema="${service.schema}"}`);
        if (service.consumes?.length) expect(text).toMatch(new RegExp(`pustaka_bus_consumer_queue_messages\\{consumer="${service.name}\\.`));
      }
      expect(text).toContain('pustaka_http_request_duration_seconds_count{method="POST",route="/api/orders",status="400"}');
      expect(text).toMatch(/^pustaka_orders_placed_total \d+/m);
      expect(text).toContain('pustaka_ticketing_seat_conflicts_total{code="SEAT_TAKEN"}');
      expect(text).toContain('pustaka_notify_live_connections{state="sockets"}');
      expect(text).toContain('pustaka_cache_lookups_total{scope="catalog",outcome="hit"}');
    } finally {
      await metrics.close();
    }
  });
});
