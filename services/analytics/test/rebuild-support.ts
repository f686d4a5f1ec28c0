import { catalogService } from '@pustaka/catalog';
import { catalogSettings } from '@pustaka/catalog/config';
import { newBook, newCategory } from '@pustaka/catalog/testing';
import { ordersService } from '@pustaka/orders';
import { ordersSettings } from '@pustaka/orders/config';
import { ticketingService } from '@pustaka/ticketing';
import { ticketingSettings } from '@pustaka/ticketing/config';
import { newEvent } from '@pustaka/ticketing/testing';
import { expect } from 'vitest';
import { sql } from '@pustaka/kit/db';
import { createTestTokens, eventually, httpClient, startTestPlatform } from '@pustaka/kit/testing';
import type { HttpClient, TestStorage } from '@pustaka/kit/testing';
import { analyticsSettings } from '../config.ts';
import type { AnalyticsSettings } from '../config.ts';
import { analyticsService } from '../src/analytics.service-module.ts';
import { rollupsConsumer } from '../src/rollups/rollups.consumer.ts';

/** A clock the test moves: the shop's day changes when the test says. */
export interface TestClock {
  now(): Date;
  set(at: Date): void;
}

export interface ShopUnderTest {
  api: HttpClient;
  clock: TestClock;
  tokens: { staff: string; admin: string };
  /** A new member's token each call. */
  member(): Promise<string>;
  close(): Promise<void>;
}

/**
 * Analytics with the owners it is fed by and rebuilt from (catalog, orders, ticketing) on one free
 * port, on a clock of the test's, so the rollups are kept by the events those services record and
 * rebuilt from their listings, as in the embedded app (the catalog's demo seed off).
 */
export async function startShop(storage: TestStorage, startAt: Date, settings: Partial<AnalyticsSettings> = {}): Promise<ShopUnderTest> {
  let at = startAt.getTime();
  const clock: TestClock = { now: () => new Date(at), set: (next) => (at = next.getTime()) };
  const tokens = await createTestTokens();
  const platform = await startTestPlatform(
    storage,
    [
      tokens.service,
      catalogService(catalogSettings({ SEED_DEMO: false })),
      ordersService(ordersSettings()),
      ticketingService(ticketingSettings()),
      analyticsService(analyticsSettings(settings)),
    ],
    { now: clock.now },
  );
  const [staff, admin] = await Promise.all([tokens.issue({ role: 'staff' }), tokens.issue({ role: 'admin' })]);
  return { api: httpClient(platform.url), clock, tokens: { staff, admin }, member: () => tokens.issue({ role: 'member' }), close: () => platform.close() };
}

/** Waits until analytics' consumer has applied every event the owners recorded that it consumes. */
export async function untilConsumed(storage: TestStorage): Promise<void> {
  const pending = async () => {
    const { rows } = await sql<{ count: number }>`
      select count(*)::int as count from (
        select event_id, type from catalog.outbox union all select event_id, type from orders.outbox union all select event_id, type from ticketing.outbox
      ) recorded
      where type = any(${[...rollupsConsumer.events]}::text[])
        and not exists (select 1 from analytics.inbox where consumer_id = ${rollupsConsumer.consumerId} and event_id = recorded.event_id)`.execute(
      storage.database.root,
    );
    return rows[0]!.count;
  };
  await eventually(async () => expect(await pending()).toBe(0), 30_000);
}

