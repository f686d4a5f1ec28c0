import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { describeService } from '@pustaka/kit/testing';
import { applyPlacedOrders } from '../src/recommendations/purchases.service.ts';
import { rollSalesWindows } from '../src/recommendations/sales-windows.service.ts';
import { startRecommendations } from './recommendations-support.ts';
import { bookCreated, bookingCancelled, bookingConfirmed, eventPublished, orderCancelled, orderPlaced } from './shop-events.ts';

describeService('the recommendation counts follow orders and bookings exactly', startRecommendations, (sut) => {
  const categoryId = randomUUID();
  const books = { A: randomUUID(), B: randomUUID(), C: randomUUID(), D: randomUUID(), E: randomUUID() };
  const nameOf = new Map<string, string>(Object.entries(books).map(([name, id]) => [id, name]));
  const [ana, budi, citra] = [randomUUID(), randomUUID(), randomUUID()];

  beforeAll(async () => {
    await sut.deliver(...Object.entries(books).map(([title, bookId]) => bookCreated({ bookId, categoryId, title })));
  });

  /** Every count of the book tables, books by name, members by name. */
  async function bookCounts() {
    const member = (id: string) => (id === ana ? 'ana' : id === budi ? 'budi' : id === citra ? 'citra' : id);
    const named = (ids: string[]) => ids.every((id) => nameOf.has(id));
    const sales = await sut.db.selectFrom('book_sales').select(['book_id', 'units']).execute();
    const windows = await sut.db.selectFrom('book_sales_windows').select(['days', 'book_id', 'units']).execute();
    const pairs = await sut.db.selectFrom('book_pairs').select(['book_id', 'paired_book_id', 'orders']).execute();
    const memberBooks = await sut.db.selectFrom('member_books').select(['user_id', 'book_id', 'orders']).execute();
    return {
      sales: Object.fromEntries(sales.filter((row) => named([row.book_id])).map((row) => [nameOf.get(row.book_id), row.units])),
      windows: Object.fromEntries(windows.filter((row) => named([row.book_id])).map((row) => [`${row.days} ${nameOf.get(row.book_id)}`, row.units])),
      pairs: Object.fromEntries(
        pairs
          .filter((row) => named([row.book_id, row.paired_book_id]))
          .map((row) => [`${nameOf.get(row.book_id)}${nameOf.get(row.paired_book_id)}`, row.orders]),
      ),
      memberBooks: Object.fromEntries(
        memberBooks.filter((row) => named([row.book_id])).map((row) => [`${member(row.user_id)} ${nameOf.get(row.book_id)}`, row.orders]),
      ),
    };
  }

  const windowsOf = (units: Record<string, number>) =>
    Object.fromEntries([7, 30, 90].flatMap((days) => Object.entries(units).map(([book, count]) => [`${days} ${book}`, count])));

  it('counts units, pairs and members’ books, and takes cancellations back, whatever order they arrive in', async () => {
    const now = sut.clock.now();
    const first = orderPlaced(
      ana,
      [
        [books.A, 2],
        [books.B, 1],
      ],
      now,
    );
    const second = orderPlaced(
      budi,
      [
        [books.A, 1],
        [books.B, 1],
        [books.C, 1],
      ],
      now,
    );
    const cancelledLater = orderPlaced(
      ana,
      [
        [books.C, 1],
        [books.D, 3],
      ],
      now,
    );
    const cancelledFirst = orderPlaced(
      budi,
      [
        [books.A, 1],
        [books.D, 1],
      ],
      now,
    );
    // A book named twice in one order: its units add up, and it pairs with nothing.
    const twice = orderPlaced(
      citra,
      [
        [books.B, 1],
        [books.B, 2],
      ],
      now,
    );

    await sut.deliver(first, second, cancelledLater, orderCancelled(cancelledFirst), twice);
    await sut.deliver(orderCancelled(cancelledLater));
    await sut.deliver(cancelledFirst);

    const units = { A: 3, B: 5, C: 1 };
    expect(await bookCounts()).toEqual({
      sales: units,
      windows: windowsOf(units),
      pairs: { AB: 2, BA: 2, AC: 1, CA: 1, BC: 1, CB: 1 },
      memberBooks: { 'ana A': 1, 'ana B': 1, 'budi A': 1, 'budi B': 1, 'budi C': 1, 'citra B': 1 },
    });
    // The order cancelled before its placement came is remembered, with nothing to take back.
    const tombstone = await sut.db.selectFrom('purchase_orders').selectAll().where('order_id', '=', cancelledFirst.payload.orderId).executeTakeFirstOrThrow();
    expect(tombstone).toMatchObject({ cancelled: true, book_ids: [], quantities: [] });
    expect(tombstone.placed_at?.toISOString()).toBe(now.toISOString());

    const popular = (await sut.api.get(`/api/recommendations/popular?category=${categoryId}`)).body.items;
    expect(popular.map((book: { id: string; unitsSold: number }) => [nameOf.get(book.id), book.unitsSold])).toEqual([
      ['B', 5],
      ['A', 3],
      ['C', 1],
    ]);
  });

  it('changes nothing when events come again, or an order is handed over again (by a rebuild)', async () => {
    const placed = orderPlaced(
      citra,
      [
        [books.C, 1],
        [books.A, 1],
      ],
      sut.clock.now(),
    );
    const cancelled = orderCancelled(placed);
    await sut.deliver(placed, cancelled);
    const before = await bookCounts();
    const rowsBefore = await sut.db.selectFrom('purchase_orders').selectAll().orderBy('order_id').execute();

    await sut.deliver(placed, cancelled, placed);
    await sut.ctx.db.transaction().execute((trx) => applyPlacedOrders(sut.ctx, trx, [placed.payload]));
    const again = orderPlaced(citra, [[books.E, 4]], sut.clock.now());
    await sut.deliver(again);
    await sut.ctx.db.transaction().execute((trx) => applyPlacedOrders(sut.ctx, trx, [again.payload]));

    const after = await bookCounts();
    expect(after).toEqual({
      ...before,
      sales: { ...before.sales, E: 4 },
      windows: { ...before.windows, ...windowsOf({ E: 4 }) },
      memberBooks: { ...before.memberBooks, 'citra E': 1 },
    });
    const rowsAfter = await sut.db.selectFrom('purchase_orders').selectAll().where('order_id', '<>', again.payload.orderId).orderBy('order_id').execute();
    expect(rowsAfter).toEqual(rowsBefore);
  });

  it('takes a cancellation back from the windows its sale is still in, and only from those', async () => {
    const book = randomUUID();
    nameOf.set(book, 'F');
    await sut.deliver(bookCreated({ bookId: book, categoryId, title: 'F' }));
    const old = orderPlaced(ana, [[book, 2]], sut.clock.now());
    await sut.deliver(old);

    sut.clock.advanceDays(8);
    await rollSalesWindows(sut.ctx);
    const recent = orderPlaced(budi, [[book, 1]], sut.clock.now());
    await sut.deliver(recent);
    expect(await unitsOf(book)).toEqual({ sales: 3, windows: { 7: 1, 30: 3, 90: 3 } });

    await sut.deliver(orderCancelled(old));
    expect(await unitsOf(book)).toEqual({ sales: 1, windows: { 7: 1, 30: 1, 90: 1 } });
    expect(
      (await sut.api.get(`/api/recommendations/popular?days=7&category=${categoryId}`)).body.items.find((item: { id: string }) => item.id === book),
    ).toMatchObject({
      unitsSold: 1,
    });

    // Past the longest window the day's row is forgotten; a late cancellation still takes the sale back.
    sut.clock.advanceDays(91);
    await rollSalesWindows(sut.ctx);
    expect(await unitsOf(book)).toEqual({ sales: 1, windows: {} });
    expect(await sut.db.selectFrom('book_sales_days').select('book_id').where('book_id', '=', book).execute()).toEqual([]);
    await sut.deliver(orderCancelled(recent));
    expect(await unitsOf(book)).toEqual({ sales: 0, windows: {} });
  });

  it('counts a sale placed before the windows’ days in the total only', async () => {
    const book = randomUUID();
    await sut.deliver(
      bookCreated({ bookId: book, categoryId, title: 'G' }),
      orderPlaced(citra, [[book, 5]], new Date(sut.clock.now().getTime() - 200 * 86_400_000)),
    );
    expect(await unitsOf(book)).toEqual({ sales: 5, windows: {} });
  });

  it('counts the members behind each pair of events, and takes cancelled bookings back', async () => {
    const [talk, workshop, reading] = [randomUUID(), randomUUID(), randomUUID()];
    const names = new Map<string, string>([
      [talk, 'talk'],
      [workshop, 'workshop'],
      [reading, 'reading'],
    ]);
    const startsAt = new Date(sut.clock.now().getTime() + 7 * 86_400_000);
    await sut.deliver(...[...names].map(([eventId, title]) => eventPublished({ eventId, title, startsAt })));
    const anaWorkshop = bookingConfirmed(ana, workshop);
    const citraWorkshop = bookingConfirmed(citra, workshop);
    await sut.deliver(
      bookingConfirmed(ana, talk),
      anaWorkshop,
      bookingConfirmed(budi, talk),
      bookingConfirmed(budi, talk),
      bookingConfirmed(budi, reading),
      bookingCancelled(citraWorkshop),
    );
    await sut.deliver(citraWorkshop, bookingCancelled(anaWorkshop));

    const member = (id: string) => (id === ana ? 'ana' : id === budi ? 'budi' : 'citra');
    const memberEvents = await sut.db
      .selectFrom('member_events')
      .select(['user_id', 'event_id', 'bookings'])
      .where('event_id', 'in', [...names.keys()])
      .execute();
    expect(Object.fromEntries(memberEvents.map((row) => [`${member(row.user_id)} ${names.get(row.event_id)}`, row.bookings]))).toEqual({
      'ana talk': 1,
      'budi talk': 2,
      'budi reading': 1,
    });
    const pairs = await sut.db
      .selectFrom('event_pairs')
      .select(['event_id', 'paired_event_id', 'members'])
      .where('event_id', 'in', [...names.keys()])
      .execute();
    expect(Object.fromEntries(pairs.map((row) => [`${names.get(row.event_id)}+${names.get(row.paired_event_id)}`, row.members]))).toEqual({
      'talk+reading': 1,
      'reading+talk': 1,
    });
  });

  async function unitsOf(bookId: string) {
    const sales = await sut.db.selectFrom('book_sales').select('units').where('book_id', '=', bookId).executeTakeFirst();
    const windows = await sut.db.selectFrom('book_sales_windows').select(['days', 'units']).where('book_id', '=', bookId).execute();
    return { sales: sales?.units ?? 0, windows: Object.fromEntries(windows.map((row) => [row.days, row.units])) };
  }
});
