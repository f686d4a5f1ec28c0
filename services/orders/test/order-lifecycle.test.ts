import { expect, it } from 'vitest';
import { createTestTokens, describeService, eventually, httpClient, startTestPlatform } from '@pustaka/kit/testing';
import type { TestStorage } from '@pustaka/kit/testing';
import { ordersService } from '../src/orders.service-module.ts';
import { ordersSettings } from '../config.ts';
import { startShop } from './support.ts';

describeService('an order after it is placed', startShop, (shop) => {
  const stockOf = async (bookId: string) => (await shop.api.get(`/api/books/${bookId}`)).body.stock as number;
  const place = async (token: string, bookId: string, quantity = 1) => {
    const response = await shop.api.post('/api/orders', { token, body: { items: [{ bookId, quantity }] } });
    expect(response.status).toBe(201);
    return response.body.id as string;
  };

  it('is visible to its buyer and staff only; others get 404 and cannot cancel it', async () => {
    const bookId = await shop.book(5);
    const [buyer, stranger] = [await shop.member(), await shop.member()];
    const orderId = await place(buyer, bookId);
    expect((await shop.api.get(`/api/orders/${orderId}`, { token: buyer })).status).toBe(200);
    expect((await shop.api.get(`/api/orders/${orderId}`, { token: shop.staff })).status).toBe(200);
    const foreign = await shop.api.get(`/api/orders/${orderId}`, { token: stranger });
    const missing = await shop.api.get(`/api/orders/${crypto.randomUUID()}`, { token: stranger });
    // Someone else's order looks exactly like no order at all.
    expect([foreign.status, foreign.body.code, foreign.body.title]).toEqual([missing.status, missing.body.code, missing.body.title]);
    expect(foreign.status).toBe(404);
    expect((await shop.api.post(`/api/orders/${orderId}/cancel`, { token: stranger })).status).toBe(404);
    expect((await shop.api.get(`/api/orders/${orderId}`)).status).toBe(401);
    expect((await shop.api.get('/api/orders', { token: stranger })).body.total).toBe(0);
  });

  it('gives its stock back when cancelled, once, however often it is cancelled', async () => {
    const bookId = await shop.book(5);
    const buyer = await shop.member();
    const orderId = await place(buyer, bookId, 3);
    expect(await stockOf(bookId)).toBe(2);
    const cancels = await Promise.all(Array.from({ length: 5 }, () => shop.api.post(`/api/orders/${orderId}/cancel`, { token: buyer })));
    expect(cancels.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(cancels[0]!.body.status).toBe('cancelled');
    await eventually(async () => expect(await stockOf(bookId)).toBe(5));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await stockOf(bookId)).toBe(5);
  });

  it('is fulfilled by staff only, and cannot be cancelled afterwards', async () => {
    const bookId = await shop.book(5);
    const buyer = await shop.member();
    const orderId = await place(buyer, bookId);
    expect((await shop.api.post(`/api/orders/${orderId}/fulfil`, { token: buyer })).status).toBe(403);
    const fulfilled = await shop.api.post(`/api/orders/${orderId}/fulfil`, { token: shop.staff });
    expect(fulfilled.body.status).toBe('fulfilled');
    const cancel = await shop.api.post(`/api/orders/${orderId}/cancel`, { token: buyer });
    expect(cancel.status).toBe(409);
    expect(cancel.body.code).toBe('ORDER_FULFILLED');
    expect(await stockOf(bookId)).toBe(4);
  });

  it('lists the orders of a book to staff, fresh after every change', async () => {
    const bookId = await shop.book(10);
    const buyer = await shop.member();
    expect((await shop.api.get(`/api/books/${bookId}/orders`, { token: buyer })).status).toBe(403);
    expect((await shop.api.get(`/api/books/${bookId}/orders`, { token: shop.staff })).body.items).toEqual([]);
    const first = await place(buyer, bookId);
    const listed = await shop.api.get(`/api/books/${bookId}/orders`, { token: shop.staff });
    expect(listed.body.items.map((o: { id: string }) => o.id)).toEqual([first]);
    await shop.api.post(`/api/orders/${first}/cancel`, { token: buyer });
    const second = await place(buyer, bookId);
    const after = await shop.api.get(`/api/books/${bookId}/orders`, { token: shop.staff });
    expect(after.body.items.map((o: { id: string; status: string }) => [o.id, o.status])).toEqual([
      [second, 'placed'],
      [first, 'cancelled'],
    ]);
  });
});

/** Orders alone, its catalog an address where nothing answers. */
async function startOrdersWithoutCatalog(storage: TestStorage) {
  const tokens = await createTestTokens();
  const platform = await startTestPlatform(storage, [tokens.service, ordersService(ordersSettings({ CATALOG_DEADLINE_MS: 300 }))], {
    rpcUpstreams: { catalog: 'http://127.0.0.1:9' },
  });
  return { api: httpClient(platform.url), tokens, close: () => platform.close() };
}

describeService('orders when the catalog is unreachable', startOrdersWithoutCatalog, (sut) => {
  it('fails fast with 503 UPSTREAM_UNAVAILABLE and Retry-After, and keeps nothing', async () => {
    const member = await sut.tokens.issue({ role: 'member' });
    const started = Date.now();
    const response = await sut.api.post('/api/orders', { token: member, body: { items: [{ bookId: crypto.randomUUID(), quantity: 1 }] } });
    expect(response.status).toBe(503);
    expect(response.body.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(3000);
    expect((await sut.api.get('/api/orders', { token: member })).body.total).toBe(0);
  });
});
