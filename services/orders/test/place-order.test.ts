import { expect, it } from 'vitest';
import { sql } from '@pustaka/kit/db';
import { describeService, eventually } from '@pustaka/kit/testing';
import { register } from '@pustaka/kit/metrics';
import { startShop } from './support.ts';

describeService('placing orders', startShop, (shop, { storage }) => {
  const stockOf = async (bookId: string) => (await shop.api.get(`/api/books/${bookId}`)).body.stock as number;
  const order = (token: string, items: { bookId: string; quantity: number }[], headers: Record<string, string> = {}) =>
    shop.api.post('/api/orders', { token, body: { items }, headers });

  it('prices an order from the catalog, takes the stock and lists it for its buyer', async () => {
    const [a, b] = [await shop.book(5, 1000), await shop.book(5, 250)];
    const member = await shop.member();
    const placed = await order(member, [
      { bookId: a, quantity: 2 },
      { bookId: b, quantity: 1 },
    ]);
    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({ status: 'placed', total: 2250, currency: 'USD' });
    expect(placed.body.items).toHaveLength(2);
    expect(await stockOf(a)).toBe(3);
    const mine = await shop.api.get('/api/orders', { token: member });
    expect(mine.body).toMatchObject({ total: 1, items: [{ id: placed.body.id, total: 2250 }] });
    expect(mine.body.items[0].items).toHaveLength(2);
  });

  it('refuses a price sent by the client', async () => {
    const a = await shop.book(5);
    const response = await shop.api.post('/api/orders', { token: await shop.member(), body: { items: [{ bookId: a, quantity: 1, unitPrice: 1 }] } });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: '/items/0/unitPrice' })]);
  });

  it('answers 409 OUT_OF_STOCK listing each short line, and keeps nothing', async () => {
    const [a, b] = [await shop.book(5), await shop.book(1)];
    const member = await shop.member();
    const response = await order(member, [
      { bookId: a, quantity: 2 },
      { bookId: b, quantity: 2 },
    ]);
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ code: 'OUT_OF_STOCK', lines: [{ bookId: b, requested: 2, available: 1 }] });
    expect(await stockOf(a)).toBe(5);
    expect((await shop.api.get('/api/orders', { token: member })).body.total).toBe(0);
  });

  it('never oversells: 120 concurrent orders for 20 copies, exactly 20 placed, each committed once', async () => {
    const bookId = await shop.book(20);
    const members = await Promise.all(Array.from({ length: 12 }, () => shop.member()));
    const responses = await Promise.all(Array.from({ length: 120 }, (_, i) => order(members[i % 12]!, [{ bookId, quantity: 1 }])));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(20);
    expect(statuses.filter((s) => s === 409)).toHaveLength(100);
    expect(await stockOf(bookId)).toBe(0);
    const placedIds = responses.filter((r) => r.status === 201).map((r) => r.body.id as string);
    // order.placed travels through the outbox to the catalog, which commits each reservation once.
    await eventually(async () => {
      const { rows } = await sql<{ status: string; n: number }>`
        select status, count(*)::int as n from catalog.stock_reservations
        where order_id in (${sql.join(placedIds)}) group by status`.execute(storage.database.root);
      expect(rows).toEqual([{ status: 'committed', n: 20 }]);
    });
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from catalog.inbox i join orders.outbox o on o.event_id = i.event_id
      where i.consumer_id = 'catalog.reservations' and o.type = 'order.placed' and (o.envelope->'payload'->>'orderId') in (${sql.join(placedIds)})`.execute(
      storage.database.root,
    );
    expect(rows[0]!.n).toBe(20);
  });

  it('creates one order for 20 concurrent requests with the same Idempotency-Key', async () => {
    const bookId = await shop.book(10);
    const member = await shop.member();
    const key = `key-${Date.now()}-same`;
    const responses = await Promise.all(Array.from({ length: 20 }, () => order(member, [{ bookId, quantity: 2 }], { 'idempotency-key': key })));
    expect(new Set(responses.map((r) => r.status))).toEqual(new Set([201]));
    expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
    expect(responses.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(19);
    expect(await stockOf(bookId)).toBe(8);
    expect((await shop.api.get('/api/orders', { token: member })).body.total).toBe(1);
  });

  it('refuses the same Idempotency-Key with another body (422), and replays a refusal', async () => {
    const bookId = await shop.book(1);
    const member = await shop.member();
    const key = `key-${Date.now()}-refusal`;
    expect((await order(member, [{ bookId, quantity: 3 }], { 'idempotency-key': key })).status).toBe(409);
    const replayed = await order(member, [{ bookId, quantity: 3 }], { 'idempotency-key': key });
    expect(replayed.status).toBe(409);
    expect(replayed.body).toMatchObject({ code: 'OUT_OF_STOCK', lines: [{ bookId, requested: 3, available: 1 }] });
    const other = await order(member, [{ bookId, quantity: 1 }], { 'idempotency-key': key });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('counts orders placed, and refused by their code, once each: a retry answered from its key is not counted again', async () => {
    const counted = async () => {
      const text = await register.metrics();
      const read = (series: string) => Number(new RegExp(`^${series.replace(/[{}]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
      return { placed: read('pustaka_orders_placed_total'), outOfStock: read('pustaka_orders_refused_total{reason="OUT_OF_STOCK"}') };
    };
    const before = await counted();
    const bookId = await shop.book(1);
    const member = await shop.member();
    expect((await order(member, [{ bookId, quantity: 1 }], { 'idempotency-key': `count-${Date.now()}` })).status).toBe(201);
    const key = `count-${Date.now()}-refused`;
    for (let i = 0; i < 2; i++) expect((await order(member, [{ bookId, quantity: 1 }], { 'idempotency-key': key })).status).toBe(409);
    const after = await counted();
    expect({ placed: after.placed - before.placed, outOfStock: after.outOfStock - before.outOfStock }).toEqual({ placed: 1, outOfStock: 1 });
  });
});
