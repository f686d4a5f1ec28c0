import { discardPendingEvents } from '@pustaka/kit/bus';
import { analyzeTables, migrateToLatest, serviceDb } from '@pustaka/kit/db';
import type { Database, Kysely } from '@pustaka/kit/db';
import { catalogSettings } from '../../config.ts';
import { migrations } from '../../migrations/index.ts';
import type { CatalogTables } from '../catalog.tables.ts';
import { normalizeIsbn } from '../books/isbn.ts';
import {
  countCatalogRows,
  deleteCatalogRows,
  insertBookRows,
  insertCategoryRows,
  insertReservationLineRows,
  insertReservationRows,
  takeReservedUnits,
} from './bulk-import.repository.ts';

export interface ImportedCategory {
  id: string;
  name: string;
  slug: string;
  description: string | null;
  createdAt: Date;
}

/** A book as it stood before any order: `stock` is what the shop had then. */
export interface ImportedBook {
  id: string;
  title: string;
  authors: string[];
  isbn: string;
  synopsis: string;
  publicationYear: number;
  /** In minor units of `currency`. */
  price: number;
  currency: string;
  stock: number;
  location: string;
  categoryId: string;
  coverUrl: string | null;
  createdAt: Date;
}

/**
 * What an order did to the catalog's stock: a reservation that became the order (`committed`: its
 * units are sold) or was given back (`released`: the order was cancelled at `settledAt`).
 */
export interface ImportedReservation {
  orderId: string;
  status: 'committed' | 'released';
  createdAt: Date;
  settledAt: Date;
  lines: Array<{ bookId: string; title: string; unitPrice: number; currency: string; quantity: number }>;
}

/** Filling the catalog in bulk (`npm run seed`), in statements of many rows, announcing nothing. */
export interface CatalogBulkImport {
  /** Brings the catalog's schema up to date. */
  migrate(): Promise<void>;
  counts(): Promise<{ categories: number; books: number; reservations: number }>;
  /** Deletes every category, book and reservation, and the events not yet announced about them. */
  clear(): Promise<void>;
  addCategories(categories: ImportedCategory[]): Promise<void>;
  /** Refuses (throws) an ISBN that is not a valid ISBN-13. */
  addBooks(books: ImportedBook[]): Promise<void>;
  /** Records the reservations of orders placed, as the orders' events would have left them. */
  addReservations(reservations: ImportedReservation[]): Promise<void>;
  /**
   * Once every book and reservation is in (call it once): takes the committed units from the
   * stock, so each book's stock becomes what it had before any order less the units of its live
   * orders. Throws, changing nothing, if that would take a book below zero.
   */
  takeReservedStock(): Promise<void>;
  /** Updates the planner's statistics of what was imported (PGlite has no autovacuum to do it). */
  analyze(): Promise<void>;
}

/**
 * The catalog's bulk import over its own schema. Nothing goes through the outbox: a bulk import
 * of 100k books must not become 100k `book.created` events, so readers of the catalog (search)
 * rebuild from it afterwards.
 *
 * @example
 *   const catalog = catalogBulkImport(database);
 *   await catalog.migrate();
 *   await catalog.addCategories(categories);
 *   await catalog.addBooks(books);
 *   await catalog.addReservations(reservationsOfOrders); // as many times as there are chunks
 *   await catalog.takeReservedStock();
 */
export function catalogBulkImport(database: Database, options: { reservationTtlSeconds?: number } = {}): CatalogBulkImport {
  const ttl = (options.reservationTtlSeconds ?? catalogSettings().RESERVATION_TTL_SECONDS) * 1000;
  const db: Kysely<CatalogTables> = serviceDb<CatalogTables>(database, 'catalog');
  return {
    migrate: async () => {
      await migrateToLatest(database, 'catalog', migrations);
    },
    counts: () => countCatalogRows(db),
    clear: () =>
      db.transaction().execute(async (trx) => {
        await deleteCatalogRows(trx);
        await discardPendingEvents(trx);
      }),
    addCategories: (categories) =>
      insertCategoryRows(
        db,
        categories.map(({ id, name, slug, description, createdAt }) => ({ id, name, slug, description, created_at: createdAt, updated_at: createdAt })),
      ),
    addBooks: async (books) => {
      const invalid = books.find((book) => normalizeIsbn(book.isbn) !== book.isbn);
      if (invalid) throw new Error(`Book ${invalid.id} has no valid ISBN-13: ${JSON.stringify(invalid.isbn)}`);
      await insertBookRows(
        db,
        books.map((book) => ({
          id: book.id,
          title: book.title,
          authors: book.authors,
          isbn: book.isbn,
          synopsis: book.synopsis,
          publication_year: book.publicationYear,
          price: book.price,
          currency: book.currency,
          stock: book.stock,
          location: book.location,
          category_id: book.categoryId,
          cover_url: book.coverUrl,
          created_at: book.createdAt,
          updated_at: book.createdAt,
        })),
      );
    },
    analyze: () => analyzeTables(database.root, 'catalog', ['categories', 'books', 'stock_reservations', 'stock_reservation_lines']),
    takeReservedStock: () =>
      db.transaction().execute(async (trx) => {
        await takeReservedUnits(trx);
      }),
    addReservations: (reservations) =>
      db.transaction().execute(async (trx) => {
        await insertReservationRows(
          trx,
          reservations.map((reservation) => ({
            order_id: reservation.orderId,
            status: reservation.status,
            expires_at: new Date(reservation.createdAt.getTime() + ttl),
            created_at: reservation.createdAt,
            updated_at: reservation.status === 'committed' ? reservation.createdAt : reservation.settledAt,
          })),
        );
        await insertReservationLineRows(
          trx,
          reservations.flatMap((reservation) =>
            reservation.lines.map((line) => ({
              order_id: reservation.orderId,
              book_id: line.bookId,
              quantity: line.quantity,
              unit_price: line.unitPrice,
              currency: line.currency,
              title: line.title,
            })),
          ),
        );
      }),
  };
}
