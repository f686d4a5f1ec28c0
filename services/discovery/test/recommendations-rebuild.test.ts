import { beforeAll, expect, it } from 'vitest';
import { sql } from '@pustaka/kit/db';
import { describeService, eventually } from '@pustaka/kit/testing';
import type { TestStorage } from '@pustaka/kit/testing';
import { recommendationsConsumer } from '../src/recommendations/recommendations.consumer.ts';
import { addBook, addCategory, publishEvent, rebuildThroughRoute, startDiscovery } from './support.ts';
import type { DiscoveryUnderTest } from './support.ts';

/** Every row of the recommendations, scores to 12 digits (a sum of the same terms in another order may differ in its last bit). */
async function recommendationsSnapshot(storage: TestStorage) {
  const db = storage.database.root;
  const rows = async (query: ReturnType<typeof sql>) => (await query.execute(db)).rows.map(roundScores);
  return {
    orders: await rows(sql`select order_id, user_id, placed_at, cancelled, book_ids, quantities from discovery.purchase_orders order by order_id`),
    sales: await rows(sql`select book_id, units, score from discovery.book_sales order by book_id`),
    days: await rows(sql`select day::text, book_id, units, score from discovery.book_sales_days order by 1, 2`),
    windows: await rows(sql`select days, book_id, units, score from discovery.book_sales_windows order by 1, 2`),
    pairs: await rows(sql`select book_id, paired_book_id, orders from discovery.book_pairs order by 1, 2`),
    memberBooks: await rows(sql`select user_id, book_id, orders, score from discovery.member_books order by 1, 2`),
    bookings: await rows(sql`select * from discovery.booking_states order by booking_id`),
    memberEvents: await rows(sql`select * from discovery.member_events order by 1, 2`),
    eventPairs: await rows(sql`select * from discovery.event_pairs order by 1, 2`),
  };
}

function roundScores(row: unknown) {
  const copy = { ...(row as Record<string, unknown>) };
  if (typeof copy.score === 'number') copy.score = Number(copy.score.toPrecision(12));
  return copy;
}

/** Waits until the recommendations consumer has applied every order and booking event recorded. */
async function untilRecommended(storage: TestStorage): Promise<void> {
  const pending = async () => {
    const { rows } = await sql<{ count: number }>`
      select count(*)::int as count from (
        select event_id, type from orders.outbox union all select event_id, type from ticketing.outbox
      ) recorded
      where type = any(${[...recommendationsConsumer.events]}::text[])
        and not exists (select 1 from discovery.inbox where consumer_id = ${recommendationsConsumer.consumerId} and event_id = recorded.event_id)`.execute(
      storage.database.root,
    );
    return rows[0]!.count;
  };
  await eventually(async () => expect(await pending()).toBe(0), 20_000);
}

async function order(sut: DiscoveryUnderTest, token: string, books: string[]): Promise<string> {
  const placed = await sut.api.post('/api/orders', { token, body: { items: books.map((bookId, n) => ({ bookId, quantity: 1 + (n % 2) })) } });
  expect(placed.status).toBe(201);
  return placed.body.id;
}

async function book(sut: DiscoveryUnderTest, token: string, eventId: string): Promise<string> {
  const hold = await sut.api.post(`/api/events/${eventId}/holds`, { token, body: { quantity: 2 } });
  expect(hold.status).toBe(201);
  const booked = await sut.api.post('/api/bookings', { token, body: { holdId: hold.body.holdId } });
  expect(booked.status, JSON.stringify(booked.body)).toBe(201);
  return booked.body.id;
}

describeService('rebuilt recommendations are the ones the events kept', startDiscovery, (sut, { storage }) => {
  beforeAll(async () => {
    const category = await addCategory(sut, 'Sastra');
    const books: string[] = [];
    for (let n = 0; n < 6; n++) books.push((await addBook(sut, category, { stock: 50 })).id);
    const [ana, budi, citra] = [await sut.member(), await sut.member(), await sut.member()];
    await order(sut, ana, [books[0]!, books[1]!, books[2]!]);
    await order(sut, budi, [books[0]!, books[1]!]);
    const cancelled = await order(sut, citra, [books[0]!, books[3]!]);
    await order(sut, citra, [books[4]!]);
    expect((await sut.api.post(`/api/orders/${cancelled}/cancel`, { token: citra })).status).toBe(200);

    const general = { seating: { kind: 'general', capacity: 40, price: 5_000 } };
    const [talk, workshop] = [await publishEvent(sut, { title: 'Bedah buku', ...general }), await publishEvent(sut, { title: 'Lokakarya', ...general })];
    await book(sut, ana, talk);
    await book(sut, ana, workshop);
    await book(sut, budi, talk);
    const called = await book(sut, budi, workshop);
    expect((await sut.api.post(`/api/bookings/${called}/cancel`, { token: budi })).status).toBe(200);
    await untilRecommended(storage);
  });

  it('counts every order and booking the owners list once, cancellations taken back, as the consumer did', async () => {
    const live = await recommendationsSnapshot(storage);
    expect(live.orders).toHaveLength(4);
    expect(live.pairs.length).toBeGreaterThan(0);
    expect(live.eventPairs.length).toBeGreaterThan(0);

    const run = await rebuildThroughRoute(sut);
    expect(run).toMatchObject({
      state: 'succeeded',
      steps: [
        { name: 'books', state: 'done', items: 6 },
        { name: 'events', state: 'done', items: 2 },
        { name: 'orders', state: 'done', items: 4 },
        // The cancelled booking is not listed, and counts nothing either way.
        { name: 'bookings', state: 'done', items: 3 },
      ],
    });
    const rebuilt = await recommendationsSnapshot(storage);
    // The live model remembers the cancelled booking; a rebuild only what is booked now.
    expect({ ...rebuilt, bookings: [] }).toEqual({ ...live, bookings: [] });
    expect(rebuilt.bookings).toEqual(live.bookings.filter((row) => !row.cancelled));
  });

  it('keeps counting the orders placed after the rebuild, once each', async () => {
    const category = await addCategory(sut, 'Puisi');
    const [first, second] = [(await addBook(sut, category, {})).id, (await addBook(sut, category, {})).id];
    await order(sut, await sut.member(), [first, second]);
    await untilRecommended(storage);
    const boughtWith = (await sut.api.get(`/api/books/${first}/recommendations`)).body.items.filter(
      (item: { reason: string }) => item.reason === 'bought-together',
    );
    expect(boughtWith).toEqual([expect.objectContaining({ id: second })]);
  });
});
