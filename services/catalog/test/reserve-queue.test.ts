import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { sql } from '@pustaka/kit/db';
import { describeService } from '@pustaka/kit/testing';
import type { CatalogContext } from '../src/catalog-context.ts';
import { createReserveQueue } from '../src/inventory/reserve-queue.ts';
import type { ReserveQueue } from '../src/inventory/reserve-queue.ts';
import { catalogContextOver, createBook, createCategory, startCatalog } from './support.ts';

const outcome = (promise: Promise<unknown>) =>
  promise.then(
    () => 'reserved',
    (error: { code?: string }) => error.code ?? String(error),
  );

describeService('inventory: reservations written together (group commit)', startCatalog, (sut, { storage }) => {
  let ctx: CatalogContext;
  let queue: ReserveQueue;
  let categoryId: string;

  beforeAll(async () => {
    ctx = catalogContextOver(storage);
    queue = createReserveQueue(ctx);
    categoryId = await createCategory(sut);
  });

  const book = async (stock: number) => (await createBook(sut, categoryId, { stock })).id as string;
  const stockOf = async (id: string) => (await sut.api.get(`/api/books/${id}`)).body.stock as number;
  const reserve = (items: { bookId: string; quantity: number }[], orderId = randomUUID()) => queue.reserve({ orderId, items, ttlSeconds: 600 });
  const reservedUnits = async (bookId: string) => {
    const { rows } = await sql<{ units: number }>`
      select coalesce(sum(l.quantity), 0)::int as units from catalog.stock_reservation_lines l
      join catalog.stock_reservations r using (order_id) where l.book_id = ${bookId} and r.status = 'held'`.execute(ctx.db);
    return rows[0]!.units;
  };
  const stockEvents = async (bookId: string) => {
    const { rows } = await sql<{ count: number }>`
      select count(*)::int as count from catalog.outbox where type = 'stock.changed' and envelope->'payload'->>'bookId' = ${bookId}`.execute(ctx.db);
    return rows[0]!.count;
  };

  it('never oversells one book: 300 concurrent reservations for 50 copies, exactly 50 succeed, in fewer transactions than orders', async () => {
    const id = await book(50);
    const eventsBefore = await stockEvents(id);
    const results = await Promise.all(Array.from({ length: 300 }, () => outcome(reserve([{ bookId: id, quantity: 1 }]))));
    expect(results.filter((r) => r === 'reserved')).toHaveLength(50);
    expect(results.filter((r) => r === 'OUT_OF_STOCK')).toHaveLength(250);
    expect(await stockOf(id)).toBe(0);
    expect(await reservedUnits(id)).toBe(50);
    // One stock.changed per transaction that took stock: fewer than 50 means reservations shared them.
    expect((await stockEvents(id)) - eventsBefore).toBeLessThan(50);
  });

  it('takes every line of an order or none when orders of several books race, and the ledger balances', async () => {
    const [a, b, c] = [await book(40), await book(25), await book(60)];
    const shapes = [
      [
        { bookId: a, quantity: 2 },
        { bookId: b, quantity: 1 },
      ],
      [
        { bookId: b, quantity: 2 },
        { bookId: c, quantity: 1 },
      ],
      [
        { bookId: c, quantity: 3 },
        { bookId: a, quantity: 1 },
      ],
      [{ bookId: a, quantity: 1 }],
    ];
    const orders = Array.from({ length: 150 }, (_, i) => shapes[i % shapes.length]!);
    const results = await Promise.all(
      orders.map((items) =>
        reserve(items).then(
          (r) => r,
          (e: { code: string }) => e.code,
        ),
      ),
    );
    expect(results.every((r) => typeof r !== 'string' || r === 'OUT_OF_STOCK')).toBe(true);
    // All or nothing: a reservation has every line of its order.
    results.forEach((r, i) => typeof r !== 'string' && expect(r.lines).toHaveLength(orders[i]!.length));
    const reserved = results.filter((r) => typeof r !== 'string');
    for (const [id, initial] of [
      [a, 40],
      [b, 25],
      [c, 60],
    ] as const) {
      const taken = reserved
        .flatMap((r) => r.lines)
        .filter((line) => line.bookId === id)
        .reduce((sum, line) => sum + line.quantity, 0);
      expect(await stockOf(id)).toBe(initial - taken);
      expect(await reservedUnits(id)).toBe(taken);
      expect(await stockOf(id)).toBeGreaterThanOrEqual(0);
    }
  });

  it('answers every retry of one order id with the same reservation and takes the stock once', async () => {
    const id = await book(10);
    const orderId = randomUUID();
    const results = await Promise.all(Array.from({ length: 10 }, () => reserve([{ bookId: id, quantity: 3 }], orderId)));
    expect(new Set(results.map((r) => JSON.stringify(r)))).toHaveLength(1);
    expect(await stockOf(id)).toBe(7);
  });

  it('refuses an invalid request alone, without spoiling the others that arrived with it', async () => {
    const id = await book(10);
    const results = await Promise.all([
      outcome(reserve([{ bookId: id, quantity: 1 }])),
      outcome(reserve([{ bookId: id, quantity: 0 }])),
      outcome(reserve([{ bookId: randomUUID(), quantity: 1 }])),
      outcome(reserve([{ bookId: id, quantity: 2 }])),
    ]);
    expect(results).toEqual(['reserved', 'VALIDATION_FAILED', 'UNKNOWN_BOOK', 'reserved']);
    expect(await stockOf(id)).toBe(7);
  });
});
