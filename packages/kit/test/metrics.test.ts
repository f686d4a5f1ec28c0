import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer } from '../src/http/create-http-server.ts';
import type { HttpApp } from '../src/http/http-app.ts';
import { createLogger } from '../src/log/logger.ts';
import { counter, gauge, histogram, register } from '../src/metrics/registry.ts';
import { sampledGauge } from '../src/metrics/sampled-gauge.ts';
import { openCache } from '../src/cache/cache.ts';
import { defaultMetricsPort, listenForMetrics } from '../src/metrics/metrics-server.ts';
import type { MetricsListener } from '../src/metrics/metrics-server.ts';
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
  let metrics: MetricsListener;

  beforeAll(async () => {
    app = await newServer();
    app.get('/api/books/:id', async (request) => ({ id: (request.params as { id: string }).id }));
    api = httpClient(await app.listen({ port: 0, host: '127.0.0.1' }));
    metrics = await listenForMetrics({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await app.close();
    await metrics?.close();
  });

  it('serves Prometheus text on its own listener, with request durations labelled by route pattern, not the raw path', async () => {
    await api.get('/api/books/0190c0de-5eed-7000-8000-000000000001');
    await api.get('/healthz');
    await api.get('/nope/42');
    const response = await fetch(metrics.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    const text = await response.text();
    expect(text).toContain('pustaka_http_request_duration_seconds_bucket{le="+Inf",method="GET",route="/api/books/:id",status="200"} 1');
    expect(text).toContain('pustaka_http_request_duration_seconds_count{method="GET",route="unmatched",status="404"} 1');
    expect(text).not.toContain('0190c0de');
    expect(text).not.toContain('route="/healthz"');
    expect(text).not.toContain('route="/metrics"');
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('is not on the public port, and its listener answers nothing else', async () => {
    const onPublicPort = await api.get('/metrics');
    expect(onPublicPort.status).toBe(404);
    expect(onPublicPort.headers.get('content-type')).toContain('application/problem+json');
    expect((await fetch(metrics.url.replace('/metrics', '/api/books/1'))).status).toBe(404);
    expect((await fetch(metrics.url, { method: 'POST' })).status).toBe(404);
    expect(new URL(metrics.url).hostname).toBe('127.0.0.1');
    expect([defaultMetricsPort(3002), defaultMetricsPort(8080), defaultMetricsPort(0), defaultMetricsPort(60_000)]).toEqual([9002, 14_080, 0, 0]);
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

  it('reads a sampled gauge from its sources at scrape time, leaves out a failing source, and forgets a removed one', async () => {
    const waiting = sampledGauge('pustaka_test_waiting', 'a test sampled gauge', ['queue']);
    let orders = 3;
    const stopOrders = waiting.sample(() => [{ labels: { queue: 'orders' }, value: orders }]);
    const stopBroken = waiting.sample(async () => {
      throw new Error('broker unreachable');
    });
    expect(await fetch(metrics.url).then((response) => response.text())).toContain('pustaka_test_waiting{queue="orders"} 3');
    orders = 5;
    expect(await fetch(metrics.url).then((response) => response.text())).toContain('pustaka_test_waiting{queue="orders"} 5');
    stopOrders();
    stopBroken();
    expect(await fetch(metrics.url).then((response) => response.text())).not.toContain('pustaka_test_waiting{');
    expect(() => sampledGauge('pustaka_test_total', 'the name of a counter')).toThrow(/another kind/);
  });

  it('counts cache-aside reads by scope: a hit, a miss, and a miss that joined a load in flight', async () => {
    const cache = openCache().scope('metrics-test').scope('books');
    const read = async () =>
      (await register.getSingleMetricAsString('pustaka_cache_lookups_total')).split('\n').filter((line) => line.includes('scope="metrics-test:books"'));
    let release: (value: string) => void = () => {};
    const slow = new Promise<string>((resolve) => (release = resolve));
    const first = cache.getOrLoad('b1', 60, () => slow);
    const second = cache.getOrLoad('b1', 60, () => Promise.resolve('never loaded'));
    release('Bumi Manusia');
    expect([await first, await second]).toEqual(['Bumi Manusia', 'Bumi Manusia']);
    expect(await cache.getOrLoad('b1', 60, () => Promise.resolve('never loaded'))).toBe('Bumi Manusia');
    expect(await read()).toEqual(
      expect.arrayContaining([
        'pustaka_cache_lookups_total{scope="metrics-test:books",outcome="hit"} 1',
        'pustaka_cache_lookups_total{scope="metrics-test:books",outcome="miss"} 1',
        'pustaka_cache_lookups_total{scope="metrics-test:books",outcome="joined"} 1',
      ]),
    );
  });
});
