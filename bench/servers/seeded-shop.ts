// The embedded platform (every service of the list, one process) over the database the
// environment names (DATABASE_URL, else PGlite under DATA_DIR), filled with the seeded shop's
// books the way the live system fills discovery: each book a `book.created` event, as the catalog
// publishes it, applied by discovery's own consumer (inbox, batches). It prints how long the
// index took (`INDEXED {...}` on stdout), then listens. Also answers `GET /bench/ilike?q=`: the
// naive search a shop without an index would run, on the same database, for comparison.
import { BOOK_CREATED } from '@pustaka/contracts';
import { openCache } from '@pustaka/kit/cache';
import { newEvent } from '@pustaka/kit/bus';
import type { Transport } from '@pustaka/kit/bus';
import { sql } from '@pustaka/kit/db';
import type { Database } from '@pustaka/kit/db';
import type { HttpApp } from '@pustaka/kit/http';
import { createLogger } from '@pustaka/kit/log';
import { buildPlatform, serviceFromManifest } from '@pustaka/kit/platform';
import type { ServiceFactory } from '@pustaka/kit/platform';
import { services } from '@pustaka/services';
import { Type } from 'typebox';
import { loadEmbeddedConfig } from '../../apps/embedded/config.ts';
import { openEmbeddedDatabase } from '../../apps/embedded/src/build-embedded.ts';
import { bookCreatedPayload, seededCatalog } from '../lib/seeded-books.ts';

const SEED = Number(process.env.BENCH_SEED ?? 42);
const BOOKS = Number(process.env.BENCH_BOOKS ?? 100_000);
// Published in slices, so the queue in memory never holds the whole shop at once.
const SLICE = 2_000;

const config = loadEmbeddedConfig({ ...process.env, SEED_DEMO: 'false' });
const logger = createLogger({ name: 'seeded-shop', level: config.LOG_LEVEL, pretty: false });
const database = await openEmbeddedDatabase(config);

let transport: Transport | undefined;
// Not a service of the list: the bench's own hands inside the process, holding the transport
// the catalog's relay publishes on, and the naive search to compare with.
const benchHands: ServiceFactory = async (deps) => {
  transport = deps.events.transport;
  return { name: 'bench', routes: async (app) => registerNaiveSearch(app, deps.database) };
};

const platform = await buildPlatform({
  openapi: { title: 'Pustaka (seeded shop)', version: '0.1.0' },
  database,
  cache: openCache({ url: config.REDIS_URL }),
  logger,
  services: [...services.map((service) => serviceFromManifest(service, config)), benchHands],
  http: { bodyLimitBytes: config.HTTP_BODY_LIMIT_BYTES, requestTimeoutMs: config.HTTP_REQUEST_TIMEOUT_MS },
  auth: { issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE },
  publicBaseUrl: `http://127.0.0.1:${config.PORT}`,
});

const started = performance.now();
const catalog = seededCatalog({ seed: SEED, books: BOOKS });
const generatedMs = performance.now() - started;
const categoryNames = new Map(catalog.categories.map((category) => [category.id, category.name]));
const indexStarted = performance.now();
// A shop filled before (a second run over the same database) is not filled again.
if ((await searchableBooks(database)) < catalog.books.length) {
  for (let from = 0; from < catalog.books.length; from += SLICE) {
    for (const book of catalog.books.slice(from, from + SLICE)) {
      await transport!.publish(newEvent(BOOK_CREATED, bookCreatedPayload(book, categoryNames.get(book.categoryId)!)));
    }
    // At most two slices wait in the queue: the one just published and the one being applied.
    await waitUntilIndexed(database, from);
  }
  await waitUntilIndexed(database, catalog.books.length);
}
const indexMs = performance.now() - indexStarted;
console.log(`INDEXED ${JSON.stringify({ books: catalog.books.length, generatedMs: Math.round(generatedMs), indexMs: Math.round(indexMs) })}`);

await platform.app.listen({ port: config.PORT, host: '127.0.0.1' });
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    void platform.close().finally(() => process.exit(0));
  });
}

/** Waits until discovery holds `count` searchable books (polled: its consumer says nothing outside). */
async function waitUntilIndexed(db: Database, count: number): Promise<void> {
  while ((await searchableBooks(db)) < count) await new Promise((resolve) => setTimeout(resolve, 200));
}

async function searchableBooks(db: Database): Promise<number> {
  const { rows } = await sql<{ books: number }>`select count(*)::int as books from discovery.documents where searchable`.execute(db.root);
  return rows[0]!.books;
}

/**
 * The search a shop writes before it has an index: the typed text anywhere in a title or an
 * author's name, case-insensitive, no ranking, no typos forgiven.
 */
function registerNaiveSearch(app: HttpApp, db: Database): void {
  app.get(
    '/bench/ilike',
    {
      config: { access: 'public' },
      schema: { hide: true, querystring: Type.Object({ q: Type.String({ maxLength: 200 }), limit: Type.Integer({ minimum: 1, maximum: 50, default: 20 }) }) },
    },
    async (request) => {
      const pattern = `%${request.query.q.replace(/[\\%_]/g, '\\$&')}%`;
      const { rows } = await sql<{ id: string }>`
        select id from discovery.documents
        where searchable and (title ilike ${pattern} or array_to_string(people, ' ') ilike ${pattern})
        order by title
        limit ${request.query.limit}`.execute(db.root);
      return { items: rows };
    },
  );
}
