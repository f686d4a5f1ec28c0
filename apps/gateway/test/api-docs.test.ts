import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpClient } from '@pustaka/kit/testing';
import type { HttpClient } from '@pustaka/kit/testing';
import { createRouteTable } from '@pustaka/kit/platform';
import { loadGatewayConfig } from '../config.ts';
import { mergeDocuments } from '../src/api-docs.ts';
import { startGateway } from './support.ts';
import type { GatewayUnderTest } from './support.ts';

describe('gateway API docs', () => {
  let sut: GatewayUnderTest;
  let api: HttpClient;
  beforeAll(async () => {
    sut = await startGateway({ OPENAPI_REFRESH_MS: '0' });
    api = httpClient(sut.url);
  });
  afterAll(() => sut?.close());

  it("documents every service's routed paths in one document, at /openapi.json and behind /docs", async () => {
    for (const path of ['/openapi.json', '/docs/json']) {
      const { status, body } = await api.get(path);
      expect(status).toBe(200);
      expect(Object.keys(body.paths)).toEqual(expect.arrayContaining(['/api/auth/login', '/api/books/{id}', '/api/books/{id}/orders', '/healthz', '/readyz']));
      expect(body.paths['/api/books/{id}/orders'].get.summary).toBe('orders route');
      expect(body.components.securitySchemes.bearerAuth).toBeDefined();
    }
    expect((await api.get('/docs')).status).toBe(200);
  });

  it('shows what an upstream serves only when the gateway routes it there', () => {
    const { ownerOf } = createRouteTable(loadGatewayConfig({}).upstreams);
    expect(ownerOf('/api/books/{id}/orders')).toBe('orders');
    expect(ownerOf('/api/books/{id}/stock')).toBe('catalog');
    expect(ownerOf('/api/usersx')).toBeUndefined();
    expect(ownerOf('/metrics')).toBeUndefined();
  });

  it('keeps the last good copy of a service that went down', async () => {
    await sut.upstreams.catalog.close();
    const { body } = await api.get('/openapi.json');
    expect(body.paths['/api/books/{id}']).toBeDefined();
    expect(body.paths['/api/auth/login']).toBeDefined();
  });

  it('says which services it could not reach', () => {
    const own = { info: { title: 'Pustaka' }, paths: {} };
    const merged = mergeDocuments(own, new Map([['identity', { paths: { '/api/auth/login': {}, '/healthz': {} } }]]), loadGatewayConfig({}).upstreams);
    expect(Object.keys(merged.paths!)).toEqual(['/api/auth/login']);
    expect(merged.info!.description).toContain('catalog, orders');
  });
});