/** Every row of every rollup, and what the ledger and reference rows say (without the versions, which a rebuild cannot know). */
export async function rollupsSnapshot(storage: TestStorage) {
  const db = storage.database.root;
  const rows = async (query: ReturnType<typeof sql>) => (await query.execute(db)).rows;
  return {
    shopDays: await rows(
      sql`select day::text, orders_placed, orders_cancelled, orders_fulfilled, lines_placed, lines_cancelled, gross_revenue::int8::text, refunded_revenue::int8::text, units_sold, units_returned, seats_sold, ticket_revenue::int8::text, other_currency_orders from analytics.shop_days order by day`,
    ),
    bookDays: await rows(sql`select day::text, book_id, revenue::int8::text, units from analytics.book_days order by 1, 2`),
    bookMonths: await rows(sql`select month::text, book_id, revenue::int8::text, units from analytics.book_months order by 1, 2`),
    categoryDays: await rows(sql`select day::text, category_id, revenue::int8::text, units from analytics.category_days order by 1, 2`),
    categoryMonths: await rows(sql`select month::text, category_id, revenue::int8::text, units from analytics.category_months order by 1, 2`),
    customerDays: await rows(sql`select day::text, user_id, spend::int8::text, orders from analytics.customer_days order by 1, 2`),
    customerMonths: await rows(sql`select month::text, user_id, spend::int8::text, orders from analytics.customer_months order by 1, 2`),
    eventDays: await rows(sql`select day::text, event_id, seats, revenue::int8::text from analytics.event_days order by 1, 2`),
    stockDays: await rows(sql`select * from analytics.book_stock_days order by book_id, day`),
    orders: await rows(sql`select order_id, user_id, counted, placed_on::text, cancelled_on::text, fulfilled_on::text from analytics.orders order by order_id`),
    orderLines: await rows(sql`select * from analytics.order_lines order by order_id, line`),
    books: await rows(sql`select book_id, title, category_id, stock, low_stock_threshold, deleted from analytics.books order by book_id`),
    categories: await rows(sql`select category_id, name from analytics.categories order by category_id`),
    events: await rows(sql`select event_id, title, starts_at, capacity, cancelled from analytics.ticketed_events order by event_id`),
  };
}

/** Files a category in the catalog and returns its id. */
export async function addCategory(sut: ShopUnderTest, name: string): Promise<string> {
  const response = await sut.api.post('/api/categories', { token: sut.tokens.staff, body: newCategory({ name }) });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.id;
}

/** Adds a book to the catalog (priced in the shop's currency unless `fields` say otherwise) and returns its id. */
export async function addBook(sut: ShopUnderTest, categoryId: string, fields: Record<string, unknown>): Promise<string> {
  const response = await sut.api.post('/api/books', { token: sut.tokens.staff, body: newBook(categoryId, { currency: 'IDR', ...fields }) });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.id;
}

/** Creates and publishes an event in ticketing (general admission) and returns its id. */
export async function publishEvent(sut: ShopUnderTest, capacity: number, price: number): Promise<string> {
  const created = await sut.api.post('/api/events', {
    token: sut.tokens.staff,
    body: newEvent(sut.clock.now(), { seating: { kind: 'general', capacity, price } }),
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  expect((await sut.api.post(`/api/events/${created.body.id}/publish`, { token: sut.tokens.staff })).status).toBe(200);
  return created.body.id;
}

/** Places an order of the books (quantities 1, 2, 1, ...) and returns its id. */
export async function placeOrder(sut: ShopUnderTest, token: string, books: string[]): Promise<string> {
  const placed = await sut.api.post('/api/orders', { token, body: { items: books.map((bookId, n) => ({ bookId, quantity: 1 + (n % 2) })) } });
  expect(placed.status, JSON.stringify(placed.body)).toBe(201);
  return placed.body.id;
}

/** Holds seats at an event and books them; returns the booking's id. */
export async function bookSeats(sut: ShopUnderTest, token: string, eventId: string, quantity: number): Promise<string> {
  const hold = await sut.api.post(`/api/events/${eventId}/holds`, { token, body: { quantity } });
  expect(hold.status, JSON.stringify(hold.body)).toBe(201);
  const booked = await sut.api.post('/api/bookings', { token, body: { holdId: hold.body.holdId } });
  expect(booked.status, JSON.stringify(booked.body)).toBe(201);
  return booked.body.id;
}

/** Starts a rebuild through the admin route and follows it until it ends. */
export async function rebuildThroughRoute(sut: ShopUnderTest) {
  const started = await sut.api.post('/api/dashboard/rebuild', { token: sut.tokens.admin });
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  const location = started.headers.get('location');
  expect(location).toBe(`/api/dashboard/rebuild/${started.body.id}`);
  let run = started.body;
  await eventually(async () => {
    run = (await sut.api.get(location!, { token: sut.tokens.admin })).body;
    expect(run.state).not.toBe('running');
  }, 60_000);
  return run;
}
