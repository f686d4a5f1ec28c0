import type { CatalogBulkImport } from '@pustaka/catalog';
import type { IdentityBulkImport } from '@pustaka/identity';
import type { OrdersBulkImport } from '@pustaka/orders';
import type { TicketingBulkImport } from '@pustaka/ticketing';
import { chunksOf } from './generate/index.ts';
import type { SeedShop } from './generate/index.ts';
import { progressOf } from './progress.ts';
import type { Print } from './progress.ts';
import { bookOf, bookingOf, categoryOf, eventOf, memberOf, orderOf, reservationOf } from './shop-rows.ts';

/** Each owner's bulk import, over its own database (one database in the embedded app, one each in a cluster). */
export interface ShopImports {
  catalog: CatalogBulkImport;
  orders: OrdersBulkImport;
  identity: IdentityBulkImport;
  ticketing: TicketingBulkImport;
}

export interface ImportOptions {
  /** Delete the shop's books, orders, members (not staff or admins) and events first, instead of refusing a shop that has any. */
  replace: boolean;
  /** Every member's password; a generated one when absent. */
  password?: string | undefined;
  print: Print;
}

export interface ImportResult {
  /** What every seeded member signs in with. */
  password: string;
  rows: number;
  seconds: number;
}

const CHUNK = 5_000;
// An event lays out up to 5,000 seats: fewer events a statement keep the seat statements small.
const EVENT_CHUNK = 100;

/**
 * Writes a generated shop into its owners, each through its own bulk import: categories, books
 * (with their stock before any order), members (one password for all), orders streamed in chunks
 * (each chunk's orders, and the catalog's reservations for them), then the units of the live
 * orders taken from the catalog's stock in one pass, events with their seats, bookings with their holds and seats. The next chunk is
 * generated while the last one is written. Refuses a shop that has any of those unless told to
 * replace it.
 *
 * @example
 *   const { password } = await importShop(imports, generateShop(options), { replace: false, print: console.log });
 */
export async function importShop(imports: ShopImports, shop: SeedShop, options: ImportOptions): Promise<ImportResult> {
  const started = performance.now();
  await imports.identity.migrate();
  await imports.catalog.migrate();
  await imports.orders.migrate();
  await imports.ticketing.migrate();
  await refuseOrClear(imports, options);
  const password = await imports.identity.sharedPassword(options.password);
  let rows = 0;
  const phase = async <T, R>(
    name: string,
    items: Iterable<T>,
    total: number | undefined,
    size: number,
    write: (chunk: T[]) => Promise<R>,
    rowsOf: (chunk: T[]) => number,
  ) => {
    const progress = progressOf(name, total, options.print);
    let pending: Promise<unknown> = Promise.resolve();
    for (const chunk of chunksOf(items, size)) {
      await pending;
      pending = write(chunk).then(() => progress.add(chunk.length, rowsOf(chunk)));
    }
    await pending;
    rows += progress.done().rows;
  };
  const count = (chunk: unknown[]) => chunk.length;
  const withLines = (chunk: Array<{ items: unknown[] }>) => chunk.reduce((sum, order) => sum + 1 + order.items.length, 0);

  await phase('categories', shop.categories, shop.categories.length, CHUNK, (chunk) => imports.catalog.addCategories(chunk.map(categoryOf)), count);
  await phase('books', shop.books, shop.books.length, CHUNK, (chunk) => imports.catalog.addBooks(chunk.map(bookOf)), count);
  await phase('members', shop.members, shop.members.length, CHUNK, (chunk) => imports.identity.addMembers(chunk.map(memberOf), password), count);
  await phase(
    'orders',
    shop.orders,
    shop.options.orders,
    CHUNK,
    (chunk) => Promise.all([imports.orders.addOrders(chunk.map(orderOf)), imports.catalog.addReservations(chunk.map(reservationOf))]),
    // Each order is written twice: as the order with its items, and as the catalog's reservation with its lines.
    (chunk) => 2 * withLines(chunk),
  );
  const stock = performance.now();
  await imports.catalog.takeReservedStock();
  options.print(
    `  stock: the units of live orders taken from ${shop.books.length.toLocaleString('en')} books in ${((performance.now() - stock) / 1000).toFixed(1)} s`,
  );
  await phase('events', shop.events, shop.events.length, EVENT_CHUNK, (chunk) => imports.ticketing.addEvents(chunk.map(eventOf)), count);
  // The bookings' seats are found by the planner's view of the seats just laid out.
  await imports.ticketing.analyze();
  await phase(
    'bookings',
    shop.bookings(),
    undefined,
    CHUNK,
    (chunk) => imports.ticketing.addBookings(chunk.map(bookingOf)),
    (chunk) => 2 * chunk.length,
  );
  for (const each of [imports.identity, imports.catalog, imports.orders, imports.ticketing]) await each.analyze();
  return { password: password.password, rows, seconds: (performance.now() - started) / 1000 };
}

async function refuseOrClear(imports: ShopImports, options: ImportOptions): Promise<void> {
  const catalog = await imports.catalog.counts();
  const found = {
    categories: catalog.categories,
    books: catalog.books,
    'stock reservations': catalog.reservations,
    orders: await imports.orders.countOrders(),
    members: await imports.identity.countMembers(),
    events: await imports.ticketing.countEvents(),
  };
  const present = Object.entries(found).filter(([, n]) => n > 0);
  if (present.length === 0) return;
  const listed = present.map(([what, n]) => `${n.toLocaleString('en')} ${what}`).join(', ');
  if (!options.replace) throw new ShopNotEmptyError(`The shop is not empty (${listed}): add --replace to delete them and seed anew.`);
  options.print(`Replacing the shop: deleting ${listed} (staff and admin accounts stay).`);
  await imports.ticketing.clear();
  await imports.orders.clear();
  await imports.catalog.clear();
  await imports.identity.clear();
}

/** The shop already has data and the seed was not told to replace it. */
export class ShopNotEmptyError extends Error {}
