import { afterEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import { register } from '@pustaka/kit/metrics';
import { eventually, freePorts, httpClient } from '@pustaka/kit/testing';
import { services } from '@pustaka/services';
import { startGateway, startUpstream } from './support.ts';
import type { GatewayUnderTest } from './support.ts';

async function breakerGauge(upstream: string): Promise<number | undefined> {
  const metric = await register.getSingleMetric('pustaka_gateway_upstream_breaker_state')?.get();
  return metric?.values.find((value) => value.labels.upstream === upstream)?.value;
}

describe('gateway resilience', () => {
  let sut: GatewayUnderTest | undefined;
  afterEach(async () => {
    await sut?.close();
    sut = undefined;
  });

  it('answers 503 UPSTREAM_UNAVAILABLE naming the upstream when it is down, then fails fast with its breaker open', async () => {
    sut = await startGateway({ UPSTREAM_BREAKER_RESET_MS: '5000' });
    const api = httpClient(sut.url);
    expect((await api.get('/readyz')).status).toBe(200); // the catalog was up...
    await sut.upstreams.catalog.close(); // ...and now it is down
    const first = await api.get('/api/books');
    expect(first.status).toBe(503);
    expect(first.headers.get('content-type')).toContain('application/problem+json');
    expect(first.headers.get('retry-after')).toBe('1');
    expect(first.body).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', upstream: 'catalog' });

    for (let i = 0; i < 5; i += 1) await api.get('/api/books');
    expect(sut.gateway.replicas.get('catalog')!.breakerStates()[0]).toBe('open');
    expect(await breakerGauge('catalog')).toBe(2);
    const fast = await api.get('/api/categories');
    expect(fast.status).toBe(503);
    expect(Number(fast.headers.get('retry-after'))).toBeGreaterThanOrEqual(4);
    // The other upstreams are untouched.
    expect((await api.get('/api/orders')).status).toBe(200);
    expect(sut.gateway.replicas.get('orders')!.breakerStates()[0]).toBe('closed');
  });

  it('does not open the breaker of an upstream that was never up, and answers no 5xx once /readyz is 200', async () => {
    const [port] = await freePorts(1);
    sut = await startGateway({ CATALOG_URL: `http://127.0.0.1:${port}`, UPSTREAM_BREAKER_RESET_MS: '10000' });
    const api = httpClient(sut.url);
    // The catalog is still starting: each request is answered 503, and none counts against it.
    for (let i = 0; i < 10; i += 1) expect((await api.get('/api/books')).body.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(sut.gateway.replicas.get('catalog')!.breakerStates()[0]).toBe('closed');
    expect((await api.get('/readyz')).body.checks).toMatchObject({ catalog: 'failed' });

    const late = await startUpstream('catalog', port!);
    try {
      await eventually(async () => expect((await api.get('/readyz')).status).toBe(200));
      const answers = await Promise.all(Array.from({ length: 20 }, () => api.get('/api/books/1')));
      expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200));
      expect(late.seen.length).toBeGreaterThanOrEqual(20);
    } finally {
      await late.close();
    }
  });

  it('stops waiting for a slow upstream after UPSTREAM_TIMEOUT_MS and answers 503', async () => {
    sut = await startGateway({ UPSTREAM_TIMEOUT_MS: '300' });
    sut.upstreams.orders.delayMs = 3_000;
    const started = Date.now();
    const response = await httpClient(sut.url).get('/api/orders/slow');
    expect(response.status).toBe(503);
    expect(response.body).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', upstream: 'orders' });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('takes a client hanging up mid-request calmly: no error logged, no failure counted', async () => {
    const lines: { level: number; msg: string }[] = [];
    sut = await startGateway({}, pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) }));
    sut.upstreams.orders.delayMs = 400;
    const aborted = new AbortController();
    const request = fetch(`${sut.url}/api/orders/slow`, { signal: aborted.signal }).catch(() => 'aborted');
    await new Promise((resolve) => setTimeout(resolve, 100));
    aborted.abort();
    expect(await request).toBe('aborted');
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(lines.filter((line) => line.level >= 50)).toEqual([]);
    expect(sut.gateway.replicas.get('orders')!.breakerStates()[0]).toBe('closed');
  });

  it('passes an upstream 500 through as its answer, without counting it against the breaker', async () => {
    sut = await startGateway();
    const api = httpClient(sut.url);
    for (let i = 0; i < 8; i += 1) {
      const response = await api.get('/api/books/boom');
      expect(response.status).toBe(500);
      expect(response.body).toEqual({ oops: true });
    }
    expect(sut.gateway.replicas.get('catalog')!.breakerStates()[0]).toBe('closed');
  });

  it('passes an upstream 503 on a GET straight back, without retrying it', async () => {
    sut = await startGateway();
    const started = Date.now();
    const response = await httpClient(sut.url).get('/api/categories/busy');
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(Date.now() - started).toBeLessThan(900);
    expect(sut.upstreams.catalog.seen.filter((seen) => seen.url.endsWith('/busy'))).toHaveLength(1);
  });

  it('limits each client to RATE_LIMIT_PER_MINUTE requests, then answers 429 RATE_LIMITED with Retry-After', async () => {
    sut = await startGateway({ RATE_LIMIT_PER_MINUTE: '3' });
    const api = httpClient(sut.url);
    for (let i = 0; i < 3; i += 1) expect((await api.get('/api/books')).status).toBe(200);
    const limited = await api.get('/api/books');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toContain('application/problem+json');
    expect(limited.body.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Probes and docs are not the API: never limited.
    expect((await api.get('/healthz')).status).toBe(200);
  });

  it('is ready only while every upstream is', async () => {
    sut = await startGateway();
    const api = httpClient(sut.url);
    expect((await api.get('/readyz')).body).toEqual({ status: 'ready', checks: Object.fromEntries(services.map((service) => [service.name, 'ok'])) });
    await sut.upstreams.identity.close();
    const degraded = await api.get('/readyz');
    expect(degraded.status).toBe(503);
    expect(degraded.body.checks).toMatchObject({ identity: 'failed', catalog: 'ok' });
    expect((await api.get('/healthz')).status).toBe(200);
  });
});
