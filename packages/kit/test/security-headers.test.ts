import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer } from '../src/http/create-http-server.ts';
import type { HttpApp } from '../src/http/http-app.ts';
import { createLogger } from '../src/log/logger.ts';

describe('security headers', () => {
  let app: HttpApp;
  let base: string;

  beforeAll(async () => {
    app = await createHttpServer({
      logger: createLogger({ name: 'test', level: 'silent' }),
      openapi: { title: 'test', version: '0' },
      bodyLimitBytes: 2048,
      requestTimeoutMs: 5000,
      trustProxy: 'loopback',
    });
    app.get('/api/things', async () => ({ items: [] }));
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => app.close());

  const directivesOf = (header: string | null) =>
    new Map(
      (header ?? '').split(';').flatMap((part) => {
        const [name, ...values] = part.trim().split(/\s+/);
        return name ? [[name, values] as const] : [];
      }),
    );

  it.each(['/api/things', '/docs/', '/no/such/route', '/healthz'])('sends them on %s, answers and errors alike', async (path) => {
    const response = await fetch(`${base}${path}`);
    await response.arrayBuffer();
    const csp = directivesOf(response.headers.get('content-security-policy'));
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(response.headers.get('strict-transport-security')).toBeNull();
    if (response.headers.get('content-type')?.startsWith('text/html')) {
      // A page runs only its own scripts and embeds no objects.
      expect(csp.get('default-src')).toEqual(["'self'"]);
      expect(csp.get('script-src')).toEqual(["'self'"]);
      expect(csp.get('object-src')).toEqual(["'none'"]);
    } else {
      // Data is never a document: nothing in it may load or run at all.
      expect(csp.get('default-src')).toEqual(["'none'"]);
      expect(response.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    }
  });

  it('gives the API explorer the policy of a page', async () => {
    const response = await fetch(`${base}/docs/`);
    await response.arrayBuffer();
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(directivesOf(response.headers.get('content-security-policy')).get('script-src')).toEqual(["'self'"]);
  });

  it('serves the API explorer with no inline script the policy would block', async () => {
    const page = await (await fetch(`${base}/docs/`)).text();
    const scripts = [...page.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\ssrc="\.?\/?[^":]+"/);
      expect(body?.trim()).toBe('');
    }
  });

  it('adds HSTS only when the request came over TLS, as a trusted proxy reports it', async () => {
    const overTls = await fetch(`${base}/api/things`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(overTls.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    const plain = await fetch(`${base}/api/things`, { headers: { 'x-forwarded-proto': 'http' } });
    expect(plain.headers.get('strict-transport-security')).toBeNull();
  });
});
