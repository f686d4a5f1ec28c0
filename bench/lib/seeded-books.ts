import type { BookPayload } from '@pustaka/contracts';
import { generateCatalog } from '@pustaka/seed/generate';
import type { SeedBook, SeedCatalog } from '@pustaka/seed/generate';

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
