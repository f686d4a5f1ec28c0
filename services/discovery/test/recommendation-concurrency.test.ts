import { expect, it } from 'vitest';
import { migrateToLatest, newId } from '@pustaka/kit/db';
import type { Transaction } from '@pustaka/kit/db';
import { describeService, platformDepsFor } from '@pustaka/kit/testing';
import type { TestStorage } from '@pustaka/kit/testing';
import { discoverySettings } from '../config.ts';
import { migrations } from '../migrations/index.ts';
import { createDiscoveryContext } from '../src/discovery-context.ts';
import type { DiscoveryTables } from '../src/discovery.tables.ts';
import { applyCancelledBookings, applyConfirmedBookings } from '../src/recommendations/bookings.service.ts';
import { applyCancelledOrders, applyPlacedOrders } from '../src/recommendations/purchases.service.ts';
import type { PlacedOrder } from '../src/recommendations/purchases.service.ts';
import { rollSalesWindows } from '../src/recommendations/sales-windows.service.ts';

const DAY_MS = 86_400_000;

/** Discovery's schema alone, and its context with the real clock. */
async function startReadModel(storage: TestStorage) {
  await migrateToLatest(storage.database, 'discovery', migrations);
  const deps = platformDepsFor(storage);
  return { ctx: createDiscoveryContext(deps, discoverySettings()), deps };
}

describeService('the recommendations stay exact when replicas apply the same events at once', startReadModel, (sut) => {
  /**
   * Runs each piece of work in a transaction of its own, as many at once as the pool has
   * connections for (more would only queue, and time out on a busy machine), in the order given.
   */
  async function allAtOnce(works: Array<(trx: Transaction<DiscoveryTables>) => Promise<void>>, width = 16): Promise<void> {
    const queue = [...works];
    const worker = async () => {
      for (let work = queue.shift(); work !== undefined; work = queue.shift()) await sut.ctx.db.transaction().execute(work);
    };
    await Promise.all(Array.from({ length: width }, worker));
  }

  // Park–Miller: its products stay exact in a double.
  let state = 7;
  const next = (n: number) => ((state = (state * 48_271) % 2_147_483_647), state % n);

  it('counts each order once and takes each cancellation back once, however transactions interleave', async () => {
    const { ctx } = sut;
    const books = Array.from({ length: 12 }, () => newId());
    const members = Array.from({ length: 20 }, () => newId());
    const placedAt = new Date(Date.now() - 2 * DAY_MS);
    const orders: PlacedOrder[] = Array.from({ length: 240 }, () => ({
      orderId: newId(),
      userId: members[next(members.length)]!,
      placedAt,
      items: [...new Set(Array.from({ length: 1 + next(4) }, () => books[next(books.length)]!))].map((bookId) => ({ bookId, quantity: 1 + next(2) })),
    }));
    const cancelled = orders.filter((_, n) => n % 3 === 0);
    // Each event as two replicas would apply it, each in a transaction of its own, all at once;
    // a cancellation may well win the race against its placement.
    await allAtOnce([
      ...orders.flatMap((order) => [0, 1].map(() => (trx: Transaction<DiscoveryTables>) => applyPlacedOrders(ctx, trx, [order]))),
      ...cancelled.flatMap((order) => [0, 1].map(() => (trx: Transaction<DiscoveryTables>) => applyCancelledOrders(ctx, trx, [order]))),
    ]);

    const kept = orders.filter((order) => !cancelled.includes(order));
    const units = new Map<string, number>();
    const pairs = new Map<string, number>();
    for (const order of kept) {
      for (const item of order.items) {
        units.set(item.bookId, (units.get(item.bookId) ?? 0) + item.quantity);
        for (const other of order.items)
          if (other !== item) pairs.set(`${item.bookId} ${other.bookId}`, (pairs.get(`${item.bookId} ${other.bookId}`) ?? 0) + 1);
      }
    }
    const sales = await ctx.db.selectFrom('book_sales').select(['book_id', 'units']).execute();
    expect(new Map(sales.map((row) => [row.book_id, row.units]))).toEqual(units);
    const storedPairs = await ctx.db.selectFrom('book_pairs').select(['book_id', 'paired_book_id', 'orders']).execute();
    expect(new Map(storedPairs.map((row) => [`${row.book_id} ${row.paired_book_id}`, row.orders]))).toEqual(pairs);
    const week = await ctx.db.selectFrom('book_sales_windows').select(['book_id', 'units']).where('days', '=', 7).execute();
    expect(new Map(week.map((row) => [row.book_id, row.units]))).toEqual(units);
  });

  it('never leaves a sale in a window that let go of its day while the sale was being applied', async () => {
    const { ctx, deps } = sut;
    const book = newId();
    const eightDaysOn = createDiscoveryContext({ ...deps, now: () => new Date(Date.now() + 8 * DAY_MS) }, discoverySettings());
    const orders = Array.from({ length: 60 }, () => ({ orderId: newId(), userId: newId(), placedAt: new Date(), items: [{ bookId: book, quantity: 1 }] }));
    const apply = (order: (typeof orders)[number]) => (trx: Transaction<DiscoveryTables>) => applyPlacedOrders(ctx, trx, [order]);
    await Promise.all([allAtOnce(orders.slice(0, 30).map(apply), 8), rollSalesWindows(eightDaysOn), allAtOnce(orders.slice(30).map(apply), 8)]);
    const windows = await ctx.db.selectFrom('book_sales_windows').select(['days', 'units']).where('book_id', '=', book).orderBy('days').execute();
    expect(windows).toEqual([
      { days: 30, units: 60 },
      { days: 90, units: 60 },
    ]);
  });

  it("pairs events by the members holding both, with one member's bookings applied at once", async () => {
    const members = Array.from({ length: 16 }, () => newId());
    const events = Array.from({ length: 6 }, () => newId());
    const bookings = members.flatMap((userId) =>
      [...new Set(Array.from({ length: 3 }, () => events[next(events.length)]!))].map((eventId) => ({ bookingId: newId(), userId, eventId })),
    );
    const cancelled = bookings.filter((_, n) => n % 4 === 0);
    await allAtOnce([
      ...bookings.flatMap((booking) => [0, 1].map(() => (trx: Transaction<DiscoveryTables>) => applyConfirmedBookings(trx, [booking]))),
      ...cancelled.map((booking) => (trx: Transaction<DiscoveryTables>) => applyCancelledBookings(trx, [booking])),
    ]);

    const held = new Map<string, Set<string>>();
    for (const booking of bookings.filter((booking) => !cancelled.includes(booking))) {
      held.set(booking.userId, (held.get(booking.userId) ?? new Set()).add(booking.eventId));
    }
    const expected = new Map<string, number>();
    for (const events of held.values()) {
      for (const a of events) for (const b of events) if (a !== b) expected.set(`${a} ${b}`, (expected.get(`${a} ${b}`) ?? 0) + 1);
    }
    const pairs = await sut.ctx.db.selectFrom('event_pairs').select(['event_id', 'paired_event_id', 'members']).where('event_id', 'in', events).execute();
    expect(new Map(pairs.map((row) => [`${row.event_id} ${row.paired_event_id}`, row.members]))).toEqual(expected);
  });
});
