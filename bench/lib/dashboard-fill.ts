import { applyChanges } from '@pustaka/analytics';
import type { AnalyticsChange } from '@pustaka/analytics';
import { catalogBulkImport } from '@pustaka/catalog';
import { analyzeTables, serviceDb, sql } from '@pustaka/kit/db';
import type { Database } from '@pustaka/kit/db';
import { ordersBulkImport } from '@pustaka/orders';
import type { ImportedOrder } from '@pustaka/orders';
import { chunksOf, generateShop, seatsOf } from '@pustaka/seed/generate';
import type { SeedBooking, SeedOrder, SeedShop } from '@pustaka/seed/generate';
import { SEEDED_UNTIL } from './seeded-books.ts';

/** The shop the dashboard bench measures: the same for the same sizes and seed. */
/** Analytics' rollups and the ledger beside them: what the summary and the fill read. */
export const ANALYTICS_TABLES = [
  'books',
  'categories',
  'customers',
  'ticketed_events',
  'orders',
  'order_lines',
  'bookings',
  'shop_days',
  'book_days',
  'book_months',
  'customer_days',
  'customer_months',
  'category_days',
  'category_months',
  'event_days',
  'book_stock_days',
] as const;

export interface DashboardShopSizes {
  seed: number;
  books: number;
  members: number;
  orders: number;
  events: number;
}

/** How long each part of the fill took, in milliseconds of wall clock. */
export interface DashboardFill {
  orders: number;
  /** Generating the catalog, members and events. */
  generateMs: number;
  /** The catalog's categories and books, and analytics' books, members and ticketed events. */
  referenceMs: number;
  /** The orders, into their owner and into analytics side by side, generated meanwhile. */
  ordersMs: number;
  /** The bookings and the stock the orders left, into analytics. */
  bookingsMs: number;
  /** The direct aggregation's indexes, and ANALYZE of every table read. */
  analyzeMs: number;
  /** True when the database already held this shop (nothing filled). */
  reused: boolean;
}

export const SHOP_TERMS = { timeZone: 'Asia/Jakarta', currency: 'IDR' } as const;
// The catalog's default threshold (its migration 0002): what its book events would tell.
const LOW_STOCK_THRESHOLD = 3;
const OWNER_CHUNK = 5_000;
// Facts per applyChanges transaction: a batch's rollup rows are written once, so bigger batches
// write fewer rows per order, until a batch's locks and arrays cost more than they save.
const ANALYTICS_BATCH = 2_000;

/**
 * Fills a migrated database with the generated shop twice over: the orders service's orders and
 * items (its bulk import) and the catalog's categories and books, which the direct aggregation
 * reads; and analytics' rollups, the way the live system fills them: the facts of `book.created`,
 * `user.registered`, `event.published`, `order.placed` / `cancelled` / `fulfilled` and
 * `booking.*`, built from the same generated data, through analytics' own `applyChanges` in
 * batches. Then ANALYZE, and the indexes the direct aggregation needs (see `directSummary`).
 * A database that already holds the same number of orders in both is left as it is.
 */
export async function fillDashboardShop(database: Database, sizes: DashboardShopSizes): Promise<DashboardFill> {
  const orders = ordersBulkImport(database);
  const catalog = catalogBulkImport(database);
  await orders.migrate();
  await catalog.migrate();
  const analytics = serviceDb<any>(database, 'analytics');
  const counted = await sql<{ n: number }>`select coalesce(sum(orders_placed), 0)::int as n from analytics.shop_days`.execute(analytics);
  if ((await orders.countOrders()) === sizes.orders && counted.rows[0]!.n === sizes.orders) {
    return { orders: sizes.orders, generateMs: 0, referenceMs: 0, ordersMs: 0, bookingsMs: 0, analyzeMs: 0, reused: true };
  }
  if ((await orders.countOrders()) > 0) throw new Error('The dashboard bench database holds another shop: give it an empty database');

  let started = performance.now();
  const shop = generateShop({ ...sizes, until: SEEDED_UNTIL });
  const generateMs = performance.now() - started;
  started = performance.now();
  const apply = (changes: AnalyticsChange[]) => analytics.transaction().execute((trx) => applyChanges(trx as never, changes, SHOP_TERMS));
  for (const chunk of chunksOf(shop.categories, OWNER_CHUNK))
    await catalog.addCategories(chunk.map(({ id, name, slug, description, createdAt }) => ({ id, name, slug, description, createdAt })));
  for (const chunk of chunksOf(shop.books, OWNER_CHUNK)) {
    await catalog.addBooks(
      chunk.map((book) => ({
        id: book.id,
        title: book.title,
        authors: book.authors,
        isbn: book.isbn,
        synopsis: book.synopsis,
        publicationYear: book.publicationYear,
        price: book.price,
        currency: book.currency,
        stock: book.initialStock,
        location: book.location,
        categoryId: book.categoryId,
        coverUrl: null,
        createdAt: book.createdAt,
      })),
    );
  }
  await applyInBatches(apply, referenceChanges(shop));
  const referenceMs = performance.now() - started;
  started = performance.now();
  // The orders go to their owner and to analytics side by side: one chunk written while the
  // next is generated, the owner's statement and analytics' batch in flight together.
  let pending: Promise<unknown> = Promise.resolve();
  for (const chunk of chunksOf(shop.orders, ANALYTICS_BATCH)) {
    await pending;
    pending = Promise.all([orders.addOrders(chunk.map(importedOrder)), apply(chunk.flatMap(orderChanges))]);
  }
  await pending;
  const ordersMs = performance.now() - started;
  started = performance.now();
  await applyInBatches(apply, bookingChanges(shop));
  // What the orders left on the shelves, as the stock events would have told it.
  const leftovers: AnalyticsChange[] = [];
  for (const book of shop.books) {
    const stock = shop.orders.stockLeft(book.index);
    if (stock !== book.initialStock)
      leftovers.push({
        kind: 'stock-level',
        bookId: book.id,
        version: versionAt(SEEDED_UNTIL.getTime(), book.index),
        title: book.title,
        stock,
        threshold: LOW_STOCK_THRESHOLD,
      });
  }
  await applyInBatches(apply, leftovers);
  const bookingsMs = performance.now() - started;

  started = performance.now();
  await createDirectIndexes(database);
  await orders.analyze();
  await catalog.analyze();
  await analyzeTables(database.root, 'analytics', ANALYTICS_TABLES);
  const analyzeMs = performance.now() - started;
  // The mark a kept database is reused by (bench/scenarios/dashboard.ts): this fill finished.
  await sql`create table public.dashboard_bench_filled (orders integer not null)`.execute(database.root);
  const ms = Math.round;
  return {
    orders: sizes.orders,
    generateMs: ms(generateMs),
    referenceMs: ms(referenceMs),
    ordersMs: ms(ordersMs),
    bookingsMs: ms(bookingsMs),
    analyzeMs: ms(analyzeMs),
    reused: false,
  };
}

