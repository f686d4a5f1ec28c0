import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { sql } from '@pustaka/kit/db';
import { describeService } from '@pustaka/kit/testing';
import type { Inventory, OrderLineRequest, OrdersContext } from '../src/orders-context.ts';
import { claimKey } from '../src/idempotency/idempotency.repository.ts';
import { placeOrderWithId } from '../src/orders/place-order.service.ts';
import type { Order } from '../src/orders/order.ts';
import { ordersContextOver, startShop } from './support.ts';

describeService('orders written together (group commit)', startShop, (shop, { storage }) => {
  let ctx: OrdersContext;
  const expiredReservations = new Set<string>();
  const released: string[] = [];
  // The catalog as orders sees it: every reservation granted (lines in book id order, as the catalog
  // gives them), expired for the orders the test names.
  const inventory: Inventory = {
    reserve: async ({ orderId, items }) => ({
      lines: items.map((item) => ({ ...item, title: 'A Book', unitPrice: 1000, currency: 'USD' })).sort((x, y) => (x.bookId < y.bookId ? -1 : 1)),
      expiresAt: new Date(Date.now() + (expiredReservations.has(orderId) ? -1 : 60_000)).toISOString(),
    }),
    release: async (orderId) => {
      released.push(orderId);
    },
  };

  beforeAll(async () => {
    ctx = ordersContextOver(storage, inventory);
  });

  const buyer = () => ({ id: randomUUID(), role: 'member' as const, tokenId: randomUUID(), expiresAt: 0 });
  const newOrderIds = (count: number): string[] => Array.from({ length: count }, () => randomUUID());
  const twoBooks = (): OrderLineRequest[] => [
    { bookId: randomUUID(), quantity: 1 },
    { bookId: randomUUID(), quantity: 2 },
  ];
  const writtenLines = async (orderIds: string[]) => {
    const { rows } = await sql<{ id: string; lines: number }>`
      select o.id, count(i.book_id)::int as lines from orders.orders o left join orders.order_items i on i.order_id = o.id
      where o.id in (${sql.join(orderIds)}) group by o.id`.execute(storage.database.root);
    return new Map(rows.map((row) => [row.id, row.lines]));
  };
  const placedEvents = async (orderIds: string[]) => {
    const { rows } = await sql<{ payload: { orderId: string } }>`
      select envelope->'payload' as payload from orders.outbox
      where type = 'order.placed' and envelope->'payload'->>'orderId' in (${sql.join(orderIds)})`.execute(storage.database.root);
    return rows.map((row) => row.payload);
  };
  // The order each buyer got is the one stored, and the one its order.placed announced.
  const expectAnsweredAsWritten = async (orders: Order[]) => {
    const stored = await Promise.all(orders.map((order) => shop.api.get(`/api/orders/${order.id}`, { token: shop.staff })));
    expect(stored.map((response) => response.body)).toEqual(orders);
    const payloads = await placedEvents(orders.map((order) => order.id));
    expect(payloads).toHaveLength(orders.length);
    const events = new Map(payloads.map((payload) => [payload.orderId, payload]));
    for (const order of orders) {
      expect(events.get(order.id)).toEqual({
        orderId: order.id,
        userId: order.userId,
        items: order.items,
        total: order.total,
        currency: order.currency,
        placedAt: order.createdAt,
      });
    }
  };
  // Rows written by one transaction share its id as their xmin.
  const transactionsThatWrote = async (orderIds: string[]) => {
    const { rows } = await sql<{ transactions: number }>`
      select count(distinct xmin::text)::int as transactions from orders.orders where id in (${sql.join(orderIds)})`.execute(storage.database.root);
    return rows[0]!.transactions;
  };

  it('writes 200 concurrent orders over several books once each, with their items and one order.placed, each answered as written', async () => {
    const [a, b, c, d] = [await shop.book(1000, 1000), await shop.book(1000, 250), await shop.book(1000, 799), await shop.book(1000, 1500)];
    const shapes = [
      [{ bookId: a, quantity: 1 }],
      [
        { bookId: a, quantity: 2 },
        { bookId: b, quantity: 1 },
      ],
      [
        { bookId: c, quantity: 1 },
        { bookId: d, quantity: 3 },
        { bookId: b, quantity: 1 },
      ],
      [{ bookId: d, quantity: 1 }],
    ];
    const members = await Promise.all(Array.from({ length: 10 }, () => shop.member()));
    const requests = Array.from({ length: 200 }, (_, i) => ({ token: members[i % members.length]!, items: shapes[i % shapes.length]! }));
    const responses = await Promise.all(requests.map(({ token, items }) => shop.api.post('/api/orders', { token, body: { items } })));

    expect(responses.map((response) => response.status)).toEqual(Array(200).fill(201));
    const orders = responses.map((response) => response.body as Order);
    const orderIds = orders.map((order) => order.id);
    expect(new Set(orderIds).size).toBe(200);
    expect(await writtenLines(orderIds)).toEqual(new Map(orderIds.map((id, i) => [id, requests[i]!.items.length])));
    await expectAnsweredAsWritten(orders);
    for (const [bookId, sold] of [
      [a, 150],
      [b, 100],
      [c, 50],
      [d, 200],
    ] as const) {
      expect((await shop.api.get(`/api/books/${bookId}`)).body.stock).toBe(1000 - sold);
    }
    // PGlite runs each write to its commit without yielding to the requests arriving meanwhile, so
    // through HTTP only PostgreSQL, where a write waits on the server, has orders to group; the
    // next test shows the grouping on both backends.
    if (storage.database.kind === 'postgres') expect(await transactionsThatWrote(orderIds)).toBeLessThan(200);
  });

  it('writes orders placed at the same moment in fewer transactions than orders, each answered as written', async () => {
    const books = Array.from({ length: 4 }, () => randomUUID());
    const orderIds = newOrderIds(50);
    const orders = await Promise.all(
      orderIds.map((id, i) =>
        placeOrderWithId(
          ctx,
          buyer(),
          [
            { bookId: books[i % 4]!, quantity: 1 },
            { bookId: books[(i + 1) % 4]!, quantity: 2 },
          ],
          id,
        ),
      ),
    );

    expect(orders.map((order) => order.id)).toEqual(orderIds);
    expect(await writtenLines(orderIds)).toEqual(new Map(orderIds.map((id) => [id, 2])));
    await expectAnsweredAsWritten(orders);
    expect(await transactionsThatWrote(orderIds)).toBeLessThan(orderIds.length);
  });

  it('completes the idempotency keys of orders written together in the transaction that writes them', async () => {
    const keys = newOrderIds(20).map((id) => ({ id, caller: buyer(), key: `together-${id}` }));
    for (const { id, caller, key } of keys) {
      await claimKey(ctx.db, { user_id: caller.id, key, request_hash: 'h', order_id: id, status_code: null, response: null, created_at: new Date() });
    }
    const orders = await Promise.all(keys.map(({ id, caller, key }) => placeOrderWithId(ctx, caller, twoBooks(), id, { userId: caller.id, key })));

    const orderIds = keys.map(({ id }) => id);
    const { rows } = await sql<{ order_id: string; status_code: number; response: Order; with_its_order: boolean }>`
      select k.order_id, k.status_code, k.response, k.xmin::text = o.xmin::text as with_its_order
      from orders.idempotency_keys k join orders.orders o on o.id = k.order_id
      where k.order_id in (${sql.join(orderIds)})`.execute(storage.database.root);
    expect(new Map(rows.map((row) => [row.order_id, row.response]))).toEqual(new Map(orders.map((order) => [order.id, order])));
    expect(rows.map((row) => [row.status_code, row.with_its_order])).toEqual(Array(20).fill([201, true]));
    expect(await transactionsThatWrote(orderIds)).toBeLessThan(orderIds.length);
  });

  it('refuses the order whose reservation expired with 503 RESERVATION_EXPIRED and releases it, and writes the others of its batch whole', async () => {
    const orderIds = newOrderIds(8);
    const late = orderIds[5]!;
    expiredReservations.add(late);
    const results = await Promise.allSettled(orderIds.map((id) => placeOrderWithId(ctx, buyer(), twoBooks(), id)));

    const others = orderIds.filter((id) => id !== late);
    expect(results[5]).toMatchObject({ status: 'rejected', reason: { code: 'RESERVATION_EXPIRED', status: 503 } });
    expect(results.filter((result) => result.status === 'fulfilled').map((result) => result.value.id)).toEqual(others);
    expect(released.filter((id) => orderIds.includes(id))).toEqual([late]);
    expect(await writtenLines(orderIds)).toEqual(new Map(others.map((id) => [id, 2])));
    expect((await placedEvents(orderIds)).map((payload) => payload.orderId).sort()).toEqual([...others].sort());
    const { rows } = await sql<{ count: number }>`select count(*)::int as count from orders.order_items where order_id = ${late}`.execute(
      storage.database.root,
    );
    expect(rows[0]!.count).toBe(0);
  });

  it("does not lose the other orders of a batch when one order's work in its transaction fails", async () => {
    const orderIds = newOrderIds(8);
    const failing = orderIds[3]!;
    // Each order completes its idempotency key in its transaction, and only a key still held can be
    // completed: the failing order's key was never claimed (as if let go meanwhile).
    const keys = orderIds.map((id) => ({ id, caller: buyer(), key: `answer-${id}` }));
    for (const { id, caller, key } of keys) {
      if (id !== failing)
        await claimKey(ctx.db, { user_id: caller.id, key, request_hash: 'h', order_id: id, status_code: null, response: null, created_at: new Date() });
    }
    const results = await Promise.allSettled(keys.map(({ id, caller, key }) => placeOrderWithId(ctx, caller, twoBooks(), id, { userId: caller.id, key })));

    const others = orderIds.filter((id) => id !== failing);
    expect(results[3]).toMatchObject({ status: 'rejected', reason: { code: 'IDEMPOTENCY_KEY_RETRY', status: 409 } });
    const placed = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    expect(placed.map((order) => order.id)).toEqual(others);
    expect(released.filter((id) => orderIds.includes(id))).toEqual([failing]);
    expect(await writtenLines(orderIds)).toEqual(new Map(others.map((id) => [id, 2])));
    expect((await placedEvents(orderIds)).map((payload) => payload.orderId).sort()).toEqual([...others].sort());
    const answers = await ctx.db.selectFrom('idempotency_keys').select(['order_id', 'response']).where('order_id', 'in', orderIds).execute();
    expect(new Map(answers.map((row) => [row.order_id, row.response]))).toEqual(new Map(placed.map((order) => [order.id, order])));
  });
});
