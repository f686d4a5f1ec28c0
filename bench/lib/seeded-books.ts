import type { BookPayload, OrderCancelledPayload, OrderPlacedPayload } from '@pustaka/contracts';
import { generateCatalog, generateMembers, generateOrders } from '@pustaka/seed/generate';
import type { SeedBook, SeedCatalog, SeedMember, SeedOrder } from '@pustaka/seed/generate';

/** The end of the seeded shop's history: fixed, so every process of a run makes the same shop. */
export const SEEDED_UNTIL = new Date('2026-01-01T00:00:00Z');

export interface SeededBooksOptions {
  seed: number;
  books: number;
  /** The orders the shop will have (they size the stock; 0 when only the books matter). */
  orders?: number;
}

/**
 * The seeded shop's catalog, the same in every process that asks with the same options: the
 * bench, the server it fills and the baselines each make it themselves instead of passing
 * 100k books between processes.
 *
 * @example
 *   const { books } = seededCatalog({ seed: 42, books: 100_000 });
 */
export function seededCatalog(options: SeededBooksOptions): SeedCatalog {
  return generateCatalog({ seed: options.seed, books: options.books, orders: options.orders ?? 0, until: SEEDED_UNTIL });
}

/** The payload of the `book.created` the catalog records for a seeded book (see catalog's `bookPayloadOf`). */
export function bookCreatedPayload(book: SeedBook, categoryName: string): BookPayload {
  return {
    bookId: book.id,
    title: book.title,
    authors: book.authors,
    isbn: book.isbn,
    synopsis: book.synopsis,
    publicationYear: book.publicationYear,
    categoryId: book.categoryId,
    categoryName,
    price: book.price,
    currency: book.currency,
    stock: book.initialStock,
    updatedAt: book.createdAt.toISOString(),
  };
}

export interface SeededOrdersOptions {
  seed: number;
  books: number;
  members: number;
  orders: number;
}

/** The seeded shop's catalog, members and orders (oldest first), the same in every process that asks. */
export function seededOrders(options: SeededOrdersOptions): { catalog: SeedCatalog; members: SeedMember[]; orders: SeedOrder[] } {
  const catalog = seededCatalog(options);
  const members = generateMembers({ seed: options.seed, members: options.members, until: SEEDED_UNTIL });
  const orders = [...generateOrders(catalog, members, { seed: options.seed, orders: options.orders })];
  return { catalog, members, orders };
}

/** The `order.placed` the orders service records for a seeded order. */
export function orderPlacedPayload(order: SeedOrder): OrderPlacedPayload {
  return {
    orderId: order.id,
    userId: order.userId,
    items: order.items.map((item) => ({ bookId: item.bookId, title: item.title, quantity: item.quantity, unitPrice: item.unitPrice })),
    total: order.total,
    currency: order.currency,
    placedAt: order.createdAt.toISOString(),
  };
}

/** The `order.cancelled` the orders service records when a seeded order was cancelled. */
export function orderCancelledPayload(order: SeedOrder): OrderCancelledPayload {
  return {
    orderId: order.id,
    userId: order.userId,
    items: order.items.map((item) => ({ bookId: item.bookId, quantity: item.quantity })),
    reason: 'cancelled by the member',
  };
}
