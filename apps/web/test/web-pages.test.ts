import { afterAll, beforeAll, expect, it, describe } from 'vitest';
import { Agent, fetch as undiciFetch } from 'undici';
import { startWebShop } from './web-shop.ts';
import type { WebShop } from './web-shop.ts';

// The web app as a search engine or a phone on a slow network first meets it: pages rendered on
// the server, with the platform's answers around them.
describe('the web app served by the platform', () => {
  let shop: WebShop;
  beforeAll(async () => {
    // A tight page budget: the renderer's own API calls must not count against the visitor.
    shop = await startWebShop({ demo: true, env: { RATE_LIMIT_PER_MINUTE: '6' } });
  }, 180_000);
  afterAll(() => shop?.close());

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${shop.url}${path}`, { headers, redirect: 'manual' });

  it('renders the home page on the server with the demo shop in it, every script under the nonce of its answer', async () => {
    const response = await get('/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    // The demo shop's categories, the Indonesian shelf among them, as the server rendered them.
    expect(html).toContain('Sastra Indonesia');
    expect(html).toMatch(/class="title"[^>]*>[^<]+</);
    const csp = response.headers.get('content-security-policy') ?? '';
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("frame-ancestors 'none'");
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map(([tag]) => tag);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it("renders a book's page with its title, price and shelf, and a 404 page for a book that is not there", async () => {
    const books = await shop.api.get('/api/books?q=Bumi%20Manusia');
    const book = books.body.items[0];
    const page = await get(`/books/${book.id}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`<h1`);
    expect(html).toContain('Bumi Manusia');
    expect(html).toContain(book.location);
    expect(html).toMatch(/<title>Bumi Manusia · Pustaka<\/title>/);
    expect((await get('/books/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('leaves the API its own: an unknown API path is a problem+json 404, not a page', async () => {
    const response = await get('/api/no-such-thing');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it("serves the built assets with long-lived caching and without spending the visitor's budget", async () => {
    const html = await (await get('/')).text();
    const asset = /\/_nuxt\/[\w.-]+\.js/.exec(html)?.[0];
    expect(asset).toBeTruthy();
    for (let i = 0; i < 10; i += 1) {
      const response = await get(asset!, { 'x-forwarded-for': '198.51.100.7' });
      expect(response.status).toBe(200);
      await response.arrayBuffer();
      expect(response.headers.get('cache-control')).toContain('immutable');
    }
  });

  it("renders pages whose own API calls do not count against the visitor's budget", async () => {
    // Six requests a minute from an address of its own: the home page alone makes four API calls
    // while it renders, so three of them would be twelve if the renderer's calls counted.
    const visitor = new Agent({ localAddress: '127.0.0.23' });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      const response = await undiciFetch(`${shop.url}/`, { dispatcher: visitor });
      await response.arrayBuffer();
      statuses.push(response.status);
    }
    expect(statuses).toEqual([200, 200, 200]);
    await visitor.close();
  });
});
