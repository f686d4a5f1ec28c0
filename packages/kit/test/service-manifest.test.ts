import { describe, expect, it } from 'vitest';
import { Type } from 'typebox';
import { openCache } from '../src/cache/cache.ts';
import { loadConfig } from '../src/config/load-config.ts';
import { openDatabase } from '../src/db/open-database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { busMigration } from '../src/bus/bus-migration.ts';
import { createRouteTable } from '../src/platform/route-table.ts';
import { serviceFromManifest } from '../src/platform/manifest-service.ts';
import { standaloneEnv } from '../src/platform/service-env.ts';
import { defineService } from '../src/platform/service-manifest.ts';
import type { ServiceManifest } from '../src/platform/service-manifest.ts';
import type { ServiceFactory } from '../src/platform/service-module.ts';
import { createTestTokens } from '../src/testing/test-tokens.ts';
import { startTestPlatform } from '../src/testing/test-platform.ts';
import { httpClient } from '../src/testing/http-client.ts';

const Settings = Type.Object({ GREETING: Type.String({ default: 'hello' }) });

function shelves(start: ServiceFactory, overrides: Partial<ServiceManifest> = {}) {
  return defineService({
    name: 'shelves',
    summary: 'A service for these tests.',
    http: { port: 3999, routes: ['/api/shelves', '/api/books/:id/shelf'] },
    rpc: { calls: ['catalog'] },
    schema: 'shelves',
    settings: Settings,
    consumes: ['book.created'],
    publishes: ['stock.low'],
    start: async () => start,
    ...overrides,
  });
}

/** Starts the manifest's service alone on PGlite; resolves with its URL, or rejects as the platform's start does. */
async function start(manifest: ServiceManifest) {
  const tokens = await createTestTokens();
  const database = await openDatabase({});
  const storage = { database, cache: openCache({ prefix: 'manifest-test:' }), dispose: async () => {} };
  const platform = await startTestPlatform(storage, [tokens.service, serviceFromManifest(manifest, { GREETING: 'hi' })]).catch(async (error: unknown) => {
    await database.close();
    throw error;
  });
  return platform;
}

describe('a service made from its manifest', () => {
  it('runs with its settings out of the configuration, and serves the routes it declares', async () => {
    const platform = await start(
      shelves(async () => ({
        name: 'shelves',
        routes: async (app) => {
          app.get('/api/shelves', { config: { access: 'public' } }, async () => ({ ok: true }));
          app.get('/api/books/:id/shelf', { config: { access: 'public' } }, async () => ({ shelf: 'B2' }));
        },
      })),
    );
    try {
      expect((await httpClient(platform.url).get('/api/books/1/shelf')).body).toEqual({ shelf: 'B2' });
    } finally {
      await platform.close();
    }
  });

  it('fails to start when it registers a route its manifest does not declare', async () => {
    await expect(
      start(shelves(async () => ({ name: 'shelves', routes: async (app) => void app.get('/api/racks', { config: { access: 'public' } }, async () => ({})) }))),
    ).rejects.toThrow(/shelves registers \/api\/racks, which no manifest declares/);
  });

  it('fails to start when a route does not say who may call it, naming the route', async () => {
    await expect(
      start(shelves(async () => ({ name: 'shelves', routes: async (app) => void app.delete('/api/shelves/:id', async () => ({})) }))),
    ).rejects.toThrow(/DELETE \/api\/shelves\/:id declares no access/);
  });

  it('fails to start when it uses another schema, consumes or calls what its manifest does not list', async () => {
    const subscribing: ServiceFactory = async ({ events }) => {
      await events.subscribe({ schema: 'shelves', consumerId: 'shelves.orders', events: ['order.placed'], handle: async () => {} });
      return { name: 'shelves', routes: async () => {} };
    };
    await expect(start(shelves(subscribing))).rejects.toThrow(/consumes "order.placed" \(shelves.orders\), which its manifest .* does not list in consumes/);

    const foreign: ServiceFactory = async ({ events, now }) => {
      events.outbox('catalog', now);
      return { name: 'shelves', routes: async () => {} };
    };
    await expect(start(shelves(foreign))).rejects.toThrow(/uses the schema "catalog"/);

    const calling: ServiceFactory = async ({ rpc }) => {
      rpc.transportTo('orders');
      return { name: 'shelves', routes: async () => {} };
    };
    await expect(start(shelves(calling))).rejects.toThrow(/calls orders over gRPC, which its manifest .* does not list in rpc.calls/);
  });

  it('refuses to record an event its manifest does not list among what it publishes', async () => {
    let record: (type: string) => Promise<void> = async () => {};
    const platform = await start(
      shelves(async ({ events, database, now }) => {
        await migrateToLatest(database, 'shelves', { '0001_bus': busMigration });
        const outbox = events.outbox('shelves', now);
        record = (type) => database.root.transaction().execute((trx) => outbox.record(trx, type, {}));
        return { name: 'shelves', routes: async () => {} };
      }),
    );
    try {
      await expect(record('order.placed')).rejects.toThrow(/records "order.placed", which its manifest .* does not list in publishes/);
    } finally {
      await platform.close();
    }
  });
});

