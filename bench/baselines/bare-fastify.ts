// The baseline for book-read: a bare Fastify route returning the same JSON, nothing else
// (no logging, no validation, no auth hook, no cache), on its own process like the real server.
import Fastify from 'fastify';

const body: unknown = JSON.parse(process.env.BENCH_BODY ?? '{}');
const app = Fastify();
app.get('/api/books/:id', async () => body);
app.get('/healthz', async () => ({ status: 'ok' }));
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
