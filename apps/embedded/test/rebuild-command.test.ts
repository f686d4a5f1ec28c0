import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, expect, it } from 'vitest';
import { createLogger } from '@pustaka/kit/log';
import { describeService, eventually, httpClient } from '@pustaka/kit/testing';
import type { HttpClient, TestStorage } from '@pustaka/kit/testing';
import { loadEmbeddedConfig } from '../config.ts';
import { buildEmbedded } from '../src/build-embedded.ts';
import { createDatabase } from './fresh-database.ts';

const ADMIN = { email: 'owner@shop.test', password: 'correct horse battery' };
const COMMAND = join(import.meta.dirname, '..', 'rebuild.ts');
const run = promisify(execFile);

/** `npm run rebuild` with these arguments and environment: its exit code and what it printed. */
async function rebuild(args: string[], env: Record<string, string>): Promise<{ code: number; out: string }> {
  return run(process.execPath, [COMMAND, ...args], { env: { PATH: process.env.PATH, LOG_LEVEL: 'silent', ...env }, timeout: 120_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, out: stdout + stderr }),
    (failure: { code: number; stdout: string; stderr: string }) => ({ code: failure.code, out: failure.stdout + failure.stderr }),
  );
}

/** The embedded platform as `npm start` builds it (the demo shop seeded), listening, with a known admin. */
async function startShop(storage: TestStorage): Promise<{ base: string; api: HttpClient; close(): Promise<void> }> {
  const config = loadEmbeddedConfig({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, LOG_LEVEL: 'silent' });
  const platform = await buildEmbedded(config, createLogger({ name: 'test', level: 'silent' }), storage.database, storage.cache);
  const base = await platform.app.listen({ port: 0, host: '127.0.0.1' });
  return { base, api: httpClient(base), close: () => platform.close() };
}

describeService('npm run rebuild', startShop, (shop, { storage }) => {
  let demoBooks: number;
  let demoEvents: number;
  let admin: string;

  beforeAll(async () => {
    demoBooks = (await shop.api.get('/api/books?pageSize=1')).body.total;
    demoEvents = (await shop.api.get('/api/events?pageSize=1')).body.total;
    admin = (await shop.api.post('/api/auth/login', { body: ADMIN })).body.accessToken;
  });

  it("rebuilds the dashboard's rollups of a running platform through its admin route, printing how far it is and what it did", async () => {
    const email = `reader-${Date.now()}@shop.test`;
    await shop.api.post('/api/auth/register', { body: { email, password: 'a long enough password', name: 'Reader' } });
    const member = (await shop.api.post('/api/auth/login', { body: { email, password: 'a long enough password' } })).body.accessToken;
    const book = (await shop.api.get('/api/books?pageSize=1')).body.items[0];
    expect((await shop.api.post('/api/orders', { token: member, body: { items: [{ bookId: book.id, quantity: 1 }] } })).status).toBe(201);
    // The demo shop sells in the shop's currency (IDR): its orders are the dashboard's.
    const ordersToday = async () => (await shop.api.get('/api/dashboard/summary', { token: admin })).body.totals.orders.current;
    await eventually(async () => expect(await ordersToday()).toBe(1), 30_000);

    const { code, out } = await rebuild(['analytics', '--url', shop.base], { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
    expect(out).toContain(`Rebuilding the dashboard's rollups of ${shop.base}`);
    expect(out).toContain(`books: ${demoBooks} done`);
    expect(out).toMatch(new RegExp(`Rebuilt in [0-9.]+ s: ${demoBooks} books, ${demoEvents} events, 1 orders, 0 bookings\\.`));
    expect(code).toBe(0);
    expect(await ordersToday()).toBe(1);
  });

  it('rebuilds discovery as npm run reindex does, and says how to call it when the target is unknown', async () => {
    const { code, out } = await rebuild(['discovery', '--url', shop.base], { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
    expect(out).toMatch(new RegExp(`Rebuilt in [0-9.]+ s: ${demoBooks} books, ${demoEvents} events, 1 orders, 0 bookings\\.`));
    expect(code).toBe(0);
    expect(await rebuild(['inventory'], {})).toMatchObject({ code: 2, out: expect.stringContaining('Usage: npm run rebuild -- <discovery|analytics>') });
    expect(await rebuild([], {})).toMatchObject({ code: 2 });
  });

  it('rebuilds the rollups in its own process on the configured database, with the app stopped', async () => {
    // A shop of its own, as `npm start` leaves it: PGlite under DATA_DIR, or a PostgreSQL database of its own.
    const dataDir = mkdtempSync(join(tmpdir(), 'pustaka-rebuild-'));
    const database = storage.databaseUrl ? await createDatabase(storage.databaseUrl) : undefined;
    try {
      const { code, out } = await rebuild(['analytics'], { DATA_DIR: dataDir, ...(database ? { DATABASE_URL: database.url } : {}) });
      expect(out).toContain(
        database ? "Rebuilding the dashboard's rollups in PostgreSQL" : `Rebuilding the dashboard's rollups in the PGlite under ${dataDir}`,
      );
      expect(out).toMatch(new RegExp(`Rebuilt in [0-9.]+ s: ${demoBooks} books, ${demoEvents} events, 0 orders, 0 bookings\\.`));
      expect(code).toBe(0);
    } finally {
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 240_000);
});
