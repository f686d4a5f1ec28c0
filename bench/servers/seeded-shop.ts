// The embedded platform (every service of the list in one process, or those BENCH_SERVICES
// names) over the database the environment names (DATABASE_URL, else PGlite under DATA_DIR),
// filled with the seeded shop the way the live system fills discovery: each book a
// `book.created` event as the catalog publishes it, and with BENCH_ORDERS each order but the last
// BENCH_HOLDOUT an `order.placed` (and `order.cancelled`) as the orders service publishes them,
// applied by discovery's own consumers (inbox, batches). It prints how long that took
// (`INDEXED {...}` on stdout), then listens. Also answers `GET /bench/ilike?q=`: the naive search a
// shop without an index would run, on the same database, for comparison.
import { BOOK_CREATED, ORDER_CANCELLED, ORDER_PLACED } from '@pustaka/contracts';
import { openCache } from '@pustaka/kit/cache';
import { newEvent } from '@pustaka/kit/bus';
import type { Transport } from '@pustaka/kit/bus';
import { sql } from '@pustaka/kit/db';
import type { Database } from '@pustaka/kit/db';
import type { HttpApp } from '@pustaka/kit/http';
import { createLogger } from '@pustaka/kit/log';
import { buildPlatform, serviceFromManifest } from '@pustaka/kit/platform';
import type { ServiceFactory } from '@pustaka/kit/platform';
import { services } from '@pustaka/services';
import { Type } from 'typebox';
import { loadEmbeddedConfig } from '../../apps/embedded/config.ts';
import { openEmbeddedDatabase } from '../../apps/embedded/src/build-embedded.ts';
import { bookCreatedPayload, orderCancelledPayload, orderPlacedPayload, seededCatalog, seededOrders } from '../lib/seeded-books.ts';

const SEED = Number(process.env.BENCH_SEED ?? 42);
const BOOKS = Number(process.env.BENCH_BOOKS ?? 100_000);
const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 10_000);
const ORDERS = Number(process.env.BENCH_ORDERS ?? 0);
const HOLDOUT = Number(process.env.BENCH_HOLDOUT ?? 0);
const SERVICES = process.env.BENCH_SERVICES?.split(',');
// Published in slices, so the queue in memory never holds the whole shop at once.
const SLICE = 2_000;

// The load comes from one address: the edge's rate limits (npm start has them) are for real clients.
const BENCH_LIMITS = { RATE_LIMIT_PER_MINUTE: '100000000', RATE_LIMIT_AUTH_PER_MINUTE: '100000000' };
const config = loadEmbeddedConfig({ ...BENCH_LIMITS, ...process.env, SEED_DEMO: 'false' });
const logger = createLogger({ name: 'seeded-shop', level: config.LOG_LEVEL, pretty: false });
const database = await openEmbeddedDatabase(config);

let transport: Transport | undefined;
// Not a service of the list: the bench's own hands inside the process, holding the transport
// the catalog's relay publishes on, and the naive search to compare with.
const benchHands: ServiceFactory = async (deps) => {
  transport = deps.events.transport;
  return { name: 'bench', routes: async (app) => registerNaiveSearch(app, deps.database) };
};

const platform = await buildPlatform({
  openapi: { title: 'Pustaka (seeded shop)', version: '0.1.0' },
  database,
  cache: openCache({ url: config.REDIS_URL }),
  logger,
  services: [...services.filter((service) => !SERVICES || SERVICES.includes(service.name)).map((service) => serviceFromManifest(service, config)), benchHands],
  http: { bodyLimitBytes: config.HTTP_BODY_LIMIT_BYTES, requestTimeoutMs: config.HTTP_REQUEST_TIMEOUT_MS },
  // Without identity in the process, tokens are verified with the keys of the bench's stand-in.
  auth: { issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE, jwksUrl: process.env.BENCH_JWKS_URL },
  publicBaseUrl: `http://127.0.0.1:${config.PORT}`,
});

