import { beforeAll, expect, it } from 'vitest';
import { CompiledQuery, sql } from 'kysely';
import type { KyselyPlugin, QueryId, RootOperationNode } from 'kysely';
import { migrateToLatest, serviceDb } from '@pustaka/kit/db';
import type { Kysely } from '@pustaka/kit/db';
import { describeService } from '@pustaka/kit/testing';
import type { TestStorage } from '@pustaka/kit/testing';
import { migrations } from '../migrations/index.ts';
import type { AnalyticsTables } from '../src/analytics.tables.ts';
import { splitByMonths } from '../src/calendar/shop-calendar.ts';
import {
  findBookSales,
  findBookStockDays,
  findBookTitles,
  findCategoryNames,
  findCustomerNames,
  findLowStockBooks,
  findReportedBook,
  findShopDays,
  findTicketedEvents,
  sumCategories,
  sumEventSeats,
} from '../src/dashboard/dashboard.repository.ts';
import { aggregateRanked, readRankedRows, sumRankedFor, TOP_OF_LIST } from '../src/dashboard/ranked.repository.ts';
import { findOrderLines, findUncategorisedLines, lockBookings, lockOrders } from '../src/rollups/ledger.repository.ts';
import { lockBooks } from '../src/rollups/reference.repository.ts';

const DAYS = 240;
const BOOKS = 300;
const id = (kind: string, n: number) => `00000000-0000-7000-8000-${kind}${String(n).padStart(11, '0')}`;
const book = (n: number) => id('b', n);
const customer = (n: number) => id('a', n);

/** Analytics' schema over the storage, holding eight months of a shop's rollups (some 300,000 rows), analysed. */
async function startRollupsOfMonths(storage: TestStorage) {
  await migrateToLatest(storage.database, 'analytics', migrations);
  const root = storage.database.root;
  const days = sql`(select generate_series(date '2025-01-01', date '2025-01-01' + ${sql.lit(DAYS - 1)}, interval '1 day')::date as d) as days`;
  const uuid = (kind: string) => sql.raw(`('00000000-0000-7000-8000-${kind}' || lpad(n::text, 11, '0'))::uuid`);
  await sql`insert into analytics.books (book_id, title, category_id, stock, low_stock_threshold, content_version, stock_version)
    select ${uuid('b')}, 'Buku ' || n, ${sql.raw(`('00000000-0000-7000-8000-c' || lpad((n % 12)::text, 11, '0'))::uuid`)}, case when n % 97 = 0 then 1 else 50 end, 3, null, null
    from generate_series(1, 5000) n`.execute(root);
  await sql`insert into analytics.customers (user_id, name, version) select ${uuid('a')}, 'Pelanggan ' || n, ${id('e', 1)} from generate_series(1, 5000) n`.execute(
    root,
  );
  // Ten years of days, though the rollups below hold eight months: a shop that has been open a while.
  await sql`insert into analytics.shop_days (day, orders_placed, gross_revenue)
    select generate_series(date '2016-01-01', date '2025-12-31', interval '1 day')::date, 100, 1000000`.execute(root);
  // A few thousand categories: with a few hundred, their table is a few pages and PostgreSQL
  // rightly reads it whole for a lookup, which says nothing about the index.
  await sql`insert into analytics.categories (category_id, name, version) select ${uuid('c')}, 'Rak ' || n, ${id('e', 1)} from generate_series(0, 2999) n`.execute(
    root,
  );
  for (const [table, key, measure, count, kind] of [
    ['book_days', 'book_id', 'revenue', 'units', 'b'],
    ['customer_days', 'user_id', 'spend', 'orders', 'a'],
  ] as const) {
    await sql`insert into ${sql.table(`analytics.${table}`)} (day, ${sql.ref(key)}, ${sql.ref(measure)}, ${sql.ref(count)})
      select d, ${uuid(kind)}, (n * 7919 + extract(doy from d)::int * 104729) % 100000, 1 + n % 3 from ${days}, generate_series(1, ${sql.lit(BOOKS)}) n`.execute(
      root,
    );
    const months = table === 'book_days' ? 'book_months' : 'customer_months';
    await sql`insert into ${sql.table(`analytics.${months}`)} (month, ${sql.ref(key)}, ${sql.ref(measure)}, ${sql.ref(count)})
      select date_trunc('month', day)::date, ${sql.ref(key)}, sum(${sql.ref(measure)}), sum(${sql.ref(count)}) from ${sql.table(`analytics.${table}`)} group by 1, 2`.execute(
      root,
    );
  }
  await sql`insert into analytics.category_days (day, category_id, revenue, units)
    select d, ${uuid('c')}, n * 1000, n from ${days}, generate_series(0, 299) n`.execute(root);
  // The months of ten years: categories are few, but their months add up.
  await sql`insert into analytics.category_months (month, category_id, revenue, units)
    select m::date, ${uuid('c')}, 30000 * n, 30 * n from generate_series(date '2016-01-01', date '2025-12-01', interval '1 month') m, generate_series(0, 299) n`.execute(
    root,
  );
  await sql`insert into analytics.ticketed_events (event_id, title, capacity) select ${uuid('f')}, 'Acara ' || n, 100 from generate_series(1, 2000) n`.execute(
    root,
  );
  await sql`insert into analytics.event_days (day, event_id, seats, revenue)
    select d, ${uuid('f')}, 2, 100000 from ${days}, generate_series(1, 2000) n where (n + extract(doy from d)::int) % 50 = 0`.execute(root);
  await sql`insert into analytics.book_stock_days (book_id, day, corrected, closing_stock, closing_version)
    select ${uuid('b')}, d, -1, 10, ${id('e', 1)} from ${days}, generate_series(1, ${sql.lit(BOOKS)}) n`.execute(root);
  await sql`insert into analytics.orders (order_id, user_id, counted, placed_on) select ${uuid('d')}, ${customer(1)}, true, date '2025-01-01' from generate_series(1, 20000) n`.execute(
    root,
  );
  await sql`insert into analytics.order_lines (order_id, line, book_id, category_id, quantity, unit_price)
    select ${uuid('d')}, 0, ${sql.raw(`('00000000-0000-7000-8000-b' || lpad((n % 5000)::text, 11, '0'))::uuid`)}, case when n % 1000 = 0 then null else ${id('c', 1)}::uuid end, 1, 1000
    from generate_series(1, 20000) n`.execute(root);
  await sql`insert into analytics.bookings (booking_id, states) select ${uuid('e')}, '[]' from generate_series(1, 5000) n`.execute(root);
  // What autovacuum keeps for a live shop: statistics, and the visibility map that lets a covering
  // index answer without visiting the table.
  await sql`vacuum analyze`.execute(root);
  return { db: serviceDb<AnalyticsTables>(storage.database, 'analytics') };
}

