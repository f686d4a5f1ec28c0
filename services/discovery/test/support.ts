import { catalogService } from '@pustaka/catalog';
import { catalogSettings } from '@pustaka/catalog/config';
import { newBook, newCategory } from '@pustaka/catalog/testing';
import { ordersService } from '@pustaka/orders';
import { ordersSettings } from '@pustaka/orders/config';
import { ticketingService } from '@pustaka/ticketing';
import { ticketingSettings } from '@pustaka/ticketing/config';
import { newEvent } from '@pustaka/ticketing/testing';
import { expect } from 'vitest';
import { sql } from '@pustaka/kit/db';
import { createTestTokens, eventually, httpClient, platformDepsFor, startTestPlatform } from '@pustaka/kit/testing';
import type { HttpClient, TestPlatform, TestStorage } from '@pustaka/kit/testing';
import { discoverySettings } from '../config.ts';
import type { DiscoverySettings } from '../config.ts';
import { createDiscoveryContext } from '../src/discovery-context.ts';
import type { DiscoveryContext } from '../src/discovery-context.ts';
import { discoveryService } from '../src/discovery.service-module.ts';
import { INDEXED_EVENTS } from '../src/index/indexed-events.ts';
import { searchIndexConsumer } from '../src/index/search-index.consumer.ts';

export interface DiscoveryUnderTest {
  api: HttpClient;
  platform: TestPlatform;
  /** A staff member's token, for the catalog and ticketing routes that feed the index. */
  staff: string;
  /** An admin's token, for rebuilding the index. */
  admin: string;
  /** A new member's token each call. */
  member(): Promise<string>;
  /** Discovery's context over the same storage, for driving its consumer directly. */
  ctx: DiscoveryContext;
  close(): Promise<void>;
}

/**
 * Discovery with the services it reads beside it (catalog, ticketing, orders) on one free port, so
 * the index is fed by the events those services record and rebuilt from their listings, as in the
 * embedded app (the catalog's demo seed off).
 */
export async function startDiscovery(storage: TestStorage, settings: Partial<DiscoverySettings> = {}): Promise<DiscoveryUnderTest> {
  const tokens = await createTestTokens();
  const platform = await startTestPlatform(storage, [
    tokens.service,
    catalogService(catalogSettings({ SEED_DEMO: false })),
    ordersService(ordersSettings()),
    ticketingService(ticketingSettings()),
    discoveryService(discoverySettings(settings)),
  ]);
  const [staff, admin] = await Promise.all([tokens.issue({ role: 'staff' }), tokens.issue({ role: 'admin' })]);
  const ctx = createDiscoveryContext(platformDepsFor(storage), discoverySettings(settings));
  return { api: httpClient(platform.url), platform, staff, admin, member: () => tokens.issue({ role: 'member' }), ctx, close: () => platform.close() };
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

/** The whole search index as its tables hold it, rows in a fixed order, for comparing two indexes. */
export async function indexSnapshot(storage: TestStorage) {
  const db = storage.database.root;
  const documents = await sql<Record<string, unknown>>`
    select id, type, searchable, title, people, body, search_vector::text as search_vector, category_id, category_name, publication_year,
           isbn, price, currency, stock, venue, starts_at, ends_at, timezone, content_version, stock_version
    from discovery.documents order by id`.execute(db);
  const suggestions = await sql<Record<string, unknown>>`select document_id, kind, label, folded from discovery.suggestions order by 1, 2, 3`.execute(db);
  const vocabulary = await sql<{ word: string }>`select word from discovery.vocabulary order by word`.execute(db);
  const categories = await sql<{ id: string; name: string; version: string | null }>`select id, name, version from discovery.categories order by id`.execute(
    db,
  );
  return { documents: documents.rows, suggestions: suggestions.rows, vocabulary: vocabulary.rows.map((row) => row.word), categories: categories.rows };
}

/** Waits until discovery has applied every event the catalog and ticketing recorded for the index. */
export async function untilIndexed(storage: TestStorage): Promise<void> {
  const pending = async () => {
    const { rows } = await sql<{ count: number }>`
      select count(*)::int as count from (
        select event_id, type from catalog.outbox union all select event_id, type from ticketing.outbox
      ) recorded
      where type = any(${[...INDEXED_EVENTS]}::text[])
        and not exists (select 1 from discovery.inbox where consumer_id = ${searchIndexConsumer.consumerId} and event_id = recorded.event_id)`.execute(
      storage.database.root,
    );
    return rows[0]!.count;
  };
  await eventually(async () => expect(await pending()).toBe(0), 20_000);
}

/** Starts a rebuild through the admin route and waits for it to end; the run as it ended. */
export async function rebuildThroughRoute(sut: DiscoveryUnderTest) {
  const started = await sut.api.post('/api/search/reindex', { token: sut.admin });
  if (started.status !== 202) throw new Error(`rebuild not started: ${started.status} ${JSON.stringify(started.body)}`);
  let run = started.body;
  await eventually(async () => {
    run = (await sut.api.get(`/api/search/reindex/${started.body.id}`, { token: sut.admin })).body;
    expect(run.state).not.toBe('running');
  }, 60_000);
  return run;
}
