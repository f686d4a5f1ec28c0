import { newId, serviceDb } from '@pustaka/kit/db';
import { createTestTokens, httpClient, platformDepsFor, startTestPlatform } from '@pustaka/kit/testing';
import type { HttpClient, TestPlatform, TestStorage } from '@pustaka/kit/testing';
import { catalogService } from '../src/catalog.service-module.ts';
import { catalogSettings } from '../config.ts';
import { newBook, newCategory } from '../testing.ts';
import type { CatalogContext } from '../src/catalog-context.ts';
import type { CatalogTables } from '../src/catalog.tables.ts';

export interface CatalogUnderTest {
  platform: TestPlatform;
  api: HttpClient;
  tokens: { staff: string; admin: string; member: string };
  close(): Promise<void>;
}

/** The catalog alone on a free port, with tokens for each role signed by a stand-in identity. */
export async function startCatalog(storage: TestStorage): Promise<CatalogUnderTest> {
  const tokens = await createTestTokens();
  const platform = await startTestPlatform(storage, [tokens.service, catalogService(catalogSettings())]);
  const [staff, admin, member] = await Promise.all([tokens.issue({ role: 'staff' }), tokens.issue({ role: 'admin' }), tokens.issue({ role: 'member' })]);
  return { platform, api: httpClient(platform.url), tokens: { staff, admin, member }, close: () => platform.close() };
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
