import { isbn13Of } from '@pustaka/catalog/testing';
import { authorPool } from './authors.ts';
import { planAffinityGroups } from './affinity.ts';
import { randomStream, weightedSampler, zipfWeights } from './random.ts';
import type { RandomStream } from './random.ts';
import { days, shopWindow } from './shop-window.ts';
import type { ShopWindow } from './shop-window.ts';
import { shelves } from './shelves.ts';
import type { Shelf } from './shelves.ts';
import { estimateDemand, initialStockOf } from './stock-plan.ts';
import { synopsisOf, titleMaker } from './titles.ts';
import type { Language } from './titles.ts';
import type { SeedBook, SeedCatalog, SeedCategory } from './seed-catalog.ts';

export type { AffinityGroup, SeedBook, SeedCatalog, SeedCategory } from './seed-catalog.ts';

export interface CatalogOptions {
  seed: number;
  books: number;
  /** The orders the shop will have: stock is sized for them. */
  orders: number;
  /** The end of the shop's two years of history. */
  until: Date;
}

/** Books that start a series, of the shelves of stories; a series has 2 to 4 books. */
const SERIES_SHARE = 0.04;
const POSITIONS_PER_BAY = 40;

/**
 * The shop's categories and books, the same for the same options: titles and authors in
 * Indonesian and English (Faker's people, the shelves' own words), valid ISBN-13s in Indonesian
 * (978-602, 978-623) and English (978-0, 978-1) ranges, rupiah prices, shelf places, stock sized
 * for the orders to come, and the affinity groups the orders will plant.
 *
 * @example
 *   const catalog = generateCatalog({ seed: 42, books: 100_000, orders: 1_000_000, until: new Date('2026-01-01') });
 *   catalog.books[0]; // { title, authors, isbn: '978…', language: 'id' or 'en', price (sen), initialStock, ... }
 */
export function generateCatalog(options: CatalogOptions): SeedCatalog {
  const window = shopWindow(options.until);
  const categories = generateCategories(options.seed, window);
  const { books, series } = generateBooks(randomStream(options.seed, 'books'), options.books, categories, window);
  const popularity = zipfWeights(randomStream(options.seed, 'popularity'), books.length, 1.0, 30);
  const affinityGroups = planAffinityGroups(randomStream(options.seed, 'affinity'), books, series);
  const demand = estimateDemand(books, popularity, affinityGroups, options.orders, window);
  const stock = randomStream(options.seed, 'stock');
  for (const book of books) book.initialStock = initialStockOf(stock, demand[book.index]!);
  return { window, categories, books, affinityGroups, popularity };
}

function generateCategories(seed: number, window: ShopWindow): SeedCategory[] {
  const random = randomStream(seed, 'categories');
  const openedAt = window.start.getTime() - days(400);
  return shelves.map((shelf, index) => {
    const createdAt = new Date(openedAt + index * 60_000);
    return { index, id: random.uuidAt(createdAt.getTime()), name: shelf.name, slug: shelf.slug, description: shelf.description, createdAt, shelf };
  });
}

function generateBooks(random: RandomStream, count: number, categories: SeedCategory[], window: ShopWindow): { books: SeedBook[]; series: number[][] } {
  const drawShelf = weightedSampler(categories.map((category) => category.shelf.size));
  const totalSize = categories.reduce((sum, category) => sum + category.shelf.size, 0);
  const takenNames = new Set<string>();
  const pools = categories.map((category) => {
    const expected = (count * category.shelf.size) / totalSize;
    return {
      id: authorPool(random, 'id', expected * category.shelf.indonesianShare, takenNames),
      en: authorPool(random, 'en', expected * (1 - category.shelf.indonesianShare), takenNames),
    };
  });
  const titles = titleMaker(random);
  const placed = new Array<number>(categories.length).fill(0);
  const isbnSerial = { id: 0, en: 0 };
  const books: SeedBook[] = [];
  const series: number[][] = [];
  const add = (category: SeedCategory, language: Language, title: string, authors: string[], createdAt: number) => {
    const shelf = category.shelf;
    const position = placed[category.index]++;
    const serial = isbnSerial[language]++;
    books.push({
      index: books.length,
      id: random.uuidAt(createdAt),
      title,
      authors,
      // Two publisher ranges per language, alternating, so each holds half the serials.
      isbn: isbn13Of(Math.floor(serial / 2), language === 'id' ? (serial % 2 ? '978623' : '978602') : serial % 2 ? '9781' : '9780'),
      synopsis: synopsisOf(random, shelf, language),
      publicationYear: publicationYearOf(random, createdAt, window),
      price: priceOf(random, shelf, language),
      currency: 'IDR',
      initialStock: 0,
      location: `${shelf.aisle}${Math.floor(position / POSITIONS_PER_BAY) + 1}-${(position % POSITIONS_PER_BAY) + 1}`,
      categoryId: category.id,
      categoryIndex: category.index,
      language,
      createdAt: new Date(createdAt),
    });
  };
  while (books.length < count) {
    const category = categories[drawShelf(random.next())]!;
    const language: Language = random.chance(category.shelf.indonesianShare) ? 'id' : 'en';
    const authors = [pools[category.index]![language]()];
    if (category.shelf.kind === 'nonfiction' && random.chance(0.08)) {
      const second = pools[category.index]![language]();
      if (second !== authors[0]) authors.push(second);
    }
    const title = titles.title(category.shelf, language);
    let createdAt = createdAtOf(random, window);
    add(category, language, title, authors, createdAt);
    if (category.shelf.kind === 'nonfiction' || !random.chance(SERIES_SHARE)) continue;
    const length = random.int(2, 4);
    const members = [books.length - 1];
    for (let n = 2; n <= length && books.length < count; n++) {
      createdAt = Math.min(createdAt + days(random.int(60, 400)), window.until.getTime() - days(3));
      members.push(books.length);
      add(category, language, titles.sequel(title, n, language), authors, createdAt);
    }
    if (members.length > 1) series.push(members);
  }
  return { books, series };
}

/** Most books were on the shelves before the first order; a fifth arrive during the two years. */
function createdAtOf(random: RandomStream, window: ShopWindow): number {
  const start = window.start.getTime();
  if (random.chance(0.8)) return start - days(365) + Math.floor(random.next() * days(365));
  return start + Math.floor(random.next() * (window.until.getTime() - days(3) - start));
}

/** Recent years weigh more; a book that arrived during the two years is mostly a new release. */
function publicationYearOf(random: RandomStream, createdAt: number, window: ShopWindow): number {
  const year = new Date(createdAt).getUTCFullYear();
  if (createdAt >= window.start.getTime() && random.chance(0.7)) return year;
  return year - Math.floor(45 * random.next() ** 3);
}

/** Rupiah prices end in 000 (or 500 for the cheap ones); English books cost a third more. */
function priceOf(random: RandomStream, shelf: Shelf, language: Language): number {
  const [low, high] = shelf.priceRange;
  const rupiah = (low + (high - low) * random.next() ** 1.5) * (language === 'en' ? 1.35 : 1);
  const step = rupiah < 60_000 ? 500 : 1_000;
  return Math.round(rupiah / step) * step * 100;
}