type Query = [name: string, run: (db: Kysely<AnalyticsTables>) => Promise<unknown>];

const year = splitByMonths('2025-01-15', '2025-08-20');
const QUERIES: Query[] = [
  ['findShopDays', (db) => findShopDays(db, '2025-01-01', '2025-08-28')],
  ['sumCategories', (db) => sumCategories(db, year)],
  ['sumEventSeats, events whose seats moved', (db) => sumEventSeats(db, '2025-03-01', '2025-03-30')],
  ['sumEventSeats, given events', (db) => sumEventSeats(db, '2025-02-01', '2025-02-28', [id('f', 20), id('f', 40)])],
  ['findTicketedEvents', (db) => findTicketedEvents(db, [id('f', 20), id('f', 40)])],
  ['findLowStockBooks', (db) => findLowStockBooks(db, 10)],
  ['findBookTitles', (db) => findBookTitles(db, [book(1), book(2)])],
  ['findCategoryNames', (db) => findCategoryNames(db, [id('c', 1), id('c', 2)])],
  ['findCustomerNames', (db) => findCustomerNames(db, [customer(1), customer(2)])],
  ['findReportedBook', (db) => findReportedBook(db, book(7))],
  ['findBookSales', (db) => findBookSales(db, book(7), '2025-01-01', '2025-08-28')],
  ['findBookStockDays', (db) => findBookStockDays(db, book(7), '2025-01-01', '2025-08-28')],
  [
    'readRankedRows, books per day',
    (db) =>
      readRankedRows(db, 'books', 'day', [
        { at: '2025-01-15', ...TOP_OF_LIST, take: 16 },
        { at: '2025-01-16', afterMeasure: '50000', afterKey: book(9), take: 16 },
      ]),
  ],
  ['readRankedRows, books per month', (db) => readRankedRows(db, 'books', 'month', [{ at: '2025-02-01', ...TOP_OF_LIST, take: 16 }])],
  ['readRankedRows, customers per day', (db) => readRankedRows(db, 'customers', 'day', [{ at: '2025-01-15', ...TOP_OF_LIST, take: 16 }])],
  ['sumRankedFor, books', (db) => sumRankedFor(db, 'books', year, [book(1), book(2), book(3)])],
  ['sumRankedFor, customers', (db) => sumRankedFor(db, 'customers', year, [customer(1), customer(2)])],
  ['aggregateRanked, books', (db) => aggregateRanked(db, 'books', '2025-03-01', '2025-03-02', 10)],
  ['aggregateRanked, customers', (db) => aggregateRanked(db, 'customers', '2025-03-01', '2025-03-02', 10)],
  ['lockBooks', (db) => db.transaction().execute((trx) => lockBooks(trx, [book(1), book(2)]))],
  ['lockOrders', (db) => db.transaction().execute((trx) => lockOrders(trx, [id('d', 1), id('d', 2)]))],
  ['findOrderLines', (db) => findOrderLines(db, [id('d', 1), id('d', 2)])],
  ['findUncategorisedLines', (db) => findUncategorisedLines(db, [book(1000), book(1001)])],
  ['lockBookings', (db) => db.transaction().execute((trx) => lockBookings(trx, [id('e', 1)]))],
];

