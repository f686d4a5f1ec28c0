import type { Migration } from '@pustaka/kit/db';
import { busMigration } from '@pustaka/kit/bus';
import { categoriesAndBooks } from './0001-categories-and-books.ts';
import { stockReservations } from './0002-stock-reservations.ts';

/** Every catalog migration, applied in key order; never rename or reorder a key once shipped. */
export const migrations: Record<string, Migration> = {
  '0001_categories_and_books': categoriesAndBooks,
  '0002_stock_reservations': stockReservations,
  '0003_outbox_inbox': busMigration,
};
