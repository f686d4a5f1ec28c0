import type { Kysely } from 'kysely';
import type { Migration } from '../db/migrate.ts';
import type { Database } from '../db/open-database.ts';

/** One call of a repository function whose SQL goes into the snapshot. */
export interface SqlSample<Tables> {
  /** The header of its statements: the function called, plus the case when one function has several. */
  name: string;
  /**
   * Calls the function. `db` is scoped to the samples' schema, as a service's handle is; `database`
   * is for kit functions that take one, and reports itself as PostgreSQL, so they take the path a
   * server gets. Every statement sent here is captured, `begin` and `commit` included.
   */
  run(db: Kysely<Tables>, database: Database): Promise<unknown>;
}

/** The samples of one repository file: `<name>.sql-samples.ts` next to `<name>.ts` exports them as default. */
export interface SqlSamples<Tables = any> {
  /** The schema the migrations create and `db` is scoped to. */
  schema: string;
  migrations: Record<string, Migration>;
  /** Rows the samples need to reach every statement; inserted before each sample, not captured. */
  seed?(db: Kysely<Tables>): Promise<void>;
  samples: SqlSample<Tables>[];
}

/**
 * Declares the sample calls whose SQL `npm run sql:sync` writes to `<name>.sql`. Each runs on an
 * in-memory database with the migrations applied, in a transaction rolled back afterwards, so the
 * samples do not see one another. Keep arguments fixed: values never reach the file (placeholders
 * do), but branches they take decide which statements run.
 *
 * @example
 *   // reservations.repository.sql-samples.ts
 *   export default defineSqlSamples<CatalogTables>({
 *     schema: 'catalog',
 *     migrations,
 *     samples: [{ name: 'takeStock', run: (db) => takeStock(db, bookId, 2, now) }],
 *   });
 */
export function defineSqlSamples<Tables>(samples: SqlSamples<Tables>): SqlSamples<Tables> {
  return samples;
}
