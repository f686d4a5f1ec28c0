import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase } from '../db/open-database.ts';
import type { Database } from '../db/open-database.ts';
import { openCache } from '../cache/cache.ts';
import type { Cache } from '../cache/cache.ts';
import type { RealServices } from './real-services.ts';
import { readPgliteTemplate } from './pglite-template.ts';

/** Storage for one test file: a database and a cache nobody else uses. */
export interface TestStorage {
  database: Database;
  cache: Cache;
  /** The PostgreSQL URL of `database`, so a test can open a second handle as another replica would. */
  databaseUrl?: string;
  /** Drops what the test created (its database, its cache keys). */
  dispose(): Promise<void>;
}

export interface TestBackend {
  name: string;
  /** Set when this backend cannot run here; the suite is then skipped with this reason. */
  unavailable?: string;
  open(): Promise<TestStorage>;
}

/**
 * The backends every suite runs against: embedded PGlite with the in-process cache, and real
 * PostgreSQL with Redis when they are reachable. PGlite starts from `pgliteTemplate` (a data
 * directory written by `writePgliteTemplate`) when given, else initialises a new database.
 *
 * @example
 *   describe.each(testBackends(inject('realServices'), inject('pgliteTemplate')))('catalog on $name', (backend) => { ... });
 */
export function testBackends(real: RealServices, pgliteTemplate?: string): TestBackend[] {
  return [embeddedBackend(pgliteTemplate), realBackend(real)];
}

function embeddedBackend(template: string | undefined): TestBackend {
  return {
    name: 'pglite+memory',
    open: async () => {
      const database = await openDatabase({ loadDataDir: template ? await readPgliteTemplate(template) : undefined });
      const cache = openCache({ prefix: 'test:' });
      return {
        database,
        cache,
        dispose: once(async () => {
          await database.close();
          await cache.close();
        }),
      };
    },
  };
}

function realBackend(real: RealServices): TestBackend {
  const { postgresUrl, redisUrl } = real;
  return {
    name: 'postgres+redis',
    ...(postgresUrl && redisUrl ? {} : { unavailable: `not reachable: ${real.missing.join('; ')}` }),
    open: async () => {
      if (!postgresUrl || !redisUrl) throw new Error('real services not available');
      const name = `pustaka_test_${randomBytes(6).toString('hex')}`;
      await admin(postgresUrl, `create database ${name}`);
      const url = new URL(postgresUrl);
      url.pathname = `/${name}`;
      const database = await openDatabase({ url: url.toString(), poolMax: 20 });
      const prefix = `test:${name}:`;
      const cache = openCache({ url: redisUrl, prefix });
      return {
        database,
        cache,
        databaseUrl: url.toString(),
        dispose: once(async () => {
          await database.close();
          await cache.close();
          // A started platform owns `cache` and has closed it by now: clean up over a fresh connection.
          const cleaner = openCache({ url: redisUrl, prefix });
          try {
            await cleaner.deleteByPrefix('');
          } finally {
            await cleaner.close();
          }
          await admin(postgresUrl, `drop database if exists ${name} with (force)`);
        }),
      };
    },
  };
}

// A suite may dispose of storage that a platform it started has already disposed of.
function once(dispose: () => Promise<void>): () => Promise<void> {
  let disposing: Promise<void> | undefined;
  return () => (disposing ??= dispose());
}

async function admin(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
