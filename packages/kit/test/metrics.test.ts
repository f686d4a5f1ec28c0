import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer } from '../src/http/create-http-server.ts';
import type { HttpApp } from '../src/http/http-app.ts';
import { createLogger } from '../src/log/logger.ts';
import { counter, gauge, histogram } from '../src/metrics/registry.ts';
import { httpClient } from '../src/testing/http-client.ts';

const newServer = () =>
  createHttpServer({
    logger: createLogger({ name: 'test', level: 'silent' }),
    openapi: { title: 'test', version: '0' },
    bodyLimitBytes: 2048,
    requestTimeoutMs: 5000,
  });

describe('metrics', () => {
  let app: HttpApp;
  let api: ReturnType<typeof httpClient>;

  beforeAll(async () => {
    app = await newServer();
    app.get('/api/books/:id', async (request) => ({ id: (request.params as { id: string }).id }));
    api = httpClient(await app.listen({ port: 0, host: '127.0.0.1' }));
  });
  afterAll(() => app.close());

  it('serves Prometheus text with request durations labelled by route pattern, not the raw path', async () => {
    await api.get('/api/books/0190c0de-5eed-7000-8000-000000000001');
    await api.get('/healthz');
    await api.get('/nope/42');
    const response = await api.get<string>('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    const text = response.body;
    expect(text).toContain('pustaka_http_request_duration_seconds_bucket{le="+Inf",method="GET",route="/api/books/:id",status="200"} 1');
    expect(text).toContain('pustaka_http_request_duration_seconds_count{method="GET",route="unmatched",status="404"} 1');
    expect(text).not.toContain('0190c0de');
    expect(text).not.toContain('route="/healthz"');
    expect(text).not.toContain('route="/metrics"');
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('keeps /metrics out of the OpenAPI document', async () => {
    const doc = await api.get('/openapi.json');
    expect(Object.keys(doc.body.paths)).toContain('/api/books/{id}');
    expect(Object.keys(doc.body.paths)).not.toContain('/metrics');
  });

  it('lets several servers start in one process, sharing one set of metrics', async () => {
    const second = await newServer();
    await second.ready();
    await second.close();
    expect(counter('pustaka_test_total', 'a test counter', ['kind'])).toBe(counter('pustaka_test_total', 'a test counter', ['kind']));
    expect(gauge('pustaka_test_level', 'a test gauge')).toBe(gauge('pustaka_test_level', 'a test gauge'));
    expect(histogram('pustaka_test_seconds', 'a test histogram')).toBe(histogram('pustaka_test_seconds', 'a test histogram'));
    expect(() => gauge('pustaka_test_total', 'the same name as another kind')).toThrow(/another kind/);
  });
});
