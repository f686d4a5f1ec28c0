import pg from 'pg';

// Names are quoted into DDL, so only plain identifiers pass.
const SAFE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Runs `work` on a connection of its own, always closed afterwards. */
export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => {});
  }
}

export async function queryRows<T>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  return withClient(url, async (client) => (await client.query(text, values)).rows as T[]);
}

export async function createDatabase(serverUrl: string, name: string): Promise<void> {
  if (!SAFE_NAME.test(name)) throw new Error(`Not a plain database name: ${name}`);
  await withClient(serverUrl, (client) => client.query(`create database "${name}"`));
}

/** The databases named `<prefix>_…` (a bench run's own, to drop afterwards). */
export async function databasesWithPrefix(serverUrl: string, prefix: string): Promise<string[]> {
  if (!SAFE_NAME.test(prefix)) throw new Error(`Not a plain database prefix: ${prefix}`);
  const rows = await queryRows<{ datname: string }>(serverUrl, 'select datname from pg_database where starts_with(datname, $1)', [`${prefix}_`]);
  return rows.map((row) => row.datname);
}

/**
 * Connection slots still open to ordinary clients. PostgreSQL here is shared with other people's
 * test runs: pgbench's 64 connections must not take the last slots from under them.
 */
export async function freeConnectionSlots(serverUrl: string): Promise<number> {
  const [row] = await queryRows<{ free: number }>(
    serverUrl,
    `
    select current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int
      - (select count(*)::int from pg_stat_activity where backend_type = 'client backend') as free`,
  );
  return row!.free;
}

/** Waits (bounded) until `needed` slots are free; throws saying how many there are if they never are. */
export async function waitForConnectionSlots(serverUrl: string, needed: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let free = await freeConnectionSlots(serverUrl);
  while (free < needed && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    free = await freeConnectionSlots(serverUrl);
  }
  if (free < needed) throw new Error(`PostgreSQL has ${free} free connection slots, pgbench needs ${needed} (max_connections is shared with other runs)`);
}
