import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Type } from 'typebox';
import { createHttpServer } from '../src/http/create-http-server.ts';
import type { HttpApp } from '../src/http/http-app.ts';
import { AppError } from '../src/errors/app-error.ts';
import pino from 'pino';
import { eventually, httpClient } from '../src/testing/http-client.ts';

describe('the http server every service uses', () => {
  const logged: { level: number; msg: string }[] = [];
  let app: HttpApp;
  let baseUrl: string;
  let api: ReturnType<typeof httpClient>;
  let abandonedStarted = false;

  beforeAll(async () => {
    app = await createHttpServer({
      logger: pino({ level: 'info' }, { write: (line: string) => void logged.push(JSON.parse(line)) }),
      openapi: { title: 'test', version: '0' },
      bodyLimitBytes: 2048,
      requestTimeoutMs: 5000,
    });
    app.post(
      '/things',
      {
        schema: {
          body: Type.Object({ name: Type.String({ minLength: 1 }), count: Type.Integer({ minimum: 0 }) }, { additionalProperties: false }),
        },
      },
      async (request) => ({ received: request.body }),
    );
    app.get(
      '/page',
      {
        schema: { querystring: Type.Object({ page: Type.Integer({ minimum: 1, default: 1 }) }, { additionalProperties: false }) },
      },
      async (request) => ({ page: request.query.page }),
    );
    app.get('/conflict', async () => {
      throw new AppError('conflict', 'OUT_OF_STOCK', 'Not enough stock', { extensions: { lines: [{ bookId: 'b', available: 1 }] } });
    });
    const boom = async () => {
      throw new Error('secret internal detail: password=hunter2');
    };
    app.get('/boom', boom);
    app.get('/abandoned', async () => {
      abandonedStarted = true;
      await new Promise((resolve) => setTimeout(resolve, 300));
      throw new Error('stream failed because the client left');
    });
    app.post('/boom', boom);
    app.get('/things/:id', async (request) => ({ id: (request.params as { id: string }).id }));
    app.get('/slow-down', async () => {
      throw new AppError('rate_limited', 'TOO_MANY_ATTEMPTS', 'Wait', { retryAfterSeconds: 42 });
    });
    app.readinessChecks.set('flaky', async () => {
      throw new Error('down');
    });
    baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
    api = httpClient(baseUrl);
  });

  afterAll(() => app.close());

  it('echoes a valid X-Request-Id and creates one otherwise', async () => {
    const given = await api.get('/healthz', { headers: { 'x-request-id': 'abc-123' } });
    expect(given.headers.get('x-request-id')).toBe('abc-123');
    const injected = await api.get('/healthz', { headers: { 'x-request-id': 'bad id\twith spaces' } });
    expect(injected.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('rejects unknown fields and lists every failing field as problem+json', async () => {
    const response = await api.post('/things', { body: { name: '', count: -1, extra: true } });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body.code).toBe('VALIDATION_FAILED');
    const fields = response.body.errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(['/count', '/extra', '/name']);
  });

  it('converts query strings to their types but takes JSON bodies as sent', async () => {
    expect((await api.get('/page?page=3')).body).toEqual({ page: 3 });
    expect((await api.get('/page')).body).toEqual({ page: 1 });
    const stringly = await api.post('/things', { body: { name: 'x', count: '3' } });
    expect(stringly.status).toBe(400);
    expect(stringly.body.errors).toEqual([{ in: 'body', field: '/count', message: 'must be integer' }]);
  });

  it('answers 413 for a body over the limit', async () => {
    const response = await api.post('/things', { body: { name: 'x'.repeat(5000), count: 1 } });
    expect(response.status).toBe(413);
    expect(response.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers 400 for malformed JSON and 415 for other media types', async () => {
    expect((await api.post('/things', { body: '{"name": ' })).body.code).toBe('MALFORMED_REQUEST');
    const xml = await api.post('/things', { body: '<thing/>', headers: { 'content-type': 'application/xml' } });
    expect(xml.status).toBe(415);
    expect(xml.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('maps AppError kinds to statuses and keeps extension members', async () => {
    const response = await api.get('/conflict');
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ code: 'OUT_OF_STOCK', title: 'Out of stock', status: 409, lines: [{ bookId: 'b', available: 1 }] });
    const limited = await api.get('/slow-down');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('42');
  });

  it('answers 500 without internals for an unexpected error, and logs it as one', async () => {
    logged.length = 0;
    const posted = await api.post('/boom', { body: { any: 'body' } });
    expect(posted.status).toBe(500);
    expect(logged.some((line) => line.level === 50 && line.msg === 'request failed unexpectedly')).toBe(true);
    const response = await api.get('/boom');
    expect(response.status).toBe(500);
    expect(JSON.stringify(response.body)).not.toContain('hunter2');
    expect(response.body.code).toBe('INTERNAL_ERROR');
    expect(response.body.requestId).toBeTruthy();
  });

  it('logs a failure after the client hung up as the client leaving, not as a server error', async () => {
    logged.length = 0;
    const aborted = new AbortController();
    const request = fetch(`${baseUrl}/abandoned`, { signal: aborted.signal }).catch(() => 'aborted');
    // Hang up once the handler is running (a loaded machine may take a while to get there).
    await eventually(async () => expect(abandonedStarted).toBe(true), 10_000, 10);
    aborted.abort();
    expect(await request).toBe('aborted');
    await eventually(async () => expect(logged.some((line) => line.msg === 'client closed the connection first')).toBe(true), 10_000, 50);
    expect(logged.some((line) => line.level >= 50)).toBe(false);
  });

  it('answers an overlong or malformed path as problem+json, without echoing it back', async () => {
    const long = await api.get(`/things/${'x'.repeat(250)}`);
    expect(long.status).toBe(414);
    expect(long.headers.get('content-type')).toContain('application/problem+json');
    expect(long.body).toMatchObject({ code: 'URI_TOO_LONG' });
    expect(JSON.stringify(long.body)).not.toContain('xxxxxxxxxx');
    const malformed = await api.get('/things/%E0%A4%A');
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ code: 'MALFORMED_REQUEST' });
  });

  it('answers 404 problem for an unknown route', async () => {
    const response = await api.get('/nope');
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('ROUTE_NOT_FOUND');
  });

  it('reports not ready when a dependency check fails, while staying alive', async () => {
    expect((await api.get('/healthz')).status).toBe(200);
    const ready = await api.get('/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body.checks).toEqual({ flaky: 'failed' });
  });

  it('serves the OpenAPI document and Swagger UI', async () => {
    const doc = await api.get('/openapi.json');
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toContain('/things');
    expect((await api.get('/docs')).status).toBeLessThan(400);
  });
});
