import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { Type } from 'typebox';
import pino from 'pino';
import { createHttpServer } from '../src/http/create-http-server.ts';
import type { HttpApp } from '../src/http/http-app.ts';
import { httpClient } from '../src/testing/http-client.ts';

const REQUEST_TIMEOUT_MS = 1_500;

/** Sends raw bytes and resolves with what the server answered and how long it took to end the connection. */
function rawExchange(port: number, send: (socket: ReturnType<typeof connect>) => void): Promise<{ text: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const socket = connect(port, '127.0.0.1', () => send(socket));
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => resolve({ text, ms: performance.now() - started }));
  });
}

describe('hostile input, refused by the kit whatever a route declares', () => {
  let app: HttpApp;
  let port: number;
  let api: ReturnType<typeof httpClient>;
  const reached: unknown[] = [];

  beforeAll(async () => {
    app = await createHttpServer({
      logger: pino({ level: 'silent' }),
      openapi: { title: 'test', version: '0' },
      bodyLimitBytes: 4096,
      requestTimeoutMs: REQUEST_TIMEOUT_MS,
    });
    const Thing = Type.Object(
      {
        name: Type.String(),
        notes: Type.Optional(Type.String()),
        count: Type.Optional(Type.Integer()),
        weight: Type.Optional(Type.Number()),
        at: Type.Optional(Type.String({ format: 'date-time' })),
        on: Type.Optional(Type.String({ format: 'date' })),
      },
      { additionalProperties: false },
    );
    const Query = Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1 })), q: Type.Optional(Type.String()), w: Type.Optional(Type.Number()) });
    app.post('/things', { schema: { body: Thing } }, async (request) => (reached.push(request.body), { ok: true }));
    app.get('/things', { schema: { querystring: Query } }, async (request) => (reached.push(request.query), { ok: true }));
    app.get('/things/:name', { schema: { params: Type.Object({ name: Type.String() }) } }, async (request) => (reached.push(request.params), { ok: true }));
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    port = Number(new URL(url).port);
    api = httpClient(url);
  });
  afterAll(async () => app?.close());

  const refusedFields = async (response: { status: number; headers: Headers; body: any }) => {
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    return response.body.errors?.map((error: { field: string; message: string }) => `${error.field} ${error.message}`);
  };

  it('refuses NUL and other control characters in every string, allowing tab and line breaks only in bodies', async () => {
    for (const name of ['a\u0000b', 'bell\u0007', 'esc\u001b[31m', 'del\u007f', 'lone \ud800 surrogate']) {
      expect(await refusedFields(await api.post('/things', { body: { name } }))).toEqual(['/name must not contain control characters or unpaired surrogates']);
    }
    expect((await api.post('/things', { body: { name: 'ok', notes: 'line one\nline two\r\n\tindented' } })).status).toBe(200);
    expect(await refusedFields(await api.get('/things?q=a%0Ab'))).toEqual(['/q must not contain control characters or unpaired surrogates']);
    expect(await refusedFields(await api.get('/things?q=%00'))).toEqual(['/q must not contain control characters or unpaired surrogates']);
    expect(await refusedFields(await api.get('/things/a%00b'))).toEqual(['/name must not contain control characters or unpaired surrogates']);
  });

  it('refuses non-finite numbers in query strings and integers beyond PostgreSQL integer in bodies and queries', async () => {
    for (const page of ['1e309', 'Infinity', '-Infinity', '9223372036854775808', '2.5', 'NaN']) {
      expect((await api.get(`/things?page=${page}`)).status, page).toBe(400);
    }
    for (const w of ['1e309', '-1e309', 'Infinity']) expect(await refusedFields(await api.get(`/things?w=${w}`))).toEqual(['/w must be a finite number']);
    expect(await refusedFields(await api.post('/things', { body: { name: 'n', count: 2 ** 31 } }))).toEqual(['/count must be <= 2147483647']);
    expect(await refusedFields(await api.post('/things', { body: { name: 'n', count: -(2 ** 63) } }))).toEqual(['/count must be >= -2147483648']);
    expect(await refusedFields(await api.post('/things', { body: { name: 'n', count: 1.5 } }))).toEqual(['/count must be integer']);
    // JSON itself cannot say Infinity; 1e309 is read as Infinity by JSON.parse and refused as a number.
    const overflowing = await fetch(`http://127.0.0.1:${port}/things`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name":"n","weight":1e309}',
    });
    expect(await refusedFields({ status: overflowing.status, headers: overflowing.headers, body: await overflowing.json() })).toEqual([
      '/weight must be number',
    ]);
  });

  it('refuses instants and dates that JavaScript or PostgreSQL cannot hold, and keeps the edges they can', async () => {
    for (const at of [
      '2016-12-31T23:59:60Z',
      '0000-01-01T00:00:00Z',
      '2023-02-30T10:00:00Z',
      '2023-13-01T00:00:00Z',
      '10000-01-01T00:00:00Z',
      '2024-01-01 10:00',
    ]) {
      expect(await refusedFields(await api.post('/things', { body: { name: 'n', at } })), at).toEqual(['/at must match format "date-time"']);
    }
    for (const on of ['0000-01-01', '2023-02-29', '2023-04-31']) {
      expect(await refusedFields(await api.post('/things', { body: { name: 'n', on } })), on).toEqual(['/on must match format "date"']);
    }
    for (const at of ['0001-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z', '2024-02-29T12:00:00+07:00']) {
      expect((await api.post('/things', { body: { name: 'n', at } })).status, at).toBe(200);
    }
  });

  it('refuses a JSON key given twice, prototype keys, other media types and empty bodies, as problem+json', async () => {
    const send = async (body: string, contentType = 'application/json') => {
      const response = await fetch(`http://127.0.0.1:${port}/things`, { method: 'POST', headers: { 'content-type': contentType }, body });
      return { status: response.status, type: response.headers.get('content-type'), body: await response.json() };
    };
    const twice = await send('{"name":"member","name":"admin"}');
    expect(twice).toMatchObject({ status: 400, body: { code: 'MALFORMED_REQUEST', detail: 'The key "name" is given twice in one object' } });
    expect(await send('[{"a":1},{"b":{"c":1,"c":2}}]')).toMatchObject({ status: 400, body: { code: 'MALFORMED_REQUEST' } });
    expect(await send('{"name":"n","__proto__":{"admin":true}}')).toMatchObject({ status: 400, body: { code: 'MALFORMED_REQUEST' } });
    expect(await send('{"name":"n","constructor":{"prototype":{"admin":true}}}')).toMatchObject({ status: 400, body: { code: 'MALFORMED_REQUEST' } });
    expect(await send('{"name":')).toMatchObject({ status: 400, body: { code: 'MALFORMED_REQUEST' } });
    expect(await send(' ')).toMatchObject({ status: 400, body: { code: 'MALFORMED_REQUEST' } });
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml']) {
      const response = await send('name=n', type);
      expect(response, type).toMatchObject({ status: 415, body: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
      expect(response.type).toMatch(/^application\/problem\+json/);
    }
    expect(reached).not.toContainEqual(expect.objectContaining({ name: 'admin' }));
  });

  it('answers what the HTTP parser refuses (bad request line, oversized headers) as problem+json and closes', async () => {
    const garbage = await rawExchange(port, (socket) => socket.write('GARBAGE\r\n\r\n'));
    expect(garbage.text).toMatch(/^HTTP\/1\.1 400 /);
    expect(garbage.text).toContain('application/problem+json');
    expect(garbage.text).toContain('"code":"MALFORMED_REQUEST"');
    const huge = await rawExchange(port, (socket) => socket.write(`GET /things HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`));
    expect(huge.text).toMatch(/^HTTP\/1\.1 431 /);
    expect(huge.text).toContain('"code":"HEADERS_TOO_LARGE"');
  });

  it('cuts a body that trickles in after the request timeout, and unfinished headers, with a 408 problem', async () => {
    const slowBody = await rawExchange(port, (socket) => {
      socket.write('POST /things HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"name":');
      const drip = setInterval(() => (socket.writable ? socket.write(' ') : clearInterval(drip)), 200);
      socket.on('close', () => clearInterval(drip));
    });
    expect(slowBody.text).toMatch(/^HTTP\/1\.1 408 /);
    expect(slowBody.text).toContain('"code":"REQUEST_TIMEOUT"');
    // Node checks its timeouts every second here (every 30 s by default).
    expect(slowBody.ms).toBeLessThan(REQUEST_TIMEOUT_MS + 1_500);
    const slowHeaders = await rawExchange(port, (socket) => socket.write('GET /things HTTP/1.1\r\nHost: x\r\n'));
    expect(slowHeaders.text).toMatch(/^HTTP\/1\.1 408 /);
    expect(slowHeaders.ms).toBeLessThan(REQUEST_TIMEOUT_MS + 1_500);
  });
});
