import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpClient } from '@pustaka/kit/testing';
import type { HttpClient } from '@pustaka/kit/testing';
import { startGateway, tokens } from './support.ts';
import type { GatewayUnderTest } from './support.ts';

const SHOP = 'https://shop.example.com';
const preflight = (origin: string) => ({
  headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
});

describe('CORS at the edge', () => {
  let sut: GatewayUnderTest;
  let api: HttpClient;
  beforeAll(async () => {
    sut = await startGateway({ CORS_ORIGINS: `${SHOP},https://admin.example.com`, CORS_MAX_AGE_SECONDS: '900' });
    api = httpClient(sut.url);
  });
  afterAll(() => sut?.close());

  it("answers a configured origin's preflight itself, cached, for bearer tokens without cookies", async () => {
    const before = sut.upstreams.orders.seen.length;
    const response = await api.request('OPTIONS', '/api/orders', preflight(SHOP));
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    expect(response.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(response.headers.get('access-control-max-age')).toBe('900');
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    expect(response.headers.get('vary')).toContain('Origin');
    expect(sut.upstreams.orders.seen.length).toBe(before);
  });

  it('lets the configured origin read an answer and the headers it needs', async () => {
    const response = await api.get('/api/orders', { token: await tokens.issue({ role: 'member' }), headers: { origin: SHOP } });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(response.headers.get('access-control-expose-headers')).toContain('ratelimit-remaining');
  });

  it('gives any other origin no CORS headers, so its browser refuses the answer', async () => {
    const simple = await api.get('/api/books', { headers: { origin: 'https://evil.example.com' } });
    expect(simple.headers.get('access-control-allow-origin')).toBeNull();
    const refused = await api.request('OPTIONS', '/api/orders', preflight('https://evil.example.com'));
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    expect(refused.headers.get('access-control-allow-methods')).toBeNull();
  });
});

describe('CORS by default', () => {
  it('allows no origin at all', async () => {
    const sut = await startGateway();
    try {
      const response = await httpClient(sut.url).request('OPTIONS', '/api/orders', preflight(SHOP));
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await sut.close();
    }
  });
});
