import { sql } from 'kysely';
import type { Database } from '@pustaka/kit/db';

/** The number of rows in every table of every schema, as `schema.table` → count. */
export async function countEveryTable(database: Database): Promise<Record<string, number>> {
  const tables = await sql<{ name: string }>`
    select quote_ident(table_schema) || '.' || quote_ident(table_name) as name from information_schema.tables
    where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema') order by 1`.execute(database.root);
  const counts: Record<string, number> = {};
  for (const { name } of tables.rows) {
    const result = await sql<{ count: number }>`select count(*)::int as count from ${sql.raw(name)}`.execute(database.root);
    counts[name] = result.rows[0]!.count;
  }
  return counts;
}

/**
 * The counts once the platform is quiet: no outbox holds an unpublished event, and two counts a
 * moment apart agree. Events recorded while the world was built are still being delivered
 * (ticketing applies identity's `user.updated` into its inbox) when the world is ready.
 */
export async function settledTableCounts(database: Database, { quietMs = 300, timeoutMs = 15_000 } = {}): Promise<Record<string, number>> {
  const deadline = Date.now() + timeoutMs;
  let counts = await countEveryTable(database);
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, quietMs));
    const again = await countEveryTable(database);
    const quiet = JSON.stringify(again) === JSON.stringify(counts) && (await unpublishedEvents(database, Object.keys(again))) === 0;
    if (quiet || Date.now() > deadline) return again;
    counts = again;
  }
}

async function unpublishedEvents(database: Database, tables: string[]): Promise<number> {
  let pending = 0;
  for (const outbox of tables.filter((name) => name.endsWith('.outbox'))) {
    const result = await sql<{ count: number }>`select count(*)::int as count from ${sql.raw(outbox)} where published_at is null`.execute(database.root);
    pending += result.rows[0]!.count;
  }
  return pending;
}
