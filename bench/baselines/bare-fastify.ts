// The baseline for book-read and seat-map: a bare Fastify route returning the same JSON, nothing
// else (no logging, no validation, no auth hook, no cache), on its own process like the real server.
// The JSON comes in BENCH_BODY, or in the file BENCH_BODY_FILE (a seat map is too big for an
// environment variable); BENCH_ROUTE is the route it answers.
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

const text = process.env.BENCH_BODY_FILE ? readFileSync(process.env.BENCH_BODY_FILE, 'utf8') : (process.env.BENCH_BODY ?? '{}');
const body: unknown = JSON.parse(text);
const app = Fastify();
app.get(process.env.BENCH_ROUTE ?? '/api/books/:id', async () => body);
app.get('/healthz', async () => ({ status: 'ok' }));
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
