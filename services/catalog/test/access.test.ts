import { beforeAll, expect, it } from 'vitest';
import { describeService } from '@pustaka/kit/testing';
import { createBook, createCategory, startCatalog } from './support.ts';
import { newBook, newCategory } from '../testing.ts';

type Write = { name: string; method: 'post' | 'patch' | 'delete'; path: () => Promise<string>; body?: () => unknown; ok: number };

describeService('who may change the catalog', startCatalog, (sut) => {
  let categoryId: string;

  beforeAll(async () => {
    categoryId = await createCategory(sut);
  });

  // Each call gets fresh targets, so one role's delete never leaves another role a 404.
  const writes: Write[] = [
    { name: 'create a category', method: 'post', path: async () => '/api/categories', body: () => newCategory(), ok: 201 },
    {
      name: 'change a category',
      method: 'patch',
      path: async () => `/api/categories/${await createCategory(sut)}`,
      body: () => ({ description: 'new' }),
      ok: 200,
    },
    { name: 'delete a category', method: 'delete', path: async () => `/api/categories/${await createCategory(sut)}`, ok: 204 },
    { name: 'add a book', method: 'post', path: async () => '/api/books', body: () => newBook(categoryId), ok: 201 },
    {
      name: 'change a book',
      method: 'patch',
      path: async () => `/api/books/${(await createBook(sut, categoryId)).id}`,
      body: () => ({ price: 1234 }),
      ok: 200,
    },
    { name: 'delete a book', method: 'delete', path: async () => `/api/books/${(await createBook(sut, categoryId)).id}`, ok: 204 },
    {
      name: 'change stock',
      method: 'post',
      path: async () => `/api/books/${(await createBook(sut, categoryId)).id}/stock`,
      body: () => ({ delta: 3 }),
      ok: 200,
    },
  ];

  async function attempt(write: Write, token: string | undefined) {
    const path = await write.path();
    return sut.api[write.method](path, { token, ...(write.body ? { body: write.body() } : {}) });
  }

  it.each(writes.map((write) => [write.name, write] as const))('refuses an anonymous caller who tries to %s with 401', async (_name, write) => {
    const response = await attempt(write, undefined);
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('AUTH_REQUIRED');
  });

  it.each(writes.map((write) => [write.name, write] as const))('refuses a member who tries to %s with 403', async (_name, write) => {
    const response = await attempt(write, sut.tokens.member);
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('FORBIDDEN');
  });

  it.each(writes.map((write) => [write.name, write] as const))('lets staff and admins %s', async (_name, write) => {
    expect((await attempt(write, sut.tokens.staff)).status).toBe(write.ok);
    expect((await attempt(write, sut.tokens.admin)).status).toBe(write.ok);
  });

  it('rejects a forged token even on a public read', async () => {
    const forged = `${sut.tokens.staff.slice(0, -4)}AAAA`;
    expect((await sut.api.get('/api/books', { token: forged })).status).toBe(401);
  });

  it('serves every read to anonymous callers and members', async () => {
    const book = await createBook(sut, categoryId);
    for (const token of [undefined, sut.tokens.member]) {
      expect((await sut.api.get('/api/books', { token })).status).toBe(200);
      expect((await sut.api.get(`/api/books/${book.id}`, { token })).status).toBe(200);
      expect((await sut.api.get('/api/categories', { token })).status).toBe(200);
      expect((await sut.api.get(`/api/categories/${categoryId}`, { token })).status).toBe(200);
    }
  });
});