/**
 * The indexes a plain implementation would add for its dashboard: the orders of a range of
 * placement (or of cancellation), covering what the aggregation reads, and the items of an order
 * with their book, price and quantity.
 */
async function createDirectIndexes(database: Database): Promise<void> {
  await sql`create index if not exists orders_created_at_idx on orders.orders (created_at) include (id, user_id, total, status)`.execute(database.root);
  await sql`create index if not exists orders_cancelled_at_idx on orders.orders (updated_at) include (id, user_id, total) where status = 'cancelled'`.execute(
    database.root,
  );
  await sql`create index if not exists order_items_lines_idx on orders.order_items (order_id) include (book_id, unit_price, quantity)`.execute(database.root);
}

async function applyInBatches(apply: (changes: AnalyticsChange[]) => Promise<unknown>, changes: Iterable<AnalyticsChange>): Promise<void> {
  for (const chunk of chunksOf(changes, ANALYTICS_BATCH)) await apply(chunk);
}

/** The names and shelves the orders are shown with: each book, member and ticketed event once. */
function* referenceChanges(shop: SeedShop): Generator<AnalyticsChange> {
  const categoryName = new Map(shop.categories.map((category) => [category.id, category.name]));
  for (const book of shop.books) {
    yield {
      kind: 'book',
      bookId: book.id,
      version: versionAt(book.createdAt.getTime(), book.index),
      title: book.title,
      categoryId: book.categoryId,
      categoryName: categoryName.get(book.categoryId)!,
      stock: book.initialStock,
      lowStockThreshold: LOW_STOCK_THRESHOLD,
    };
  }
  for (const member of shop.members)
    yield { kind: 'customer', userId: member.id, version: versionAt(member.createdAt.getTime(), member.index), name: member.name };
  for (const event of shop.events) {
    if (event.status === 'draft') continue;
    const capacity = event.seating.kind === 'general' ? event.seating.capacity : seatsOf(event.seating).filter((seat) => !seat.blocked).length;
    yield {
      kind: 'ticketed-event',
      eventId: event.id,
      version: versionAt(event.createdAt.getTime(), event.index),
      title: event.title,
      startsAt: event.startsAt.toISOString(),
      capacity,
      cancelled: event.status === 'cancelled',
    };
  }
}

/** The facts of an order's events: placed, then cancelled or fulfilled when it was. */
function orderChanges(order: SeedOrder): AnalyticsChange[] {
  const placed: AnalyticsChange = {
    kind: 'order-placed',
    orderId: order.id,
    userId: order.userId,
    lines: order.items.map(({ bookId, title, quantity, unitPrice }) => ({ bookId, title, quantity, unitPrice })),
    currency: order.currency,
    at: order.createdAt.toISOString(),
  };
  if (order.status === 'placed') return [placed];
  return [
    placed,
    {
      kind: order.status === 'cancelled' ? 'order-cancelled' : 'order-fulfilled',
      orderId: order.id,
      userId: order.userId,
      bookIds: order.items.map((item) => item.bookId),
      at: order.updatedAt.toISOString(),
    },
  ];
}

/** A booking's confirmation, and its cancellation when it was cancelled. */
function* bookingChanges(shop: SeedShop): Generator<AnalyticsChange> {
  let n = 0;
  for (const booking of shop.bookings()) {
    n += 1;
    yield bookingState(booking, booking.createdAt, false, n);
    if (booking.cancelledAt) yield bookingState(booking, booking.cancelledAt, true, n);
  }
}

function bookingState(booking: SeedBooking, at: Date, cancelled: boolean, n: number): AnalyticsChange {
  return {
    kind: 'booking',
    bookingId: booking.id,
    eventId: booking.eventId,
    version: versionAt(at.getTime(), n),
    seats: booking.quantity,
    total: booking.total,
    currency: booking.currency,
    cancelled,
    at: at.toISOString(),
  };
}

/** An event id as the bus makes them (a UUIDv7): later instants give greater ids. */
export function versionAt(ms: number, n: number): string {
  const time = ms.toString(16).padStart(12, '0');
  const tail = n.toString(16).padStart(15, '0').slice(-15);
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${tail.slice(0, 3)}-8${tail.slice(3, 6)}-${tail.slice(6, 15).padStart(12, '0')}`;
}

function importedOrder(order: SeedOrder): ImportedOrder {
  return {
    id: order.id,
    userId: order.userId,
    status: order.status,
    currency: order.currency,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    items: order.items.map(({ bookId, title, unitPrice, quantity }) => ({ bookId, title, unitPrice, quantity })),
  };
}
