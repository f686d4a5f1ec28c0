import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/** Autovacuum's defaults: a table is analysed after 50 + 10% of its rows changed, vacuumed after 50 + 20% died. */
const ANALYZE_THRESHOLD = 50;
const ANALYZE_SCALE = 0.1;
const VACUUM_THRESHOLD = 50;
const VACUUM_SCALE = 0.2;

export interface MaintenanceRun {
  /** `schema.table` of each table analysed (vacuumed ones included: a vacuum here analyses too). */
  analyzed: string[];
  vacuumed: string[];
}

/**
 * What autovacuum would do, for a database that has none: PGlite runs PostgreSQL in one process
 * without its background workers, so an embedded shop's tables are never analysed (the planner
 * then guesses their sizes, and a query that takes 5 ms with statistics can take 100) nor vacuumed.
 * Analyses each table whose changes since the last analysis passed autovacuum's default
 * threshold, and vacuums (with analysis) each whose dead rows did. PGlite answers one statement at
 * a time, so each table is its own short statement, and the others' queries wait at most that.
 */
export async function maintainTables(db: Kysely<any>): Promise<MaintenanceRun> {
  // A session's counts of changed rows reach pg_stat_user_tables a while after its statements do.
  await sql`select pg_stat_force_next_flush()`.execute(db);
  const { rows } = await sql<{ schema: string; table: string; vacuum: boolean }>`
    select s.schemaname as schema, s.relname as table,
      s.n_dead_tup > ${VACUUM_THRESHOLD} + ${VACUUM_SCALE} * greatest(c.reltuples, 0) as vacuum
    from pg_stat_user_tables s
    join pg_class c on c.oid = s.relid
    where s.n_dead_tup > ${VACUUM_THRESHOLD} + ${VACUUM_SCALE} * greatest(c.reltuples, 0)
      or s.n_mod_since_analyze > ${ANALYZE_THRESHOLD} + ${ANALYZE_SCALE} * greatest(c.reltuples, 0)
    order by s.schemaname, s.relname`.execute(db);
  const run: MaintenanceRun = { analyzed: [], vacuumed: [] };
  for (const { schema, table, vacuum } of rows) {
    const name = sql.id(schema, table);
    if (vacuum) {
      await sql`vacuum (analyze) ${name}`.execute(db);
      run.vacuumed.push(`${schema}.${table}`);
    } else await sql`analyze ${name}`.execute(db);
    run.analyzed.push(`${schema}.${table}`);
  }
  return run;
}
