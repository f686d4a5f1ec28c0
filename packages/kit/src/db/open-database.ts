import { Kysely, PGliteDialect, PostgresDialect, sql } from 'kysely';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import pg from 'pg';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const INT8_OID = 20;

/**
 * The contrib extensions every PGlite instance loads, so `create extension` finds them as it does
 * on a PostgreSQL server with contrib: search needs trigrams (typos) and accent folding.
 */
export const PGLITE_EXTENSIONS = { pg_trgm, unaccent };

export interface DatabaseOptions {
  /** `postgres://…` for a real server; when absent, embedded PGlite is used. */
  url?: string | undefined;
  /** Where PGlite persists; `undefined` keeps it in memory (tests). */
  dataDir?: string | undefined;
  /**
   * A PGlite data directory as `PGlite.dumpDataDir` wrote it, to start from instead of initialising
   * a new one (seconds saved per test file); PGlite only.
   */
  loadDataDir?: Blob | undefined;
  poolMax?: number;
}

/**
 * One connection source per process. Services never see it directly: each gets
 * `serviceDb(database, '<its schema>')`, so the same code runs on pg and on PGlite.
 */
export interface Database {
  readonly kind: 'postgres' | 'pglite';
  /** Unscoped handle: for migrations and infrastructure, never for service queries. */
  readonly root: Kysely<any>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens PostgreSQL (pooled `pg`) when a URL is given, else PGlite persisted under `dataDir`.
 * int8 values come back as numbers on both, so counts read the same everywhere.
 *
 * @example
 *   const database = await openDatabase({ url: config.DATABASE_URL, dataDir: join(config.DATA_DIR, 'pglite') });
 */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const root = options.url ? postgres(options.url, options.poolMax ?? 10) : await pglite(options.dataDir, options.loadDataDir);
  let closed = false;
  return {
    kind: options.url ? 'postgres' : 'pglite',
    root,
    ping: async () => {
      await sql`select 1`.execute(root);
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await root.destroy();
    },
  };
}

function postgres(url: string, max: number): Kysely<any> {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    // A stuck query or a forgotten transaction must not hold a connection forever.
    statement_timeout: 15_000,
    idle_in_transaction_session_timeout: 30_000,
    types: { getTypeParser: (oid, format) => (oid === INT8_OID ? Number : pg.types.getTypeParser(oid, format)) as any },
  });
  // An idle client losing its connection emits here; without a listener it would crash the process.
  pool.on('error', () => {});
  return new Kysely({ dialect: new PostgresDialect({ pool }) });
}

async function pglite(dataDir: string | undefined, loadDataDir: Blob | undefined): Promise<Kysely<any>> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const instance = await PGlite.create(dataDir ? join(dataDir) : undefined, {
    parsers: { [INT8_OID]: (value: string) => Number(value) },
    extensions: PGLITE_EXTENSIONS,
    ...(loadDataDir ? { loadDataDir } : {}),
  });
  return new Kysely({ dialect: new PGliteDialect({ pglite: instance }) });
}

/**
 * The handle a service uses: every table it names resolves in its own schema.
 *
 * @example
 *   const db = serviceDb<CatalogTables>(database, 'catalog');
 *   await db.selectFrom('books').selectAll().execute(); // reads catalog.books
 */
export function serviceDb<Tables>(database: Database, schema: string): Kysely<Tables> {
  return database.root.withSchema(schema) as Kysely<Tables>;
}
