import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { describeService } from '@pustaka/kit/testing';
import type { CatalogContext } from '../src/catalog-context.ts';
import { orderEventsConsumer } from '../src/inventory/order-events.consumer.ts';
import { newEvent } from '@pustaka/kit/bus';
import { commitReservation, releaseCancelledOrder, releaseReservation, reserveStock, settleExpiredReservations } from '../src/inventory/inventory.service.ts';
import type { OrdersLookup } from '../src/inventory/orders-lookup.ts';
import { catalogContextOver, createBook, createCategory, startCatalog } from './support.ts';

/** Orders as the expiry job sees it: these ids were written with these statuses, no others. */
const ordersKnowing = (statuses: Record<string, string> = {}): OrdersLookup => ({
  statusesOf: async (ids) => new Map(ids.filter((id) => id in statuses).map((id) => [id, statuses[id]!])),
});
const GRACE = { graceSeconds: 30 };

const outcome = (promise: Promise<unknown>) =>
  promise.then(
    () => 'reserved',
    (error: { code?: string }) => error.code ?? String(error),
  );

describeService('inventory: reserving stock for orders', startCatalog, (sut, { storage }) => {
  let ctx: CatalogContext;
  let categoryId: string;
  let clockOffsetMs = 0;

  beforeAll(async () => {
    ctx = catalogContextOver(storage, () => new Date(Date.now() + clockOffsetMs));
    categoryId = await createCategory(sut);
  });

  const book = async (stock: number) => (await createBook(sut, categoryId, { stock })).id as string;
  const stockOf = async (id: string) => (await sut.api.get(`/api/books/${id}`)).body.stock as number;
  const reserve = (items: { bookId: string; quantity: number }[], orderId = randomUUID()) => reserveStock(ctx, { orderId, items, ttlSeconds: 600 });

  it('never oversells: 200 concurrent orders for 50 copies, exactly 50 succeed', async () => {
    const id = await book(50);
    await stockOf(id); // cached before the rush: the rush must invalidate it
    const results = await Promise.all(Array.from({ length: 200 }, () => outcome(reserve([{ bookId: id, quantity: 1 }]))));
    expect(results.filter((r) => r === 'reserved')).toHaveLength(50);
    expect(results.filter((r) => r === 'OUT_OF_STOCK')).toHaveLength(150);
    expect(await stockOf(id)).toBe(0);
  });

  it('takes every line of an order or none, without deadlocks, under concurrency', async () => {
    const [a, b] = [await book(30), await book(30)];
    const orders = Array.from({ length: 80 }, (_, i) =>
      i % 2
        ? [
            { bookId: a, quantity: 1 + (i % 3) },
            { bookId: b, quantity: 1 },
          ]
        : [
            { bookId: b, quantity: 1 },
            { bookId: a, quantity: 1 },
          ],
    );
    const results = await Promise.all(
      orders.map((items) =>
        reserve(items).then(
          (r) => r,
          (e: { code: string }) => e.code,
        ),
      ),
    );
    expect(results.every((r) => typeof r !== 'string' || r === 'OUT_OF_STOCK')).toBe(true);
    const reserved = results.filter((r) => typeof r !== 'string');
    const taken = (bookId: string) =>
      reserved
        .flatMap((r) => r.lines)
        .filter((l) => l.bookId === bookId)
        .reduce((sum, l) => sum + l.quantity, 0);
    expect(reserved.every((r) => r.lines.length === 2)).toBe(true);
    expect(await stockOf(a)).toBe(30 - taken(a));
    expect(await stockOf(b)).toBe(30 - taken(b));
    expect(await stockOf(a)).toBeGreaterThanOrEqual(0);
  });

  it('lists each short line with what is available, and takes nothing', async () => {
    const [a, b] = [await book(5), await book(1)];
    const error = await reserve([
      { bookId: a, quantity: 2 },
      { bookId: b, quantity: 3 },
    ]).catch((e: { code: string; extensions: unknown }) => e);
    expect(error).toMatchObject({ code: 'OUT_OF_STOCK', extensions: { lines: [{ bookId: b, requested: 3, available: 1 }] } });
    expect(await stockOf(a)).toBe(5);
    const unknown = await reserve([{ bookId: randomUUID(), quantity: 1 }]).catch((e: { code: string }) => e.code);
    expect(unknown).toBe('UNKNOWN_BOOK');
  });

  it('is idempotent per order id: 20 concurrent retries take stock once', async () => {
    const id = await book(10);
    const orderId = randomUUID();
    const results = await Promise.all(Array.from({ length: 20 }, () => reserve([{ bookId: id, quantity: 3 }], orderId)));
    expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
    expect(await stockOf(id)).toBe(7);
    expect(await outcome(reserve([{ bookId: id, quantity: 1 }], orderId))).toBe('ORDER_ID_REUSED');
  });

  it('merges repeated books into one line and snapshots title and price', async () => {
    const id = await book(10);
    const reservation = await reserve([
      { bookId: id, quantity: 1 },
      { bookId: id, quantity: 2 },
    ]);
    expect(reservation.lines).toEqual([expect.objectContaining({ bookId: id, quantity: 3, unitPrice: 1999, currency: 'USD' })]);
    expect(await stockOf(id)).toBe(7);
  });

  it('gives the stock of an order that never landed back once, however often asked', async () => {
    const id = await book(4);
    const orderId = randomUUID();
    await reserve([{ bookId: id, quantity: 3 }], orderId);
    const releases = await Promise.all(Array.from({ length: 10 }, () => releaseReservation(ctx, orderId)));
    expect(releases.filter(Boolean)).toHaveLength(1);
    expect(await stockOf(id)).toBe(4);
  });

  it("keeps a placed order's stock on a plain release, and gives it back once when the order is cancelled", async () => {
    const id = await book(4);
    const orderId = randomUUID();
    await reserve([{ bookId: id, quantity: 4 }], orderId);
    expect(await commitReservation(ctx, orderId)).toBe(true);
    expect(await releaseReservation(ctx, orderId)).toBe(false);
    expect(await stockOf(id)).toBe(0);
    const releases = await Promise.all(Array.from({ length: 10 }, () => releaseCancelledOrder(ctx, orderId)));
    expect(releases.filter(Boolean)).toHaveLength(1);
    expect(await stockOf(id)).toBe(4);
  });

  it('refuses a reserve that arrives after its release, so no stock is stranded', async () => {
    const id = await book(4);
    const orderId = randomUUID();
    expect(await releaseReservation(ctx, orderId)).toBe(false);
    expect(await outcome(reserve([{ bookId: id, quantity: 1 }], orderId))).toBe('RESERVATION_RELEASED');
    expect(await stockOf(id)).toBe(4);
  });

  it('settles expired reservations after the grace period: commits those that became orders, releases the rest', async () => {
    const id = await book(20);
    const [landed, cancelled, neverLanded, committed, fresh] = [randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    for (const orderId of [landed, cancelled, neverLanded, committed])
      await reserveStock(ctx, { orderId, items: [{ bookId: id, quantity: 2 }], ttlSeconds: 60 });
    await commitReservation(ctx, committed);
    await reserveStock(ctx, { orderId: fresh, items: [{ bookId: id, quantity: 1 }], ttlSeconds: 600 });
    expect(await stockOf(id)).toBe(11);
    const orders = ordersKnowing({ [landed]: 'placed', [cancelled]: 'cancelled', [committed]: 'placed' });
    try {
      clockOffsetMs = 80_000; // expired, but within the grace period: untouched
      expect(await settleExpiredReservations(ctx, orders, GRACE)).toEqual({ committed: 0, released: 0 });
      clockOffsetMs = 120_000;
      expect(await settleExpiredReservations(ctx, orders, GRACE)).toEqual({ committed: 1, released: 2 });
      expect(await settleExpiredReservations(ctx, orders, GRACE)).toEqual({ committed: 0, released: 0 });
    } finally {
      clockOffsetMs = 0;
    }
    expect(await stockOf(id)).toBe(15);
    expect(await commitReservation(ctx, landed)).toBe(false); // its late order.placed finds it committed
    expect(await commitReservation(ctx, neverLanded)).toBe(false);
    expect(await commitReservation(ctx, fresh)).toBe(true);
  });

  it('settles nothing while orders cannot say which reservations became orders', async () => {
    const id = await book(3);
    const orderId = randomUUID();
    await reserveStock(ctx, { orderId, items: [{ bookId: id, quantity: 3 }], ttlSeconds: 60 });
    const unreachable: OrdersLookup = { statusesOf: async () => Promise.reject(new Error('orders is down')) };
    clockOffsetMs = 120_000;
    try {
      await expect(settleExpiredReservations(ctx, unreachable, GRACE)).rejects.toThrow('orders is down');
    } finally {
      clockOffsetMs = 0;
    }
    expect(await stockOf(id)).toBe(0);
    expect(await commitReservation(ctx, orderId)).toBe(true);
  });

  it('takes the stock again for an order whose placement arrives after its reservation expired, or refuses without taking any', async () => {
    const consumer = orderEventsConsumer(ctx);
    const placed = (orderId: string, bookId: string) =>
      newEvent('order.placed', {
        orderId,
        userId: randomUUID(),
        items: [{ bookId, title: 't', quantity: 2, unitPrice: 1 }],
        total: 2,
        currency: 'USD',
        placedAt: new Date().toISOString(),
      });
    // As subscribe delivers: the handler in a transaction, then the after-commit effects.
    const deliver = async (event: ReturnType<typeof placed>) => {
      await ctx.db.transaction().execute((trx) => consumer.handle(trx as never, event as never));
      await consumer.afterBatchCommit?.([event] as never);
    };
    const [stillThere, soldOut] = [await book(5), await book(2)];
    const [late, lost] = [randomUUID(), randomUUID()];
    await reserveStock(ctx, { orderId: late, items: [{ bookId: stillThere, quantity: 2 }], ttlSeconds: 60 });
    await reserveStock(ctx, { orderId: lost, items: [{ bookId: soldOut, quantity: 2 }], ttlSeconds: 60 });
    clockOffsetMs = 120_000;
    try {
      // Orders said neither order exists (as if its answer raced their commits): both are released.
      await settleExpiredReservations(ctx, ordersKnowing(), GRACE);
    } finally {
      clockOffsetMs = 0;
    }
    expect([await stockOf(stillThere), await stockOf(soldOut)]).toEqual([5, 2]);
    await reserve([{ bookId: soldOut, quantity: 2 }]); // someone else buys what was released

    await deliver(placed(late, stillThere));
    expect(await stockOf(stillThere)).toBe(3);
    expect(await commitReservation(ctx, late)).toBe(false); // already committed by the retake
    expect(await outcome(deliver(placed(lost, soldOut)))).toBe('RESERVATION_LOST');
    expect(await stockOf(soldOut)).toBe(0);
  });
});
