import { beforeAll, expect, it } from 'vitest';
import { sql } from '@pustaka/kit/db';
import type { Database } from '@pustaka/kit/db';
import { createLogger } from '@pustaka/kit/log';
import { describeService, httpClient } from '@pustaka/kit/testing';
import type { HttpClient, TestStorage } from '@pustaka/kit/testing';
import { rebuildRollups } from '@pustaka/analytics';
import { rebuildReadModels } from '@pustaka/discovery';
import { buildEmbedded } from '@pustaka/embedded';
import { loadEmbeddedConfig } from '@pustaka/embedded/config';
import { logIn } from '@pustaka/identity/testing';
import { generateShop } from '@pustaka/seed/generate';
import type { SeedShop, ShopOptions } from '@pustaka/seed/generate';
import { importShop, ShopNotEmptyError } from '../src/import-shop.ts';
import type { ShopImports } from '../src/import-shop.ts';
import { shopImportsOver } from '../src/seed-targets.ts';

const OPTIONS: ShopOptions = { seed: 7, books: 600, members: 60, orders: 3_000, events: 12, until: new Date('2026-01-01T00:00:00Z') };
const PASSWORD = 'seeded-members-password';

interface SeededShop {
  shop: SeedShop;
  imports: ShopImports;
  database: Database;
  api: HttpClient;
  /** Rebuilds analytics' rollups from the seeded owners, as `npm run seed` does after discovery's index. */
  rebuildDashboard(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A small generated shop imported into the storage, then the embedded platform started over it
 * and discovery's index rebuilt from the owners, as after `npm run seed` (analytics' rollups are
 * rebuilt by the suite's own first step, a hook of its own).
 */
async function startSeededShop(storage: TestStorage): Promise<SeededShop> {
  const shop = generateShop(OPTIONS);
  const { database } = storage;
  const imports = shopImportsOver({ identity: database, catalog: database, orders: database, ticketing: database });
  await importShop(imports, shop, { replace: false, password: PASSWORD, print: () => {} });
  const logger = createLogger({ name: 'test', level: 'silent' });
  const platform = await buildEmbedded(loadEmbeddedConfig({ LOG_LEVEL: 'silent' }), logger, database, storage.cache);
  await rebuildReadModels({ database, rpc: platform.rpc, logger });
  const api = httpClient(await platform.app.listen({ port: 0, host: '127.0.0.1' }));
  const rebuildDashboard = () => rebuildRollups({ database, rpc: platform.rpc, cache: storage.cache, logger }).then(() => undefined);
  return { shop, imports, database, api, rebuildDashboard, close: () => platform.close() };
}

async function rows<T>(database: Database, query: ReturnType<typeof sql<T>>): Promise<T[]> {
  return (await query.execute(database.root)).rows;
}

/** One hash of everything the seed wrote, table by table in a stable order (the members' password hashes left out: salted anew). */
async function digestOf(database: Database): Promise<string> {
  const tables = [
    sql`select md5(coalesce(string_agg(t::text, '|' order by t.id), '')) as digest from catalog.categories t`,
    sql`select md5(coalesce(string_agg(t::text, '|' order by t.id), '')) as digest from catalog.books t`,
    sql`select md5(coalesce(string_agg(t::text, '|' order by t.order_id), '')) as digest from catalog.stock_reservations t`,
    sql`select md5(coalesce(string_agg(t::text, '|' order by t.order_id, t.book_id), '')) as digest from catalog.stock_reservation_lines t`,
    sql`select md5(coalesce(string_agg(t::text, '|' order by t.id), '')) as digest from orders.orders t`,
    sql`select md5(coalesce(string_agg(t::text, '|' order by t.order_id, t.book_id), '')) as digest from orders.order_items t`,
    sql`select md5(coalesce(string_agg(concat_ws(',', id, email, name, role, created_at), '|' order by id), '')) as digest from identity.users where role = 'member'`,
    sql`select md5(coalesce(string_agg(t::text, '|' order by t.id), '')) as digest from ticketing.events t`,
    sql`select md5(coalesce(string_agg(t::text, '|' order by t.event_id, t.seat_id), '')) as digest from ticketing.seats t`,
    sql`select md5(coalesce(string_agg(t::text, '|' order by t.id), '')) as digest from ticketing.holds t`,
    sql`select md5(coalesce(string_agg(t::text, '|' order by t.id), '')) as digest from ticketing.bookings t`,
  ];
  const digests: string[] = [];
  for (const table of tables) digests.push((await rows<{ digest: string }>(database, table as never))[0]!.digest);
  return digests.join(':');
}

describeService('a seeded shop', startSeededShop, (sut) => {
  beforeAll(async () => {
    await sut.rebuildDashboard();
  });

  it('serves the seeded shop: a member signs in with the printed password and finds their orders', async () => {
    const counts = new Map<string, number>();
    for (const order of sut.shop.orders) counts.set(order.userId, (counts.get(order.userId) ?? 0) + 1);
    const [busiest, ordered] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
    const member = sut.shop.members.find((each) => each.id === busiest)!;
    const session = await logIn(sut.api, { email: member.email, password: PASSWORD });
    const own = await sut.api.get('/api/orders?pageSize=1', { token: session.accessToken });
    expect(own.status).toBe(200);
    expect(own.body.total).toBe(ordered);
    const books = await sut.api.get('/api/books?pageSize=1');
    expect(books.body.total).toBe(OPTIONS.books);
  });

  it('is found by search once discovery has rebuilt its index from the owners: books in both languages, and events', async () => {
    const [indexed] = await rows<{ books: number; events: number }>(
      sut.database,
      sql`select count(*) filter (where type = 'book' and searchable)::int as books, count(*) filter (where type = 'event' and searchable)::int as events
          from discovery.documents`,
    );
    expect(indexed).toEqual({ books: OPTIONS.books, events: sut.shop.events.filter((event) => event.status === 'published').length });
    for (const language of ['id', 'en'] as const) {
      const book = sut.shop.books.find((each) => each.language === language && !each.title.includes(':'))!;
      const found = await sut.api.get(`/api/search?type=book&q=${encodeURIComponent(`${book.title} ${book.authors[0]}`)}&pageSize=5`);
      expect(found.body.items.map((hit: { id: string }) => hit.id)).toContain(book.id);
    }
  });

  it("fills the dashboard's rollups from the owners: every order placed and cancelled counted, its money in the shop's currency", async () => {
    const [owned] = await rows<{ placed: number; cancelled: number; fulfilled: number; gross: string; refunded: string }>(
      sut.database,
      sql`select count(*)::int as placed, (count(*) filter (where status = 'cancelled'))::int as cancelled,
            (count(*) filter (where status = 'fulfilled'))::int as fulfilled, sum(total)::text as gross,
            coalesce(sum(total) filter (where status = 'cancelled'), 0)::text as refunded
          from orders.orders where currency = 'IDR'`,
    );
    const [rolled] = await rows<typeof owned>(
      sut.database,
      sql`select sum(orders_placed)::int as placed, sum(orders_cancelled)::int as cancelled, sum(orders_fulfilled)::int as fulfilled,
            sum(gross_revenue)::text as gross, sum(refunded_revenue)::text as refunded
          from analytics.shop_days`,
    );
    expect(owned!.placed).toBeGreaterThan(1_000);
    expect(rolled).toEqual(owned);
  });

  it("leaves each book's stock at what it had less the units of its live orders, never below zero", async () => {
    const sold = await rows<{ book_id: string; units: number }>(
      sut.database,
      sql`select item.book_id, sum(item.quantity)::int as units from orders.order_items item join orders.orders o on o.id = item.order_id
          where o.status <> 'cancelled' group by item.book_id`,
    );
    const units = new Map(sold.map((row) => [row.book_id, row.units]));
    const stock = new Map(
      (await rows<{ id: string; stock: number }>(sut.database, sql`select id, stock from catalog.books`)).map((row) => [row.id, row.stock]),
    );
    for (const book of sut.shop.books) {
      expect(stock.get(book.id)).toBe(book.initialStock - (units.get(book.id) ?? 0));
      expect(stock.get(book.id)).toBe(sut.shop.orders.stockLeft(book.index));
    }
    expect([...stock.values()].filter((left) => left === 0).length).toBeGreaterThan(0);
  });

  it("keeps every order's reservation as the order left it: committed while it lives, released once cancelled, line for line", async () => {
    const mismatched = await rows<{ id: string }>(
      sut.database,
      sql`select o.id from orders.orders o
          left join catalog.stock_reservations r on r.order_id = o.id
          where r.order_id is null or (r.status = 'released') <> (o.status = 'cancelled') or r.status = 'held'
            or (select array_agg(concat(book_id, '×', quantity, '@', unit_price) order by book_id) from orders.order_items where order_id = o.id)
               <> (select array_agg(concat(book_id, '×', quantity, '@', unit_price) order by book_id) from catalog.stock_reservation_lines where order_id = o.id)`,
    );
    expect(mismatched).toEqual([]);
    const [counts] = await rows<{ orders: number; reservations: number }>(
      sut.database,
      sql`select (select count(*)::int from orders.orders) as orders, (select count(*)::int from catalog.stock_reservations) as reservations`,
    );
    expect(counts).toEqual({ orders: OPTIONS.orders, reservations: OPTIONS.orders });
  });

  it('gives each confirmed booking its seats and no seat to two bookings; general admission stays within capacity', async () => {
    const [seats] = await rows<{ booked: number; expected: number; twice: number; strays: number }>(
      sut.database,
      sql`select
            (select count(*)::int from ticketing.seats where booking_id is not null) as booked,
            (select coalesce(sum(b.quantity), 0)::int from ticketing.bookings b join ticketing.events e on e.id = b.event_id where b.status = 'confirmed' and e.kind = 'seated') as expected,
            (select count(*)::int from (select b.event_id, seat from ticketing.bookings b, unnest(b.seat_ids) seat where b.status = 'confirmed' group by 1, 2 having count(*) > 1) twice) as twice,
            (select count(*)::int from ticketing.seats s join ticketing.bookings b on b.id = s.booking_id where b.status <> 'confirmed' or not (s.seat_id = any (b.seat_ids))) as strays`,
    );
    expect(seats!.booked).toBeGreaterThan(0);
    expect(seats).toEqual({ booked: seats!.expected, expected: seats!.expected, twice: 0, strays: 0 });
    const oversold = await rows<{ id: string }>(
      sut.database,
      sql`select e.id from ticketing.events e join ticketing.bookings b on b.event_id = e.id and b.status = 'confirmed'
          where e.kind = 'general' group by e.id, e.capacity having sum(b.quantity) > e.capacity`,
    );
    expect(oversold).toEqual([]);
    const holds = await rows<{ unspent: number }>(
      sut.database,
      sql`select count(*)::int as unspent from ticketing.bookings b join ticketing.holds h on h.id = b.hold_id where h.status <> 'booked'`,
    );
    expect(holds[0]!.unspent).toBe(0);
  });

  it('plants co-purchases the seeded orders show: books of one affinity group bought together far above chance', async () => {
    const items = await rows<{ order_id: string; book_id: string }>(sut.database, sql`select order_id, book_id from orders.order_items`);
    const byOrder = new Map<string, string[]>();
    for (const item of items) byOrder.set(item.order_id, [...(byOrder.get(item.order_id) ?? []), item.book_id]);
    const ordersOf = new Map<string, Set<string>>();
    for (const [orderId, bookIds] of byOrder) for (const bookId of bookIds) ordersOf.set(bookId, (ordersOf.get(bookId) ?? new Set()).add(orderId));
    let observed = 0;
    let expected = 0;
    for (const group of sut.shop.affinityGroups) {
      const ids = group.bookIndexes.map((index) => sut.shop.books[index]!.id);
      for (let i = 0; i < ids.length; i++) {
        for (let j = i + 1; j < ids.length; j++) {
          const a = ordersOf.get(ids[i]!) ?? new Set<string>();
          const b = ordersOf.get(ids[j]!) ?? new Set<string>();
          observed += [...a].filter((orderId) => b.has(orderId)).length;
          expected += (a.size * b.size) / byOrder.size;
        }
      }
    }
    expect(observed / expected).toBeGreaterThan(20);
  });

  it('refuses to seed a shop that has data, changing nothing, unless told to replace it', async () => {
    const before = await digestOf(sut.database);
    await expect(importShop(sut.imports, sut.shop, { replace: false, password: PASSWORD, print: () => {} })).rejects.toBeInstanceOf(ShopNotEmptyError);
    expect(await digestOf(sut.database)).toBe(before);
  });

  it('writes the same data for the same seed, other data for another', async () => {
    const first = await digestOf(sut.database);
    await importShop(sut.imports, generateShop(OPTIONS), { replace: true, print: () => {} });
    expect(await digestOf(sut.database)).toBe(first);
    await importShop(sut.imports, generateShop({ ...OPTIONS, seed: 8 }), { replace: true, print: () => {} });
    expect(await digestOf(sut.database)).not.toBe(first);
  });
});
