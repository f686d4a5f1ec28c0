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
