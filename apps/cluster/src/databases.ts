import pg from 'pg';

// Names come from configuration and are quoted into DDL, so only plain identifiers pass.
const SAFE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const DUPLICATE_DATABASE = '42P04';

async function withServer<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => {});
  }
}

function assertSafe(name: string): void {
  if (!SAFE_NAME.test(name)) throw new Error(`Not a plain database name: ${JSON.stringify(name)}`);
}

/**
 * Creates each database that does not exist yet (each service owns one), through a connection to
 * `serverUrl`. Returns the names it created.
 *
 * @example
 *   await ensureDatabases('postgres://postgres@127.0.0.1:5432/postgres', ['pustaka_identity', 'pustaka_catalog']);
 */
export async function ensureDatabases(serverUrl: string, names: readonly string[]): Promise<string[]> {
  names.forEach(assertSafe);
  return withServer(serverUrl, async (client) => {
    const created: string[] = [];
    for (const name of names) {
      const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
      if (rowCount) continue;
      try {
        await client.query(`create database "${name}"`);
        created.push(name);
      } catch (error) {
        // Another launcher created it between the check and now: that is what we wanted.
        if ((error as { code?: string }).code !== DUPLICATE_DATABASE) throw error;
      }
    }
    return created;
  });
}

/**
 * Drops the databases, closing any connection still open to them (tests clean up after themselves).
 *
 * @example
 *   await dropDatabases(serverUrl, ['pustaka_t1a2b3c_identity']);
 */
export async function dropDatabases(serverUrl: string, names: readonly string[]): Promise<void> {
  names.forEach(assertSafe);
  await withServer(serverUrl, async (client) => {
    for (const name of names) await client.query(`drop database if exists "${name}" with (force)`);
  });
}