const started = performance.now();
const shop = ORDERS > 0 ? seededOrders({ seed: SEED, books: BOOKS, members: MEMBERS, orders: ORDERS }) : undefined;
const catalog = shop?.catalog ?? seededCatalog({ seed: SEED, books: BOOKS });
const generatedMs = performance.now() - started;
const categoryNames = new Map(catalog.categories.map((category) => [category.id, category.name]));
const indexStarted = performance.now();
// A shop filled before (a second run over the same database) is not filled again.
if ((await searchableBooks(database)) < catalog.books.length) {
  for (let from = 0; from < catalog.books.length; from += SLICE) {
    for (const book of catalog.books.slice(from, from + SLICE)) {
      await transport!.publish(newEvent(BOOK_CREATED, bookCreatedPayload(book, categoryNames.get(book.categoryId)!)));
    }
    // At most two slices wait in the queue: the one just published and the one being applied.
    await waitUntilIndexed(database, from);
  }
  await waitUntilIndexed(database, catalog.books.length);
}
const indexMs = performance.now() - indexStarted;
const ordersStarted = performance.now();
const training = shop ? shop.orders.slice(0, Math.max(0, shop.orders.length - HOLDOUT)) : [];
const cancelled = training.filter((order) => order.status === 'cancelled');
if (training.length > 0 && (await countedOrders(database)).placed < training.length) {
  for (let from = 0; from < training.length; from += SLICE) {
    for (const order of training.slice(from, from + SLICE)) {
      await transport!.publish(newEvent(ORDER_PLACED, orderPlacedPayload(order)));
      if (order.status === 'cancelled') await transport!.publish(newEvent(ORDER_CANCELLED, orderCancelledPayload(order)));
    }
    await waitUntilCounted(database, from, 0);
  }
  await waitUntilCounted(database, training.length, cancelled.length);
}
const ordersMs = performance.now() - ordersStarted;
// A live shop's statistics follow its tables (PostgreSQL's autovacuum analyzes them within a minute
// or so of a burst; the seeder and a rebuild analyze what they write). Fed in one burst and asked
// at once, the planner would still believe the tables empty: a member's recommendations took 130 ms
// instead of 5 ms, scanning every book for each of their pairs.
await sql`analyze`.execute(database.root);
console.log(
  `INDEXED ${JSON.stringify({ books: catalog.books.length, orders: training.length, generatedMs: Math.round(generatedMs), indexMs: Math.round(indexMs), ordersMs: Math.round(ordersMs) })}`,
);

await platform.app.listen({ port: config.PORT, host: '127.0.0.1' });
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    void platform.close().finally(() => process.exit(0));
  });
}

/** Waits until discovery holds `count` searchable books (polled: its consumer says nothing outside). */
async function waitUntilIndexed(db: Database, count: number): Promise<void> {
  while ((await searchableBooks(db)) < count) await new Promise((resolve) => setTimeout(resolve, 200));
}

/** Waits until discovery's recommendations hold `placed` orders, `cancelled` of them cancelled. */
async function waitUntilCounted(db: Database, placed: number, cancelled: number): Promise<void> {
  for (;;) {
    const counted = await countedOrders(db);
    if (counted.placed >= placed && counted.cancelled >= cancelled) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function countedOrders(db: Database): Promise<{ placed: number; cancelled: number }> {
  const { rows } = await sql<{ placed: number; cancelled: number }>`
    select count(placed_at)::int as placed, count(*) filter (where cancelled)::int as cancelled from discovery.purchase_orders`.execute(db.root);
  return rows[0]!;
}

async function searchableBooks(db: Database): Promise<number> {
  const { rows } = await sql<{ books: number }>`select count(*)::int as books from discovery.documents where searchable`.execute(db.root);
  return rows[0]!.books;
}

/**
 * The search a shop writes before it has an index: the typed text anywhere in a title or an
 * author's name, case-insensitive, no ranking, no typos forgiven.
 */
function registerNaiveSearch(app: HttpApp, db: Database): void {
  app.get(
    '/bench/ilike',
    {
      config: { access: 'public' },
      schema: { hide: true, querystring: Type.Object({ q: Type.String({ maxLength: 200 }), limit: Type.Integer({ minimum: 1, maximum: 50, default: 20 }) }) },
    },
    async (request) => {
      const pattern = `%${request.query.q.replace(/[\\%_]/g, '\\$&')}%`;
      const { rows } = await sql<{ id: string }>`
        select id from discovery.documents
        where searchable and (title ilike ${pattern} or array_to_string(people, ' ') ilike ${pattern})
        order by title
        limit ${request.query.limit}`.execute(db.root);
      return { items: rows };
    },
  );
}
