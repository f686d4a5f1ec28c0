import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { eventually } from '@pustaka/kit/testing';
import { reservationStates, startOutageCluster, stockOf } from './outage-cluster.ts';
import type { OutageCluster } from './outage-cluster.ts';

const { postgresUrl, redisUrl, amqpUrl } = inject('realServices');

describe.skipIf(!(postgresUrl && redisUrl && amqpUrl))('orders through the gateway of the cluster', () => {
  let outage: OutageCluster;

  const reservationsOfBook = async (bookId: string) =>
    (await outage.query<{ order_id: string }>('catalog', 'select order_id from catalog.stock_reservation_lines where book_id = $1', [bookId])).map(
      (row) => row.order_id,
    );
  const ordersOfBook = async (bookId: string) =>
    (await outage.query<{ order_id: string }>('orders', 'select order_id from orders.order_items where book_id = $1', [bookId])).map((row) => row.order_id);

  beforeAll(async () => {
    outage = await startOutageCluster({ postgresUrl: postgresUrl!, redisUrl: redisUrl!, amqpUrl: amqpUrl! });
  }, 120_000);

  beforeEach(({ onTestFailed }) => {
    onTestFailed(() => console.log(`last lines of the cluster:\n${outage.lines.slice(-80).join('\n')}`));
  });

  afterAll(async () => {
    await outage?.stop();
  }, 60_000);

  it('places one order, takes stock once, for 20 concurrent requests with the same Idempotency-Key', async () => {
    const stock = 10;
    const bookId = await outage.newBook(stock);
    const key = randomUUID();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        outage.api.post('/api/orders', { token: outage.tokens.buyer, headers: { 'idempotency-key': key }, body: { items: [{ bookId, quantity: 2 }] } }),
      ),
    );

    expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(201));
    const ids = new Set(answers.map((answer) => answer.body.id as string));
    expect(ids.size).toBe(1);
    const [orderId] = ids;
    expect(answers.filter((answer) => answer.headers.get('idempotent-replayed') === 'true')).toHaveLength(19);
    expect(await ordersOfBook(bookId)).toEqual([orderId]);
    expect(await reservationsOfBook(bookId)).toEqual([orderId]);
    expect(await stockOf(outage, bookId)).toBe(stock - 2);
    await eventually(
      async () => {
        expect(await reservationStates(outage, [orderId!])).toEqual({ committed: 1 });
      },
      15_000,
      250,
    );
    expect((await outage.api.get(`/api/books/${bookId}`)).body.stock).toBe(stock - 2);
  });

  it("hides a member's order from another member (404 to read or cancel) and shows it to staff", async () => {
    const bookId = await outage.newBook(5);
    const placed = await outage.api.post('/api/orders', { token: outage.tokens.buyer, body: { items: [{ bookId, quantity: 1 }] } });
    expect(placed.status).toBe(201);
    const { id } = placed.body;

    const read = await outage.api.get(`/api/orders/${id}`, { token: outage.tokens.other });
    expect(read.status).toBe(404);
    const cancel = await outage.api.post(`/api/orders/${id}/cancel`, { token: outage.tokens.other });
    expect(cancel.status).toBe(404);
    const theirs = await outage.api.get('/api/orders', { token: outage.tokens.other });
    expect(theirs.body.items.map((order: { id: string }) => order.id)).not.toContain(id);

    const staff = await outage.api.get(`/api/orders/${id}`, { token: outage.tokens.staff });
    expect(staff.status).toBe(200);
    expect(staff.body).toMatchObject({ id, status: 'placed' });
    const own = await outage.api.get(`/api/orders/${id}`, { token: outage.tokens.buyer });
    expect(own.body.status).toBe('placed');
    expect(await stockOf(outage, bookId)).toBe(4);
  });

  it("answers a stranger asking for a member's order exactly as for an order that does not exist", async () => {
    const bookId = await outage.newBook(5);
    const { id } = (await outage.api.post('/api/orders', { token: outage.tokens.buyer, body: { items: [{ bookId, quantity: 1 }] } })).body;
    const missing = randomUUID();
    const problem = (answer: { status: number; body: Record<string, unknown> }) => ({
      status: answer.status,
      code: answer.body.code,
      title: answer.body.title,
      detail: answer.body.detail,
    });

    expect(problem(await outage.api.get(`/api/orders/${id}`, { token: outage.tokens.other }))).toEqual(
      problem(await outage.api.get(`/api/orders/${missing}`, { token: outage.tokens.other })),
    );
    expect(problem(await outage.api.post(`/api/orders/${id}/cancel`, { token: outage.tokens.other }))).toEqual(
      problem(await outage.api.post(`/api/orders/${missing}/cancel`, { token: outage.tokens.other })),
    );
  });
});
