import { sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import type { Kysely } from 'kysely';
import type { Migration as KyselyMigration, MigrationProvider } from 'kysely/migration';
import type { Database } from './open-database.ts';

/**
 * A migration. It runs inside a transaction whose `search_path` is the service's schema, so its
 * SQL names tables without a schema prefix.
 */
export interface Migration {
  up(db: Kysely<any>): Promise<void>;
}

/**
 * Applies a service's pending migrations in name order and records them in `<schema>.kysely_migration`.
 * All run in one transaction under a PostgreSQL advisory lock, so two replicas starting together
 * cannot both apply them; on PGlite the single connection serializes instead.
 *
 * @example
 *   await migrateToLatest(database, 'catalog', { '0001_books': books });
 */
export async function migrateToLatest(database: Database, schema: string, migrations: Record<string, Migration>): Promise<string[]> {
  const provider: MigrationProvider = {
    getMigrations: async () =>
      Object.fromEntries(
        Object.entries(migrations).map(([name, migration]): [string, KyselyMigration] => [
          name,
          {
            up: async (db) => {
              await sql`set local search_path to ${sql.id(schema)}`.execute(db);
              await migration.up(db);
            },
          },
        ]),
      ),
  };
  const migrator = new Migrator({ db: database.root, provider, migrationTableSchema: schema });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName;
    throw new Error(`Migration of schema "${schema}" failed${failed ? ` at ${failed}` : ''}`, { cause: error });
  }
  return (results ?? []).map((result) => result.migrationName);
}
