import { randomUUID } from 'node:crypto';
import { newId, serviceDb } from '@pustaka/kit/db';
import { createTestTokens, httpClient, platformDepsFor, startTestPlatform } from '@pustaka/kit/testing';
import type { HttpClient, TestPlatform, TestStorage } from '@pustaka/kit/testing';
import { checkDigit10, checkDigit13 } from '../src/books/isbn.ts';
import { catalogService } from '../src/catalog.service-module.ts';
import { catalogSettings } from '../config.ts';
import type { CatalogContext } from '../src/catalog-context.ts';
import type { CatalogTables } from '../src/catalog.tables.ts';

export interface CatalogUnderTest {
  platform: TestPlatform;
  api: HttpClient;
  tokens: { staff: string; admin: string; member: string };
}

/** The catalog alone on a free port, with tokens for each role signed by a stand-in identity. */
export async function startCatalog(storage: TestStorage): Promise<CatalogUnderTest> {
  const tokens = await createTestTokens();
  const platform = await startTestPlatform(storage, [tokens.service, catalogService(catalogSettings())]);
  const [staff, admin, member] = await Promise.all([tokens.issue({ role: 'staff' }), tokens.issue({ role: 'admin' }), tokens.issue({ role: 'member' })]);
  return { platform, api: httpClient(platform.url), tokens: { staff, admin, member } };
}

/** A random, checksum-valid ISBN-13, so books made by factories never collide. */
export function randomIsbn13(): string {
  const first12 = `979${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`;
  return first12 + checkDigit13(first12);
}

/** A random, checksum-valid ISBN-10 and the ISBN-13 it must be stored as. */
export function randomIsbn10(): { isbn10: string; isbn13: string } {
  const first9 = String(Math.floor(Math.random() * 1e9)).padStart(9, '0');
  const first12 = `978${first9}`;
  return { isbn10: first9 + checkDigit10(first9), isbn13: first12 + checkDigit13(first12) };
}

export function newCategory(overrides: Record<string, unknown> = {}) {
  return { name: `Shelf ${randomUUID().slice(0, 8)}`, description: 'Books on a shelf', ...overrides };
}

export function newBook(categoryId: string, overrides: Record<string, unknown> = {}) {
  return {
    title: `The Book of ${randomUUID().slice(0, 8)}`,
    authors: ['Ada Writer'],
    isbn: randomIsbn13(),
    synopsis: 'A story worth telling.',
    publicationYear: 2001,
    price: 1999,
    currency: 'USD',
    stock: 10,
    location: 'B2-14',
    categoryId,
    coverUrl: 'https://covers.example.com/book.jpg',
    ...overrides,
  };
}

/** Creates a category as staff and returns its id. */
export async function createCategory(sut: CatalogUnderTest, overrides: Record<string, unknown> = {}): Promise<string> {
  const response = await sut.api.post('/api/categories', { token: sut.tokens.staff, body: newCategory(overrides) });
  if (response.status !== 201) throw new Error(`category not created: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.id;
}

/** Creates a book as staff and returns it as the API answered. */
export async function createBook(sut: CatalogUnderTest, categoryId: string, overrides: Record<string, unknown> = {}) {
  const response = await sut.api.post('/api/books', { token: sut.tokens.staff, body: newBook(categoryId, overrides) });
  if (response.status !== 201) throw new Error(`book not created: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** The JSON pointers of the fields a problem document names, each once. */
export function failingFields(body: { errors?: { field: string }[] }): string[] {
  return [...new Set((body.errors ?? []).map((error) => error.field))].sort();
}

/** What the catalog's use cases receive, over test storage, for calling them without HTTP. */
export function catalogContextOver(storage: TestStorage, now: () => Date = () => new Date()): CatalogContext {
  const deps = platformDepsFor(storage);
  return {
    db: serviceDb<CatalogTables>(storage.database, 'catalog'),
    cache: storage.cache.scope('catalog'),
    now,
    newId,
    bookCacheTtlSeconds: 300,
    logger: deps.logger,
    events: deps.events.outbox('catalog', now),
  };
}
