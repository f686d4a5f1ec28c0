import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createHttpServer } from '../src/http/create-http-server.ts';

describe('the request log', () => {
  it('writes one line per request: request id, trace id, method, route, status and duration, and the URL only where no pattern names it', async () => {
    const lines: Record<string, unknown>[] = [];
    const app = await createHttpServer({
      logger: pino({ level: 'info', base: undefined, timestamp: false }, { write: (line: string) => void lines.push(JSON.parse(line)) }),
      openapi: { title: 'test', version: '0' },
      bodyLimitBytes: 2048,
      requestTimeoutMs: 5000,
      secretPaths: ['/feeds/'],
    });
    app.get('/books/:id', async () => ({ ok: true }));
    app.get('/feeds/*', async () => ({ ok: true }));
    app.get('/files/*', async () => ({ ok: true }));
    await app.inject({ method: 'GET', url: '/books/123?q=secret-search', headers: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' } });
    await app.inject({ method: 'GET', url: '/feeds/s3cr3t-token.ics' });
    await app.inject({ method: 'GET', url: '/files/a/b.txt' });
    await app.inject({ method: 'GET', url: '/nowhere' });
    await app.inject({ method: 'GET', url: '/healthz' });
    await app.close();

    const completed = lines.filter((line) => line.msg === 'request completed');
    expect(completed[0]).toEqual({
      level: 30,
      requestId: expect.any(String),
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      method: 'GET',
      route: '/books/:id',
      statusCode: 200,
      ms: expect.any(Number),
      msg: 'request completed',
    });
    expect(completed.slice(1).map(({ route, url, statusCode }) => ({ route, url, statusCode }))).toEqual([
      { route: '/feeds/*', url: '/feeds/[redacted]', statusCode: 200 },
      { route: '/files/*', url: '/files/a/b.txt', statusCode: 200 },
      { route: undefined, url: '/nowhere', statusCode: 404 },
    ]);
    expect(JSON.stringify(lines)).not.toMatch(/s3cr3t|secret-search/);
  });
});
