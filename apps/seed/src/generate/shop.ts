import type { SeedBooking } from './bookings.ts';
import { generateBookings } from './bookings.ts';
import { generateCatalog } from './catalog.ts';
import type { SeedCatalog } from './catalog.ts';
import { generateEvents } from './events.ts';
import type { SeedEvent } from './events.ts';
import { generateMembers } from './members.ts';
import type { SeedMember } from './members.ts';
import { generateOrders } from './orders.ts';
import type { OrderStream } from './orders.ts';

/** How big a shop to make, from which seed, ending when. */
export interface ShopOptions {
  seed: number;
  books: number;
  members: number;
  orders: number;
  events: number;
  /** The end of the shop's two years of history (upcoming events go beyond it). */
  until: Date;
}

/** A whole seeded shop: what fits in memory as arrays, the orders and bookings as streams. */
export interface SeedShop extends SeedCatalog {
  options: ShopOptions;
  members: SeedMember[];
  events: SeedEvent[];
  orders: OrderStream;
  bookings(): Iterable<SeedBooking>;
}

/**
 * The whole shop for a seed: the same options give the same shop, value for value, on every run.
 * Books, members and events are arrays (100k books take a few tens of MB); orders and bookings
 * are streams generated as they are read.
 *
 * @example
 *   const shop = generateShop({ seed: 42, books: 100_000, members: 10_000, orders: 1_000_000, events: 1_000, until: new Date('2026-01-01') });
 *   for (const order of shop.orders) write(order);
 *   shop.orders.stockLeft(0); // the first book's stock once every order is placed
 */
export function generateShop(options: ShopOptions): SeedShop {
  const catalog = generateCatalog(options);
  const members = generateMembers(options);
  const events = generateEvents(catalog, options);
  return {
    ...catalog,
    options,
    members,
    events,
    orders: generateOrders(catalog, members, options),
    bookings: () => ({ [Symbol.iterator]: () => generateBookings(events, members, options) }),
  };
}
