import { beforeAll, expect, it } from 'vitest';
import type { Client } from '@connectrpc/connect';
import { Orders } from '@pustaka/contracts/orders/v1';
import { createInMemoryTransport, createRpcClient, keysetPages } from '@pustaka/kit/rpc';
import { describeService } from '@pustaka/kit/testing';
import type { Inventory } from '../src/orders-context.ts';
import { registerOrdersRpc } from '../src/orders/orders.rpc.ts';
import { ordersContextOver, startShop } from './support.ts';

describeService('the orders listed to other services (Orders.ListOrders)', startShop, (shop, { storage, backend }) => {
  let orders: Client<typeof Orders>;
  const placed: Record<'placed' | 'cancelled' | 'fulfilled', string[]> = { placed: [], cancelled: [], fulfilled: [] };

  beforeAll(async () => {
    // Listing reads orders' own tables: the catalog is never asked.
    const inventory: Inventory = {
      reserve: async () => {
        throw new Error('listing orders reserves nothing');
      },
      release: async () => {
        throw new Error('listing orders releases nothing');
      },
    };
    const ctx = ordersContextOver(storage, inventory);
    orders = createRpcClient(
      Orders,
      createInMemoryTransport((router) => registerOrdersRpc(router, ctx), { logger: ctx.logger }),
      {
        name: `orders-listing-${backend.name}`,
      },
    );
    const [first, second] = [await shop.book(20, 1500), await shop.book(20, 2750)];
    for (const status of ['placed', 'cancelled', 'fulfilled', 'placed', 'placed'] as const) {
      const buyer = await shop.member();
      const response = await shop.api.post('/api/orders', {
        token: buyer,
        body: {
          items: [
            { bookId: first, quantity: 2 },
            { bookId: second, quantity: 1 },
          ],
        },
      });
      expect(response.status).toBe(201);
      if (status === 'cancelled') expect((await shop.api.post(`/api/orders/${response.body.id}/cancel`, { token: buyer })).status).toBe(200);
      if (status === 'fulfilled') expect((await shop.api.post(`/api/orders/${response.body.id}/fulfil`, { token: shop.staff })).status).toBe(200);
      placed[status].push(response.body.id);
    }
  });

  const listAll = async (request: { pageSize?: number; statuses?: string[] }) => {
    const pages = [];
    for await (const page of keysetPages(async (afterId) => {
      const { orders: listed, nextAfterId } = await orders.listOrders({ ...request, afterId });
      return { items: listed, nextAfterId };
    })) {
      pages.push(page);
    }
    return pages;
  };

  it('lists every order once, in id order, page after page, with its items, total and status as the API shows them', async () => {
    const pages = await listAll({ pageSize: 2 });
    const ids = Object.values(placed).flat().sort();
    expect(pages.map((page) => page.map((order) => order.orderId))).toEqual([ids.slice(0, 2), ids.slice(2, 4), ids.slice(4)]);
    for (const order of pages.flat()) {
      const shown = (await shop.api.get(`/api/orders/${order.orderId}`, { token: shop.staff })).body;
      expect(order).toMatchObject({
        userId: shown.userId,
        status: shown.status,
        placedAt: shown.createdAt,
        total: shown.total,
        currency: shown.currency,
        items: shown.items,
      });
      expect(order.items).toHaveLength(2);
      expect(order.total).toBe(2 * 1500 + 2750);
    }
  });

  it('says when a cancelled order was cancelled and a fulfilled one fulfilled: the moment it left placed', async () => {
    const listed = new Map((await listAll({ pageSize: 1000 })).flat().map((order) => [order.orderId, order]));
    for (const id of Object.values(placed).flat()) {
      const shown = (await shop.api.get(`/api/orders/${id}`, { token: shop.staff })).body;
      const order = listed.get(id)!;
      expect({ cancelledAt: order.cancelledAt, fulfilledAt: order.fulfilledAt }).toEqual({
        cancelledAt: shown.status === 'cancelled' ? shown.updatedAt : undefined,
        fulfilledAt: shown.status === 'fulfilled' ? shown.updatedAt : undefined,
      });
    }
    expect(listed.get(placed.cancelled[0]!)!.cancelledAt).toEqual(expect.any(String));
    expect(listed.get(placed.fulfilled[0]!)!.fulfilledAt).toEqual(expect.any(String));
  });

  it('lists only the orders in the statuses asked for', async () => {
    const wanted = [...placed.placed, ...placed.fulfilled].sort();
    expect((await listAll({ pageSize: 1000, statuses: ['placed', 'fulfilled'] })).flat().map((order) => order.orderId)).toEqual(wanted);
    expect((await listAll({ statuses: ['cancelled'] })).flat().map((order) => [order.orderId, order.status])).toEqual([[placed.cancelled[0], 'cancelled']]);
  });

  it('says a page is the last one when it is', async () => {
    expect((await orders.listOrders({ pageSize: 5 })).nextAfterId).toBe('');
    const { orders: four, nextAfterId } = await orders.listOrders({ pageSize: 4 });
    expect(nextAfterId).toBe(four.at(-1)!.orderId);
    expect(await orders.listOrders({ afterId: nextAfterId, pageSize: 4 })).toMatchObject({ nextAfterId: '' });
  });

  it('refuses a page size above 1000 or below 0, an after_id that is not an id, and an unknown status', async () => {
    for (const request of [{ pageSize: 1001 }, { pageSize: -1 }, { afterId: 'order-1' }, { statuses: ['shipped'] }]) {
      await expect(orders.listOrders(request), JSON.stringify(request)).rejects.toMatchObject({ kind: 'invalid', code: 'VALIDATION_FAILED', status: 400 });
    }
  });
});
