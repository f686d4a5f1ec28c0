import type { Shelf } from './shelves.ts';
import type { ShopWindow } from './shop-window.ts';
import type { Language } from './titles.ts';

/** A category of the seeded shop. */
export interface SeedCategory {
  index: number;
  id: string;
  name: string;
  slug: string;
  description: string;
  createdAt: Date;
  shelf: Shelf;
}

/** A book of the seeded shop; `price` in minor units of `currency` (sen of rupiah). */
export interface SeedBook {
  index: number;
  id: string;
  title: string;
  authors: string[];
  isbn: string;
  synopsis: string;
  publicationYear: number;
  price: number;
  currency: 'IDR';
  /** The stock the shop had before its first order; what is left is `initialStock` less the units of live orders. */
  initialStock: number;
  location: string;
  categoryId: string;
  categoryIndex: number;
  language: Language;
  createdAt: Date;
}

/** The shop's shelves and books, with what makes its orders realistic. */
export interface SeedCatalog {
  window: ShopWindow;
  categories: SeedCategory[];
  books: SeedBook[];
  /** Books bought together far more often than chance: series and reading lists. */
  affinityGroups: AffinityGroup[];
  /** Each book's share of the shop's sales before any affinity (a Zipf-like skew), by book index. */
  popularity: Float64Array;
}

/**
 * Books that tend to be bought together: the books of a series, or a reading list (a course's
 * books, a book club's picks) mostly of one shelf. `weight` is the group's share of group orders.
 */
export interface AffinityGroup {
  kind: 'series' | 'reading-list';
  bookIndexes: number[];
  weight: number;
}
