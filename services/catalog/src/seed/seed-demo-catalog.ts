import { BOOK_CREATED } from '@pustaka/contracts';
import { appendToOutbox, newEvent } from '@pustaka/kit/bus';
import { migrateToLatest, newId as newUuid, serviceDb } from '@pustaka/kit/db';
import type { Database, Kysely } from '@pustaka/kit/db';
import type { Logger } from '@pustaka/kit/log';
import { migrations } from '../../migrations/index.ts';
import type { CatalogTables } from '../catalog.tables.ts';
import { checkDigit13 } from '../books/isbn.ts';
import { bookPayloadOf } from '../books/book-events.ts';
import { countBooks, insertBooks } from '../books/books.repository.ts';
import type { NewBookRow } from '../books/books.repository.ts';
import { countCategories, insertCategories } from '../categories/categories.repository.ts';
import { demoShelves as englishShelves } from './demo-books.ts';
import { indonesianShelf } from './demo-books-indonesian.ts';
import type { DemoShelf } from './demo-books.ts';
import { lockDemoSeed } from './seed.repository.ts';

export interface SeedOptions {
  now?: () => Date;
  logger?: Logger;
  newId?: () => string;
}

export interface SeedResult {
  categories: number;
  books: number;
}

const BAY_SIZE = 8;

/** The shop's shelves: English-language books by subject, and Indonesian literature. */
export const demoShelves: DemoShelf[] = [...englishShelves, indonesianShelf];

/**
 * Fills an empty catalog with the demo shop (11 categories, 240 books) in one transaction, and
 * does nothing when the catalog has any category or book. Applies the catalog's migrations first,
 * so it can run before or after the service starts. The data is the same on every run.
 *
 * @example
 *   await seedDemoCatalog(database, { logger }); // { categories: 11, books: 240 } the first time
 */
export async function seedDemoCatalog(database: Database, options: SeedOptions = {}): Promise<SeedResult> {
  const { now = () => new Date(), logger, newId = newUuid } = options;
  await migrateToLatest(database, 'catalog', migrations);
  const db: Kysely<CatalogTables> = serviceDb<CatalogTables>(database, 'catalog');
  const result = await db.transaction().execute(async (trx) => {
    await lockDemoSeed(trx);
    if ((await countCategories(trx)) > 0 || (await countBooks(trx)) > 0) return { categories: 0, books: 0 };
    const seededAt = now();
    const categories = demoShelves.map((shelf) => ({
      id: newId(),
      name: shelf.name,
      slug: shelf.slug,
      description: shelf.description,
      created_at: seededAt,
      updated_at: seededAt,
    }));
    await insertCategories(trx, categories);
    const books = await insertBooks(
      trx,
      demoShelves.flatMap((shelf, s) => shelfBooks(shelf, categories[s]!.id, s, seededAt, newId)),
    );
    // Announced like books staff add, so search (and every other reader of the catalog's events)
    // knows the demo shop from the first start.
    const categoryNames = new Map(categories.map((category) => [category.id, category.name]));
    await appendToOutbox(
      trx,
      books.map((book) => newEvent(BOOK_CREATED, bookPayloadOf(book, categoryNames.get(book.category_id)!), { now: seededAt })),
    );
    return { categories: categories.length, books: books.length };
  });
  if (result.books > 0) logger?.info(result, 'seeded the demo catalog');
  else logger?.debug('catalog not empty; demo seed skipped');
  return result;
}

function shelfBooks(shelf: DemoShelf, categoryId: string, shelfIndex: number, seededAt: Date, newId: () => string): NewBookRow[] {
  return shelf.books.map(([title, authors, year, synopsis], i) => {
    const serial = shelfIndex * 100 + i;
    const hash = hashOf(title);
    // A few sold-out books, so "in stock only" visibly changes the list.
    const stock = serial % 13 === 5 ? 0 : hash % 41;
    // Each book a second apart, so "newest first" has a meaningful order.
    const createdAt = new Date(seededAt.getTime() - (1000 - serial) * 1000);
    return {
      id: newId(),
      title,
      authors: authors.split(' & '),
      isbn: demoIsbn(serial),
      synopsis,
      publication_year: year,
      // In rupiah, the shop's currency (the dashboard counts its sales): Rp 45.000 to Rp 255.000.
      price: 45_000 + (hash % 43) * 5_000,
      currency: 'IDR',
      stock,
      location: `${shelf.shelf}${Math.floor(i / BAY_SIZE) + 1}-${(i % BAY_SIZE) + 1}`,
      category_id: categoryId,
      cover_url: null,
      created_at: createdAt,
      updated_at: createdAt,
    };
  });
}

/** A checksum-valid ISBN-13 in a 978 range of its own, one per demo book. */
function demoIsbn(serial: number): string {
  const first12 = `9781${String(90_000_000 + serial).padStart(8, '0')}`;
  return first12 + checkDigit13(first12);
}

/** FNV-1a: a stable number from a title, so prices and stock never change between runs. */
function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
