import type { ColumnType, Kysely, Transaction } from '@pustaka/kit/db';

/** Rows of `catalog.categories`, as the database holds them. */
export interface CategoryTable {
  id: string;
  name: string;
  slug: string;
  description: string | null;
  created_at: Date;
  updated_at: Date;
}

/** Rows of `catalog.books`; `price` in minor units of `currency`, `isbn` always ISBN-13. */
export interface BookTable {
  id: string;
  title: string;
  authors: string[];
  isbn: string;
  synopsis: string;
  publication_year: number;
  price: number;
  currency: string;
  stock: number;
  location: string;
  category_id: string;
  cover_url: string | null;
  /** `stock.low` is published when the stock falls to or below this. */
  low_stock_threshold: ColumnType<number, number | undefined, number>;
  created_at: Date;
  updated_at: Date;
}

export type ReservationStatus = 'held' | 'committed' | 'released';

/** Rows of `catalog.stock_reservations`: stock taken for one order, all lines or none. */
export interface StockReservationTable {
  order_id: string;
  status: ReservationStatus;
  expires_at: Date;
  created_at: Date;
  updated_at: Date;
}

/** One book of a reservation, with the title and price as they were when it was taken. */
export interface StockReservationLineTable {
  order_id: string;
  book_id: string;
  quantity: number;
  unit_price: number;
  currency: string;
  title: string;
}

export interface CatalogTables {
  categories: CategoryTable;
  books: BookTable;
  stock_reservations: StockReservationTable;
  stock_reservation_lines: StockReservationLineTable;
}

/** What a repository function runs on: the service handle or a transaction of it. */
export type CatalogDb = Kysely<CatalogTables> | Transaction<CatalogTables>;
