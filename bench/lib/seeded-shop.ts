import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dropDatabases } from '@pustaka/cluster';
import { startChildServer } from './child-server.ts';
import { createDatabase, withClient } from './pg.ts';

const SERVER = fileURLToPath(new URL('../servers/seeded-shop.ts', import.meta.url));
const ORAMA = fileURLToPath(new URL('../baselines/orama-search.ts', import.meta.url));
// Filling 100k books takes minutes on PGlite (and 200k orders longer on a machine shared with other work).
const FILL_TIMEOUT_MS = Number(process.env.BENCH_FILL_TIMEOUT_MS ?? 20 * 60_000);

export type Backend = 'pglite' | 'postgres';

/** What a server said once it had made and indexed its books. */
export interface Indexed {
  books: number;
  generatedMs: number;
  indexMs: number;
  /** Orders applied to the recommendations, and how long that took (0 when none were fed). */
  orders?: number;
  ordersMs?: number;
}

export interface SeededServer {
  url: string;
  pid: number | undefined;
  /** The PostgreSQL database it runs on (postgres backend only): its sessions' titles name it. */
  database?: string;
  indexed: Indexed;
  /** Signs in as the shop's admin (who may do what staff do). */
  admin: { email: string; password: string };
  stop(): Promise<void>;
}

export interface SeededShopOptions {
  backend: Backend;
  port: number;
  seed: number;
  books: number;
  /** The PostgreSQL server to create the shop's database on (postgres backend only). */
  serverUrl?: string;
  /**
   * An existing database of `serverUrl` to run on as it is (filled by an earlier run: not filled
   * again), kept when it stops. Its admin was made by the run that filled it: `adminPassword` must
   * be that run's.
   */
  reuseDatabase?: string;
  adminPassword?: string;
  /** More of the server's settings (BENCH_ORDERS, BENCH_SERVICES, ...: see bench/servers/seeded-shop.ts). */
  env?: Record<string, string>;
}

/**
 * The seeded shop (bench/servers/seeded-shop.ts) in its own process, on a PGlite directory or a
 * PostgreSQL database of its own, both removed when it stops; resolves once its books are indexed
 * and it listens.
 */
export async function startSeededShop(options: SeededShopOptions): Promise<SeededServer> {
  const admin = { email: 'bench-admin@example.com', password: options.adminPassword ?? `bench passphrase ${randomBytes(8).toString('hex')}` };
  const env: Record<string, string> = {
    BENCH_SEED: String(options.seed),
    BENCH_BOOKS: String(options.books),
    ADMIN_EMAIL: admin.email,
    ADMIN_PASSWORD: admin.password,
    LOG_LEVEL: 'warn',
    LOG_PRETTY: 'false',
    NODE_ENV: 'production',
    ...options.env,
  };
  let cleanUp: () => Promise<void>;
  let database: string | undefined;
  if (options.backend === 'pglite') {
    const dataDir = mkdtempSync(join(tmpdir(), 'pustaka-bench-'));
    env.DATA_DIR = dataDir;
    cleanUp = async () => rmSync(dataDir, { recursive: true, force: true });
  } else {
    const serverUrl = options.serverUrl!;
    const name = options.reuseDatabase ?? `pustaka_b${randomBytes(4).toString('hex')}_shop`;
    if (!options.reuseDatabase) await createDatabase(serverUrl, name);
    database = name;
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
    cleanUp = options.reuseDatabase ? async () => {} : () => dropDatabases(serverUrl, [name]);
  }
  try {
    const started = await startIndexedChild(SERVER, env, options.port);
    return {
      ...started,
      ...(database ? { database } : {}),
      admin,
      stop: async () => {
        await started.stop();
        await cleanUp();
      },
    };
  } catch (error) {
    await cleanUp().catch(() => {});
    throw error;
  }
}

/** Orama over the same seeded books (bench/baselines/orama-search.ts), in its own process. */
export function startOramaSearch(options: { port: number; seed: number; books: number }) {
  return startIndexedChild(ORAMA, { BENCH_SEED: String(options.seed), BENCH_BOOKS: String(options.books) }, options.port);
}

/** True when a PostgreSQL server answers at `serverUrl`. */
export async function postgresAnswers(serverUrl: string): Promise<boolean> {
  return withClient(serverUrl, async (client) => (await client.query('select 1')).rowCount === 1).catch(() => false);
}

async function startIndexedChild(script: string, env: Record<string, string>, port: number) {
  let indexed: Indexed | undefined;
  const child = await startChildServer(script, env, {
    port,
    readyTimeoutMs: FILL_TIMEOUT_MS,
    onLine: (line) => {
      if (line.startsWith('INDEXED ')) indexed = JSON.parse(line.slice('INDEXED '.length)) as Indexed;
    },
  });
  if (!indexed) {
    await child.stop();
    throw new Error(`${script} listened without saying how long its index took`);
  }
  return { url: child.url, pid: child.pid, indexed, stop: () => child.stop() };
}
