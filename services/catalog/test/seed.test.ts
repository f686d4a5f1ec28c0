import { expect, it } from 'vitest';
import { describeService } from '@pustaka/kit/testing';
import type { TestStorage } from '@pustaka/kit/testing';
import { LOCATION_PATTERN } from '../src/books/books.schema.ts';
import { normalizeIsbn } from '../src/books/isbn.ts';
import { seedDemoCatalog } from '../src/catalog.service-module.ts';
import { startCatalog } from './support.ts';
import type { CatalogUnderTest } from './support.ts';

interface SeededBook {
  title: string;
  authors: string[];
  isbn: string;
  publicationYear: number;
  price: number;
  currency: string;
  stock: number;
  location: string;
  categoryId: string;
}

const now = () => new Date('2025-03-01T10:00:00Z');

/** The catalog over storage seeded before it starts, as the embedded app does on first start. */
async function startSeededCatalog(storage: TestStorage): Promise<CatalogUnderTest> {
  expect(await seedDemoCatalog(storage.database, { now })).toEqual({ categories: 11, books: 240 });
  return startCatalog(storage);
}

describeService('the demo catalog seed', startSeededCatalog, (sut, { storage, backend }) => {
  async function allBooks(): Promise<SeededBook[]> {
    const pages = await Promise.all([1, 2, 3].map((page) => sut.api.get(`/api/books?pageSize=100&page=${page}&sort=createdAt`)));
    return pages.flatMap((page) => page.body.items);
  }

  it('fills an empty catalog with 200 English books in 10 categories and 40 Indonesian ones on a shelf of their own', async () => {
    const categories = (await sut.api.get('/api/categories')).body.items as { slug: string; bookCount: number }[];
    expect(categories).toHaveLength(11);
    expect(categories.map((category) => category.slug)).toEqual(
      expect.arrayContaining(['fiction', 'science-fiction', 'poetry', 'cooking', 'sastra-indonesia']),
    );
    const indonesian = categories.find((category) => category.slug === 'sastra-indonesia')!;
    expect(indonesian.bookCount).toBe(40);
    expect(categories.filter((category) => category !== indonesian).every((category) => category.bookCount === 20)).toBe(true);
    expect((await sut.api.get('/api/books?pageSize=1')).body.total).toBe(240);
  });

  it('announces every seeded book with book.created, so readers of the catalog know the shop', async () => {
    const rows = await storage.database.root.selectFrom('catalog.outbox').select(['type', 'envelope']).execute();
    const created = rows.filter((row) => row.type === 'book.created');
    expect(created).toHaveLength(240);
    expect(created.map((row) => row.envelope.payload)).toContainEqual(
      expect.objectContaining({ title: 'Bumi Manusia', authors: ['Pramoedya Ananta Toer'], publicationYear: 1980, categoryName: 'Sastra Indonesia' }),
    );
  });

  it('writes books that pass the rules a staff member must follow', async () => {
    const books = await allBooks();
    expect(books).toHaveLength(240);
    expect(new Set(books.map((book) => book.isbn)).size).toBe(240);
    for (const book of books) {
      expect(normalizeIsbn(book.isbn)).toBe(book.isbn);
      expect(book.isbn.startsWith('978')).toBe(true);
      expect(book.location).toMatch(new RegExp(LOCATION_PATTERN));
      expect(book.price).toBeGreaterThanOrEqual(45_000);
      expect(book.price).toBeLessThanOrEqual(255_000);
      expect(book.currency).toBe('IDR');
      expect(book.stock).toBeGreaterThanOrEqual(0);
      expect(book.stock).toBeLessThanOrEqual(40);
      expect(book.publicationYear).toBeGreaterThanOrEqual(1450);
      expect(book.publicationYear).toBeLessThanOrEqual(now().getUTCFullYear() + 1);
      expect(book.authors.length).toBeGreaterThan(0);
    }
    const soldOut = books.filter((book) => book.stock === 0).length;
    expect(soldOut).toBeGreaterThan(0);
    expect(soldOut).toBeLessThan(40);
  });

  it('adds nothing when run again', async () => {
    expect(await seedDemoCatalog(storage.database, { now })).toEqual({ categories: 0, books: 0 });
    expect((await sut.api.get('/api/books?pageSize=1')).body.total).toBe(240);
    expect((await sut.api.get('/api/categories')).body.items).toHaveLength(11);
  });

  it('writes the same books every time, once, even when two seeders race', async () => {
    const other = await backend.open();
    try {
      const results = await Promise.all([seedDemoCatalog(other.database, { now }), seedDemoCatalog(other.database, { now })]);
      expect(results.map((result) => result.books).sort()).toEqual([0, 240]);
      const rows = await other.database.root
        .selectFrom('catalog.books')
        .select(['title', 'isbn', 'price', 'stock', 'location', 'publication_year'])
        .orderBy('isbn')
        .execute();
      const here = (await allBooks())
        .map((book) => ({
          title: book.title,
          isbn: book.isbn,
          price: book.price,
          stock: book.stock,
          location: book.location,
          publication_year: book.publicationYear,
        }))
        .sort((a, b) => a.isbn.localeCompare(b.isbn));
      expect(rows).toEqual(here);
    } finally {
      await other.dispose();
    }
  });
});
