// The baseline for search: Orama, an in-process JavaScript search engine with typo tolerance,
// over the same seeded books, behind a bare Fastify route on its own process like the real server.
// It makes the books itself (same seed), prints how long its index took (`INDEXED {...}`), then
// listens. `GET /search?q=&limit=` answers `{ items: [{ id }] }`, best first.
//
// Its titles and authors only: with the synopses too, a query with typos took many seconds on
// 100k books (a fuzzy walk of every term's tree); every query of the bench is about a title or an
// author, so this is the configuration that serves Orama best, not a handicap.
import Fastify from 'fastify';
import { create, insertMultiple, search } from '@orama/orama';
import { seededCatalog } from '../lib/seeded-books.ts';
import { typoToleranceOf } from '../lib/search-queries.ts';

const SEED = Number(process.env.BENCH_SEED ?? 42);
const BOOKS = Number(process.env.BENCH_BOOKS ?? 100_000);

const started = performance.now();
const catalog = seededCatalog({ seed: SEED, books: BOOKS });
const generatedMs = performance.now() - started;
const indexStarted = performance.now();
const db = create({ schema: { id: 'string', title: 'string', authors: 'string[]' } as const });
await insertMultiple(
  db,
  catalog.books.map((book) => ({ id: book.id, title: book.title, authors: book.authors })),
  1_000,
);
const indexMs = performance.now() - indexStarted;
console.log(`INDEXED ${JSON.stringify({ books: catalog.books.length, generatedMs: Math.round(generatedMs), indexMs: Math.round(indexMs) })}`);

const app = Fastify();
app.get<{ Querystring: { q?: string; limit?: string } }>('/search', async (request) => {
  const term = request.query.q ?? '';
  const result = await search(db, {
    term,
    properties: ['title', 'authors'],
    // Weighted as discovery weighs them: the title above the authors.
    boost: { title: 3, authors: 2 },
    tolerance: typoToleranceOf(term),
    // Every word must match, as in discovery (the default, any word, found fewer intended books).
    threshold: 0,
    limit: Number(request.query.limit ?? 20),
  });
  return { items: result.hits.map((hit) => ({ id: hit.id })) };
});
app.get('/healthz', async () => ({ status: 'ok' }));
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
