import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { Orders } from '@pustaka/contracts/orders/v1';
import { sql } from '@pustaka/kit/db';
import { createInMemoryTransport, createRpcClient } from '@pustaka/kit/rpc';
import { describeService } from '@pustaka/kit/testing';
import type { Inventory, OrdersContext } from '../src/orders-context.ts';
import { placeOrderWithId } from '../src/orders/place-order.service.ts';
import { registerOrdersRpc } from '../src/orders/orders.rpc.ts';
import { ordersContextOver, startShop } from './support.ts';

describeService('orders and the lifetime of their reservations', startShop, (shop, { storage }) => {
  let ctx: OrdersContext;
  const released: string[] = [];
  let reservationExpiresAt = '';
  // The catalog as orders sees it: a reservation that expires when the test says.
  const inventory: Inventory = {
    reserve: async ({ items }) => ({
      lines: items.map((item) => ({ ...item, title: 'A Book', unitPrice: 1000, currency: 'USD' })),
      expiresAt: reservationExpiresAt,
    }),
    release: async (orderId) => {
      released.push(orderId);
    },
  };

  // startShop has brought the orders schema up to date.
  beforeAll(async () => {
    ctx = ordersContextOver(storage, inventory);
  });

  const buyer = () => ({ id: randomUUID(), role: 'member' as const, tokenId: randomUUID(), expiresAt: 0 });
  const items = [{ bookId: randomUUID(), quantity: 1 }];

  it('never writes an order whose reservation expired before it could commit, and gives the stock back', async () => {
    reservationExpiresAt = new Date(Date.now() - 1).toISOString();
    const orderId = randomUUID();
    await expect(placeOrderWithId(ctx, buyer(), items, orderId)).rejects.toMatchObject({ code: 'RESERVATION_EXPIRED', status: 503 });
    expect(await ctx.db.selectFrom('orders').select('id').where('id', '=', orderId).execute()).toEqual([]);
    const events = await sql<{ count: number }>`select count(*)::int as count from orders.outbox where envelope->'payload'->>'orderId' = ${orderId}`.execute(
      ctx.db,
    );
    expect(events.rows[0]!.count).toBe(0);
    expect(released).toContain(orderId);
  });

  it('tells the catalog over gRPC which orders were written, and their status', async () => {
    reservationExpiresAt = new Date(Date.now() + 60_000).toISOString();
    const [placed, cancelled, neverWritten] = [randomUUID(), randomUUID(), randomUUID()];
    await placeOrderWithId(ctx, buyer(), items, placed);
    await placeOrderWithId(ctx, buyer(), items, cancelled);
    await ctx.db.updateTable('orders').set({ status: 'cancelled' }).where('id', '=', cancelled).execute();
    const orders = createRpcClient(
      Orders,
      createInMemoryTransport((router) => registerOrdersRpc(router, ctx), { logger: ctx.logger }),
      { name: 'orders-under-test' },
    );
    const answer = await orders.findOrders({ orderIds: [placed, cancelled, neverWritten] });
    expect(new Map(answer.orders.map((order) => [order.orderId, order.status]))).toEqual(
      new Map([
        [placed, 'placed'],
        [cancelled, 'cancelled'],
      ]),
    );
    await expect(orders.findOrders({ orderIds: ['not-a-uuid'] })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