describe('the environment of a service alone', () => {
  it("requires identity's keys and the address of each service it calls, and defaults its port", () => {
    const env = standaloneEnv(shelves(async () => ({ name: 'shelves', routes: async () => {} })));
    expect(() => loadConfig(env, {})).toThrow(/JWKS_URL, CATALOG_RPC_URL: required but not set/);
    const config = loadConfig(env, { JWKS_URL: 'http://identity:3001/.well-known/jwks.json', CATALOG_RPC_URL: 'http://catalog:4002' });
    expect(config).toMatchObject({ PORT: 3999, GREETING: 'hello', CATALOG_RPC_URL: 'http://catalog:4002' });
    expect(env.properties).not.toHaveProperty('RPC_PORT');
  });

  it('needs no JWKS_URL for the service that signs the tokens, and a gRPC port for one that serves', () => {
    const env = standaloneEnv(
      shelves(async () => ({ name: 'shelves', routes: async () => {} }), { signsTokens: true, rpc: { port: 4999, serves: ['x.v1.X'] } }),
    );
    expect(loadConfig(env, {})).toMatchObject({ PORT: 3999, RPC_PORT: 4999 });
  });
});

describe('the route table', () => {
  const table = createRouteTable([
    { name: 'catalog', routes: ['/api/books', '/api/categories'] },
    { name: 'orders', routes: ['/api/orders', '/api/books/:id/orders'] },
    { name: 'gifts', routes: ['/api/books/gifts'] },
  ]);

  it('gives a path to the pattern that matches it, else to the longest prefix that covers it', () => {
    expect(table.ownerOf('/api/books/123/orders')).toBe('orders');
    expect(table.ownerOf('/api/books/{id}/orders')).toBe('orders');
    expect(table.ownerOf('/api/books/:id/orders')).toBe('orders');
    expect(table.ownerOf('/api/books/123/orders/x')).toBe('catalog');
    expect(table.ownerOf('/api/books/{id}')).toBe('catalog');
    expect(table.ownerOf('/api/books')).toBe('catalog');
    expect(table.ownerOf('/api/books/gifts/1')).toBe('gifts');
    expect(table.ownerOf('/api/booksx')).toBeUndefined();
    expect(table.ownerOf('/metrics')).toBeUndefined();
  });

  it('mounts each prefix bare and with a wildcard, and each pattern as it is', () => {
    expect(
      table
        .mounts()
        .filter((mount) => mount.service === 'orders')
        .map((mount) => mount.url)
        .sort(),
    ).toEqual(['/api/books/:id/orders', '/api/orders', '/api/orders/*']);
  });
});
