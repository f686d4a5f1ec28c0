import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLogger } from '@pustaka/kit/log';
import { describeEachBackend, httpClient } from '@pustaka/kit/testing';
import type { HttpClient, TestStorage } from '@pustaka/kit/testing';
import type { Platform } from '@pustaka/kit/platform';
import { loadEmbeddedConfig } from '../config.ts';
import { buildEmbedded } from '../src/build-embedded.ts';

const ADMIN = { email: 'owner@shop.test', password: 'correct horse battery' };

/** The embedded platform as `npm start` builds it, over a test backend, with a known admin. */
async function startEmbedded(storage: TestStorage): Promise<{ platform: Platform; api: HttpClient }> {
  const config = loadEmbeddedConfig({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, LOG_LEVEL: 'silent' });
  const platform = await buildEmbedded(config, createLogger({ name: 'test', level: 'silent' }), storage.database, storage.cache);
  return { platform, api: httpClient(await platform.app.listen({ port: 0, host: '127.0.0.1' })) };
}

describeEachBackend('the embedded platform', (backend) => {
  let storage: TestStorage;
  let platform: Platform;
  let api: HttpClient;
  const tokens: Record<'anonymous' | 'member' | 'staff' | 'admin', string | undefined> = {
    anonymous: undefined,
    member: undefined,
    staff: undefined,
    admin: undefined,
  };

  beforeAll(async () => {
    storage = await backend.open();
    ({ platform, api } = await startEmbedded(storage));
    tokens.admin = (await api.post('/api/auth/login', { body: ADMIN })).body.accessToken;
    const member = await api.post('/api/auth/register', { body: { email: 'reader@shop.test', password: 'a long enough secret', name: 'Reader' } });
    tokens.member = member.body.accessToken;
    const clerk = await api.post('/api/auth/register', { body: { email: 'clerk@shop.test', password: 'a long enough secret', name: 'Clerk' } });
    await api.patch(`/api/users/${clerk.body.user.id}`, { token: tokens.admin, body: { role: 'staff' } });
    tokens.staff = (await api.post('/api/auth/login', { body: { email: 'clerk@shop.test', password: 'a long enough secret' } })).body.accessToken;
  });
  afterAll(async () => {
    await platform?.close();
    await storage?.dispose();
  });

  it('seeds a demo shop of about 200 books in about 10 categories on first start', async () => {
    const books = await api.get('/api/books?pageSize=1');
    expect(books.body.total).toBeGreaterThanOrEqual(150);
    const categories = await api.get('/api/categories');
    expect(categories.body.items.length).toBeGreaterThanOrEqual(8);
  });

  it('documents every route of every service in one OpenAPI document', async () => {
    const doc = await api.get('/openapi.json');
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
    expect((await api.get('/docs')).status).toBe(200);
    const listParameters = doc.body.paths['/api/books'].get.parameters as { name: string; required?: boolean }[];
    expect(listParameters.filter((p) => p.required).map((p) => p.name)).toEqual([]);
  });

  it('lets each role do exactly what it may, across services', async () => {
    const categoryId = (await api.get('/api/categories')).body.items[0].id;
    const bookId = (await api.get('/api/books?pageSize=1')).body.items[0].id;
    const someone = (await api.get('/api/users?pageSize=1', { token: tokens.admin })).body.items[0].id;
    const isbn = () => {
      const d = `979${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`;
      const s = [...d].reduce((a, c, i) => a + Number(c) * (i % 2 ? 3 : 1), 0);
      return d + ((10 - (s % 10)) % 10);
    };
    const newBook = () => ({
      title: 'Matrix',
      authors: ['A. Author'],
      isbn: isbn(),
      synopsis: 's',
      publicationYear: 2020,
      price: 100,
      currency: 'USD',
      stock: 5,
      location: 'A1-1',
      categoryId,
    });

    // [request, expected status for anonymous, member, staff, admin]
    const matrix: [string, string, () => unknown, number[]][] = [
      ['GET', '/api/books', () => undefined, [200, 200, 200, 200]],
      ['GET', `/api/books/${bookId}`, () => undefined, [200, 200, 200, 200]],
      ['GET', '/api/categories', () => undefined, [200, 200, 200, 200]],
      ['POST', '/api/books', newBook, [401, 403, 201, 201]],
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
        const response = await api.request(method, path, { token: tokens[role], body: body() });
        seen[key].push(response.status);
      }
    }
    expect(seen).toEqual(expected);
  });

  it('rejects an anonymous write before reading its body', async () => {
    const response = await api.post('/api/books', { body: { nonsense: true } });
    expect(response.status).toBe(401);
  });

  it('stops a logged-out access token at once, in every service', async () => {
    const login = await api.post('/api/auth/login', { body: ADMIN });
    const { accessToken, refreshToken } = login.body;
    expect((await api.get('/api/users', { token: accessToken })).status).toBe(200);
    expect((await api.post('/api/auth/logout', { token: accessToken, body: { refreshToken } })).status).toBe(204);
    const after = await api.post('/api/categories', { token: accessToken, body: { name: 'After logout' } });
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('TOKEN_REVOKED');
  });
});
