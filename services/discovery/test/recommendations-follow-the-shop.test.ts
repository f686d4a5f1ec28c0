import { beforeAll, expect, it } from 'vitest';
import { catalogService } from '@pustaka/catalog';
import { catalogSettings } from '@pustaka/catalog/config';
import { newBook, newCategory } from '@pustaka/catalog/testing';
import { ordersService } from '@pustaka/orders';
import { ordersSettings } from '@pustaka/orders/config';
import { createTestTokens, describeService, eventually, httpClient, startTestPlatform } from '@pustaka/kit/testing';
import type { TestStorage } from '@pustaka/kit/testing';
import { discoverySettings } from '../config.ts';
import { discoveryService } from '../src/discovery.service-module.ts';

/** The catalog, orders and discovery in one process, as the embedded app runs them (no demo shop). */
async function startShop(storage: TestStorage) {
  const tokens = await createTestTokens();
  const platform = await startTestPlatform(storage, [
    tokens.service,
    catalogService(catalogSettings({ SEED_DEMO: false })),
    ordersService(ordersSettings()),
    discoveryService(discoverySettings()),
  ]);
  const staff = await tokens.issue({ role: 'staff' });
  return { api: httpClient(platform.url), staff, member: () => tokens.issue({ role: 'member' }), close: () => platform.close() };
}

describeService('recommendations follow the orders placed and cancelled in the shop', startShop, (sut) => {
  const ids: string[] = [];

  beforeAll(async () => {
    const category = await sut.api.post('/api/categories', { token: sut.staff, body: newCategory() });
    for (let n = 0; n < 8; n++) {
      const book = await sut.api.post('/api/books', { token: sut.staff, body: newBook(category.body.id, { stock: 20 }) });
      expect(book.status).toBe(201);
      ids.push(book.body.id);
    }
  });

  async function order(token: string, books: string[]) {
    const placed = await sut.api.post('/api/orders', { token, body: { items: books.map((bookId) => ({ bookId, quantity: 1 })) } });
    expect(placed.status).toBe(201);
    return placed.body.id as string;
  }

  it('pairs the books of an order, and unpairs them when the order is cancelled', async () => {
    const [ana, budi] = [await sut.member(), await sut.member()];
    await order(ana, [ids[0]!, ids[1]!]);
    const cancelled = await order(budi, [ids[0]!, ids[2]!]);
    const boughtWith = async (bookId: string) =>
      (await sut.api.get(`/api/books/${bookId}/recommendations`)).body.items
        .filter((item: { reason: string }) => item.reason === 'bought-together')
        .map((item: { id: string }) => item.id);
    await eventually(async () => expect(await boughtWith(ids[0]!)).toEqual(expect.arrayContaining([ids[1], ids[2]])));

    expect((await sut.api.post(`/api/orders/${cancelled}/cancel`, { token: budi })).status).toBe(200);
    await eventually(async () => expect(await boughtWith(ids[0]!)).toEqual([ids[1]]));
    const forAna = (await sut.api.get('/api/recommendations/for-me', { token: ana })).body.books.map((item: { id: string }) => item.id);
    expect(forAna).not.toContain(ids[0]);
    expect(forAna).not.toContain(ids[1]);
    const popular = (await sut.api.get('/api/recommendations/popular')).body.items.map((item: { id: string; unitsSold: number }) => [item.id, item.unitsSold]);
    expect(popular).toEqual(
      expect.arrayContaining([
        [ids[0], 1],
        [ids[1], 1],
      ]),
    );
    expect(popular.map(([id]: [string]) => id)).not.toContain(ids[2]);
  });
});
