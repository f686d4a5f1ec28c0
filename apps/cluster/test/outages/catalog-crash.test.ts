import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { Inventory } from '@pustaka/contracts/catalog/v1';
import { createRpcClient, createRpcTransport } from '@pustaka/kit/rpc';
import { eventually } from '@pustaka/kit/testing';
import { orderPlacedEventIds, reservationInbox, reservationStates, startOutageCluster, stockOf, unpublished } from './outage-cluster.ts';
import type { OutageCluster } from './outage-cluster.ts';

const { postgresUrl, redisUrl, amqpUrl } = inject('realServices');

describe.skipIf(!(postgresUrl && redisUrl && amqpUrl))('the cluster when the catalog process dies', () => {
  let outage: OutageCluster;

  const order = (bookId: string, headers: Record<string, string> = {}) =>
    outage.api.post('/api/orders', { token: outage.tokens.buyer, body: { items: [{ bookId, quantity: 1 }] }, headers });
  const ordersOfBook = async (bookId: string) =>
    (await outage.query<{ count: number }>('orders', 'select count(*)::int as count from orders.order_items where book_id = $1', [bookId]))[0]!.count;

  beforeAll(async () => {
    // Sweep every second with a short grace, so a reservation past its time is released within the test's patience.
    outage = await startOutageCluster(
      { postgresUrl: postgresUrl!, redisUrl: redisUrl!, amqpUrl: amqpUrl! },
      {
        catalog: { RESERVATION_SWEEP_CRON: '* * * * * *', RESERVATION_RELEASE_GRACE_SECONDS: '1' },
      },
    );
  }, 120_000);

  beforeEach(({ onTestFailed }) => {
    onTestFailed(() => console.log(`last lines of the cluster:\n${outage.lines.slice(-80).join('\n')}`));
  });

  afterAll(async () => {
    await outage?.stop();
  }, 60_000);

  it('fails orders fast with 503 and Retry-After while the catalog is down, and releases stock whose order never landed once it is back', async () => {
    const stock = 10;
    const bookId = await outage.newBook(stock);
    // Stock taken for an order that will never be written: as if orders died right after Reserve.
    const inventory = createRpcClient(Inventory, createRpcTransport(outage.cluster.urls.rpc.catalog!), { name: 'catalog' });
    const abandoned = randomUUID();
    const { expiresAt } = await inventory.reserve({ orderId: abandoned, items: [{ bookId, quantity: 3 }], ttlSeconds: 3 });
    await outage.kill('catalog');
    expect(await reservationStates(outage, [abandoned])).toEqual({ held: 1 });

    const key = randomUUID();
    for (let attempt = 0; attempt < 8; attempt += 1) {
      const started = Date.now();
      const answer = await order(bookId, attempt % 2 === 0 ? { 'idempotency-key': key } : {});
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(answer.status).toBe(503);
      expect(answer.body.code).toBe('UPSTREAM_UNAVAILABLE');
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    }
    expect(await ordersOfBook(bookId)).toBe(0);

    // Its time ran out while no catalog was there to release it.
    await sleep(Math.max(0, Date.parse(expiresAt) + 500 - Date.now()));
    expect(await reservationStates(outage, [abandoned])).toEqual({ held: 1 });
    await outage.restart('catalog');
    await eventually(
      async () => {
        expect(await reservationStates(outage, [abandoned])).toEqual({ released: 1 });
        expect(await stockOf(outage, bookId)).toBe(stock);
      },
      15_000,
      250,
    );

    // The failed key was not kept: once the orders' breaker lets calls through again, it places the order.
    let placed: { status: number; body: { id: string } } | undefined;
    await eventually(
      async () => {
        placed = await order(bookId, { 'idempotency-key': key });
        expect(placed.status).toBe(201);
      },
      30_000,
      1_000,
    );
    expect(await ordersOfBook(bookId)).toBe(1);
    await eventually(
      async () => {
        expect(await reservationStates(outage, [placed!.body.id])).toEqual({ committed: 1 });
      },
      15_000,
      250,
    );
    expect(await stockOf(outage, bookId)).toBe(stock - 1);
    const [overdue] = await outage.query<{ count: number }>(
      'catalog',
      "select count(*)::int as count from catalog.stock_reservations where status = 'held' and expires_at < now()",
    );
    expect(overdue!.count).toBe(0);
  }, 120_000);

  it('applies each order.placed exactly once when the catalog is killed in the middle of applying them', async () => {
    const stock = 100;
    const orders = 30;
    const bookId = await outage.newBook(stock);
    // A lock on the inbox holds the consumer inside its transaction (its inbox insert waits), so the
    // catalog dies with deliveries taken from the queue, unacknowledged and uncommitted. Reserve
    // never touches the inbox, so orders are still placed meanwhile.
    const blocker = new pg.Client({ connectionString: outage.cluster.databases.catalog.url });
    await blocker.connect();
    const placed: string[] = [];
    try {
      await blocker.query('begin');
      await blocker.query('lock table catalog.inbox in share mode');
      const answers = await Promise.all(Array.from({ length: orders }, () => order(bookId)));
      expect(answers.map((answer) => answer.status)).toEqual(Array(orders).fill(201));
      placed.push(...answers.map((answer) => answer.body.id as string));
      await eventually(
        async () => {
          const [waiting] = await outage.query<{ count: number }>(
            'catalog',
            "select count(*)::int as count from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and query ilike '%inbox%'",
          );
          expect(waiting!.count).toBeGreaterThan(0);
        },
        15_000,
        100,
      );
      expect(await reservationStates(outage, placed)).toEqual({ held: orders });
      await outage.kill('catalog');
    } finally {
      // The killed catalog's waiting transaction then finds its client gone and rolls back.
      await blocker.query('rollback').catch(() => {});
      await blocker.end();
    }
    // The crash left nothing half-applied: no event recorded, every reservation still held.
    const events = await orderPlacedEventIds(outage, placed);
    expect(events).toHaveLength(orders);
    expect((await reservationInbox(outage)).filter((id) => events.includes(id))).toEqual([]);
    expect(await reservationStates(outage, placed)).toEqual({ held: orders });

    await outage.restart('catalog');
    await eventually(
      async () => {
        expect(await reservationStates(outage, placed)).toEqual({ committed: orders });
      },
      60_000,
      250,
    );
    const everyOrderEvent = (
      await outage.query<{ event_id: string }>(
        'orders',
        "select event_id from orders.outbox where type in ('order.placed', 'order.cancelled') order by event_id",
      )
    ).map((row) => row.event_id);
    expect(everyOrderEvent).toEqual(expect.arrayContaining(events));
    await eventually(
      async () => {
        expect(await reservationInbox(outage)).toEqual(everyOrderEvent);
      },
      15_000,
      250,
    );
    expect(await stockOf(outage, bookId)).toBe(stock - orders);
    expect(await outage.query('catalog', 'select event_id from catalog.dead_letter')).toEqual([]);
    expect(await unpublished(outage, 'orders')).toBe(0);
    expect(outage.running()).toBe(true);
  }, 120_000);
});
