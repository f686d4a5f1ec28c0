import { catalogService } from '@pustaka/catalog';
import { catalogSettings } from '@pustaka/catalog/config';
import { newBook, newCategory } from '@pustaka/catalog/testing';
import { ticketingService } from '@pustaka/ticketing';
import { ticketingSettings } from '@pustaka/ticketing/config';
import { newEvent } from '@pustaka/ticketing/testing';
import { createTestTokens, httpClient, platformDepsFor, startTestPlatform } from '@pustaka/kit/testing';
import type { HttpClient, TestStorage } from '@pustaka/kit/testing';
import { discoverySettings } from '../config.ts';
import { createDiscoveryContext } from '../src/discovery-context.ts';
import type { DiscoveryContext } from '../src/discovery-context.ts';
import { discoveryService } from '../src/discovery.service-module.ts';

export interface DiscoveryUnderTest {
  api: HttpClient;
  /** A staff member's token, for the catalog and ticketing routes that feed the index. */
  staff: string;
  /** Discovery's context over the same storage, for driving its consumer directly. */
  ctx: DiscoveryContext;
  close(): Promise<void>;
}

/**
 * Discovery with the catalog and ticketing beside it on one free port, so the index is fed by the
 * events those services record, as in the embedded app (the catalog's demo seed off).
 */
export async function startDiscovery(storage: TestStorage): Promise<DiscoveryUnderTest> {
  const tokens = await createTestTokens();
  const platform = await startTestPlatform(storage, [
    tokens.service,
    catalogService(catalogSettings({ SEED_DEMO: false })),
    ticketingService(ticketingSettings()),
    discoveryService(discoverySettings()),
  ]);
  const staff = await tokens.issue({ role: 'staff' });
  const ctx = createDiscoveryContext(platformDepsFor(storage), discoverySettings());
  return { api: httpClient(platform.url), staff, ctx, close: () => platform.close() };
}

/** Files a category in the catalog and returns its id. */
export async function addCategory(sut: DiscoveryUnderTest, name: string): Promise<string> {
  const response = await sut.api.post('/api/categories', { token: sut.staff, body: newCategory({ name }) });
  if (response.status !== 201) throw new Error(`category not created: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.id;
}

/** Adds a book to the catalog and returns it as the catalog answered. */
export async function addBook(sut: DiscoveryUnderTest, categoryId: string, fields: Record<string, unknown>) {
  const response = await sut.api.post('/api/books', { token: sut.staff, body: newBook(categoryId, fields) });
  if (response.status !== 201) throw new Error(`book not created: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** Creates and publishes an event in ticketing and returns its id. */
export async function publishEvent(sut: DiscoveryUnderTest, fields: Record<string, unknown>): Promise<string> {
  const created = await sut.api.post('/api/events', { token: sut.staff, body: newEvent(new Date(), fields) });
  if (created.status !== 201) throw new Error(`event not created: ${created.status} ${JSON.stringify(created.body)}`);
  const published = await sut.api.post(`/api/events/${created.body.id}/publish`, { token: sut.staff });
  if (published.status !== 200) throw new Error(`event not published: ${published.status} ${JSON.stringify(published.body)}`);
  return created.body.id;
}

/** The titles of a search's hits, in rank order. */
export async function titlesFound(sut: DiscoveryUnderTest, query: string): Promise<string[]> {
  const response = await sut.api.get(`/api/search?${query}`);
  if (response.status !== 200) throw new Error(`search failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.items.map((hit: { title: string }) => hit.title);
}
