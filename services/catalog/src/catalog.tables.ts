import type { Kysely, Transaction } from '@pustaka/kit/db';

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
  created_at: Date;
  updated_at: Date;
}

export interface CatalogTables {
  categories: CategoryTable;
  books: BookTable;
}

/** What a repository function runs on: the service handle or a transaction of it. */
export type CatalogDb = Kysely<CatalogTables> | Transaction<CatalogTables>;
