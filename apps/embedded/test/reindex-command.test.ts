import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, expect, it } from 'vitest';
import { createLogger } from '@pustaka/kit/log';
import { describeService, httpClient } from '@pustaka/kit/testing';
import type { HttpClient, TestStorage } from '@pustaka/kit/testing';
import { loadEmbeddedConfig } from '../config.ts';
import { buildEmbedded } from '../src/build-embedded.ts';
import { createDatabase } from './fresh-database.ts';

const ADMIN = { email: 'owner@shop.test', password: 'correct horse battery' };
const COMMAND = join(import.meta.dirname, '..', 'reindex.ts');
const run = promisify(execFile);

/** `npm run reindex` with these arguments and environment: its exit code and what it printed. */
async function reindex(args: string[], env: Record<string, string>): Promise<{ code: number; out: string }> {
  const result = await run(process.execPath, [COMMAND, ...args], { env: { PATH: process.env.PATH, LOG_LEVEL: 'silent', ...env }, timeout: 120_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, out: stdout + stderr }),
    (failure: { code: number; stdout: string; stderr: string }) => ({ code: failure.code, out: failure.stdout + failure.stderr }),
  );
  return result;
}

/** The embedded platform as `npm start` builds it (the demo shop seeded), listening, with a known admin. */
async function startShop(storage: TestStorage): Promise<{ base: string; api: HttpClient; close(): Promise<void> }> {
  const config = loadEmbeddedConfig({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, LOG_LEVEL: 'silent' });
  const platform = await buildEmbedded(config, createLogger({ name: 'test', level: 'silent' }), storage.database, storage.cache);
  const base = await platform.app.listen({ port: 0, host: '127.0.0.1' });
  return { base, api: httpClient(base), close: () => platform.close() };
}

describeService('npm run reindex', startShop, (shop, { storage }) => {
  let demoBooks: number;
  let demoEvents: number;

  beforeAll(async () => {
    demoBooks = (await shop.api.get('/api/books?pageSize=1')).body.total;
    demoEvents = (await shop.api.get('/api/events?pageSize=1')).body.total;
  });

  it('rebuilds a running platform through its admin route, signed in as the admin, printing how far it is', async () => {
    const { code, out } = await reindex(['--url', shop.base], { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
    expect(out).toContain(`books: ${demoBooks} done`);
    expect(out).toMatch(new RegExp(`Rebuilt in [0-9.]+ s: ${demoBooks} books, ${demoEvents} events, 0 orders, 0 bookings\\.`));
    expect(code).toBe(0);
    expect((await shop.api.get('/api/search?q=laskar+pelangi')).body.items[0].title).toBe('Laskar Pelangi');
  });

  it('says why when it cannot sign in, and exits with an error', async () => {
    const wrong = await reindex(['--url', shop.base], { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: 'not the password at all' });
    expect(wrong.code).not.toBe(0);
    expect(wrong.out).toContain(`Could not sign in as ${ADMIN.email}`);
    const unset = await reindex(['--url', shop.base], {});
    expect(unset).toMatchObject({ code: 2, out: expect.stringContaining('Set ADMIN_EMAIL and ADMIN_PASSWORD') });
  });

  it('rebuilds in its own process on the configured database, with the app stopped', async () => {
    // A shop of its own, as `npm start` leaves it: PGlite under DATA_DIR, or a PostgreSQL database of its own.
    const dataDir = mkdtempSync(join(tmpdir(), 'pustaka-reindex-'));
    const database = storage.databaseUrl ? await createDatabase(storage.databaseUrl) : undefined;
    try {
      const env = { DATA_DIR: dataDir, ...(database ? { DATABASE_URL: database.url } : {}) };
      const { code, out } = await reindex([], env);
      expect(out).toContain(`books: ${demoBooks} done`);
      expect(code).toBe(0);
      // A second run finds the shop and the index as the first left them.
      expect(await reindex([], env)).toMatchObject({
        code: 0,
        out: expect.stringContaining(`${demoBooks} books, ${demoEvents} events, 0 orders, 0 bookings.`),
      });
    } finally {
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 240_000);
});
