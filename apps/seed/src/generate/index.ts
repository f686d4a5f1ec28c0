/*
 * `@pustaka/seed/generate`: a shop of realistic size, pure and deterministic (the same options give
 * the same data, value for value). It writes nothing: `npm run seed` imports it into the services,
 * and benchmarks read it directly (the books as search documents, the orders as history).
 */
export { generateShop } from './shop.ts';
export type { SeedShop, ShopOptions } from './shop.ts';
export { generateCatalog } from './catalog.ts';
export type { CatalogOptions, SeedBook, SeedCatalog, SeedCategory } from './catalog.ts';
export type { AffinityGroup } from './seed-catalog.ts';
export { generateMembers } from './members.ts';
export type { MemberOptions, SeedMember } from './members.ts';
export { generateOrders } from './orders.ts';
export type { OrderOptions, OrderStream, SeedOrder, SeedOrderItem, SeedOrderStatus } from './orders.ts';
export { generateEvents } from './events.ts';
export type { EventOptions, SeedEvent, SeedSeat, SeedSeating } from './events.ts';
export { seatsOf } from './seating.ts';
export { generateBookings } from './bookings.ts';
export type { BookingOptions, SeedBooking } from './bookings.ts';
export { chunksOf } from './chunks.ts';
export { shopWindow, ORDER_HISTORY_DAYS } from './shop-window.ts';
export type { ShopWindow } from './shop-window.ts';
export type { Language } from './titles.ts';
export type { Shelf, ShelfKind } from './shelves.ts';