describeService("the dashboard's queries read their covering indexes on months of rollups", startRollupsOfMonths, (sut) => {
  let plans: Map<string, string>;

  beforeAll(async () => {
    plans = new Map();
    for (const [name, run] of QUERIES) plans.set(name, await scansOf(sut.db, run));
  });

  it('reads every table through an index, never a whole table', () => {
    const sequential = [...plans].filter(([, plan]) => /Seq Scan|Bitmap Heap Scan/.test(plan)).map(([name, plan]) => `${name}:\n${plan}`);
    expect(sequential).toEqual([]);
    for (const [name, plan] of plans) expect({ name, scans: plan.length > 0 }).toEqual({ name, scans: true });
  });

  it('keeps the scans of every query in review (src/dashboard/dashboard-queries.plans.txt)', async () => {
    const text = [...plans].map(([name, plan]) => `-- ${name}\n${plan}\n`).join('\n');
    await expect(text).toMatchFileSnapshot('../src/dashboard/dashboard-queries.plans.txt');
  });
});

/**
 * The scans of every statement `run` sends, as the repository sends it (same SQL, same parameters),
 * each as "<scan> using <index> on <table>": what is stable between PostgreSQL versions.
 */
async function scansOf(db: Kysely<AnalyticsTables>, run: (db: Kysely<AnalyticsTables>) => Promise<unknown>): Promise<string> {
  // Subqueries pass through transformQuery too: only the statements executed are explained.
  const built = new Map<QueryId, RootOperationNode>();
  const sent: Array<{ node: RootOperationNode; queryId: QueryId }> = [];
  const recorder: KyselyPlugin = {
    transformQuery: (args) => {
      built.set(args.queryId, args.node);
      return args.node;
    },
    transformResult: async (args) => {
      sent.push({ node: built.get(args.queryId)!, queryId: args.queryId });
      return args.result;
    },
  };
  await run(db.withPlugin(recorder));
  const lines: string[] = [];
  for (const { node, queryId } of sent) {
    const compiled = db.getExecutor().compileQuery(node, queryId);
    if (!/^\s*select/i.test(compiled.sql)) continue;
    const result = await db.executeQuery<Record<string, string>>(CompiledQuery.raw(`explain (costs off) ${compiled.sql}`, [...compiled.parameters]));
    for (const row of result.rows) {
      const scan = /((?:Parallel )?(?:Index Only Scan|Index Scan|Bitmap Index Scan|Bitmap Heap Scan|Seq Scan)(?: Backward)?(?: using \S+)? on \S+)/.exec(
        Object.values(row)[0]!,
      );
      if (scan) lines.push(scan[1]!);
    }
  }
  return lines.join('\n');
}
