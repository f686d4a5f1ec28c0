import { beforeAll, expect, it } from 'vitest';
import { sql } from '@pustaka/kit/db';
import { describeService } from '@pustaka/kit/testing';
import { bookCacheKey } from '../src/books/book-cache.ts';
import { createBook, createCategory, startCatalog } from './support.ts';

describeService('the book cache', startCatalog, (sut, { storage, backend }) => {
  let categoryId: string;

  beforeAll(async () => {
    categoryId = await createCategory(sut);
  });

  const cached = (id: string) => storage.cache.scope('catalog').get<{ title: string; stock: number }>(bookCacheKey(id));
  /** Changes the row behind the service's back, to tell a cached answer from a fresh one. */
  const retitleInDatabase = (id: string, title: string) => sql`update catalog.books set title = ${title} where id = ${id}`.execute(storage.database.root);

  it('keeps a read book in the shared cache (Redis when configured)', async () => {
    expect(storage.cache.kind).toBe(backend.name.includes('redis') ? 'redis' : 'memory');
    const book = await createBook(sut, categoryId);
    expect(await cached(book.id)).toBeUndefined();
    await sut.api.get(`/api/books/${book.id}`);
    expect(await cached(book.id)).toEqual(book);
  });

  it('serves the cached copy, then the change right after a PATCH', async () => {
    const book = await createBook(sut, categoryId);
    await sut.api.get(`/api/books/${book.id}`);
    await retitleInDatabase(book.id, 'Written behind the cache');
    expect((await sut.api.get(`/api/books/${book.id}`)).body.title).toBe(book.title);

    await sut.api.patch(`/api/books/${book.id}`, { token: sut.tokens.staff, body: { price: 4321 } });
    const after = await sut.api.get(`/api/books/${book.id}`);
    expect(after.body).toMatchObject({ price: 4321, title: 'Written behind the cache' });
  });

  it('shows the new stock right after a stock change', async () => {
    const book = await createBook(sut, categoryId, { stock: 4 });
    expect((await sut.api.get(`/api/books/${book.id}`)).body.stock).toBe(4);
    await sut.api.post(`/api/books/${book.id}/stock`, { token: sut.tokens.staff, body: { delta: 6 } });
    expect((await sut.api.get(`/api/books/${book.id}`)).body.stock).toBe(10);
    await sut.api.post(`/api/books/${book.id}/stock`, { token: sut.tokens.staff, body: { set: 2 } });
    expect((await sut.api.get(`/api/books/${book.id}`)).body.stock).toBe(2);
  });

  it('answers 404 right after a DELETE and keeps nothing cached', async () => {
    const book = await createBook(sut, categoryId);
    await sut.api.get(`/api/books/${book.id}`);
    await sut.api.delete(`/api/books/${book.id}`, { token: sut.tokens.staff });
    expect((await sut.api.get(`/api/books/${book.id}`)).status).toBe(404);
    expect(await cached(book.id)).toBeUndefined();
  });

  it('never serves a stale copy to a reader racing a writer, once the write is acknowledged', async () => {
    const book = await createBook(sut, categoryId);
    for (let round = 1; round <= 20; round++) {
      const reads = Array.from({ length: 10 }, () => sut.api.get(`/api/books/${book.id}`));
      await sut.api.patch(`/api/books/${book.id}`, { token: sut.tokens.staff, body: { price: round } });
      await Promise.all(reads);
      expect((await sut.api.get(`/api/books/${book.id}`)).body.price).toBe(round);
    }
  });
});
