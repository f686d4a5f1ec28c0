import { join } from 'node:path';
import { Type } from 'typebox';
import { HttpEnv, StorageEnv } from '../config/common.ts';
import { loadConfig, loadConfigOrExit } from '../config/load-config.ts';
import { migrateToLatest } from '../db/migrate.ts';
import type { Database } from '../db/open-database.ts';
import { openDatabase } from '../db/open-database.ts';
import { createLogger } from '../log/logger.ts';
import type { ServiceManifest } from './service-manifest.ts';

/**
 * What `--migrate` reads: where the database is, and how to log. Nothing else, so a migration job
 * needs no broker, cache, keys or peers (a service's start asks for those).
 */
export const MigrateEnv = Type.Object({
  DATABASE_URL: StorageEnv.DATABASE_URL,
  DATA_DIR: StorageEnv.DATA_DIR,
  LOG_LEVEL: HttpEnv.LOG_LEVEL,
  LOG_PRETTY: HttpEnv.LOG_PRETTY,
});

/**
 * Applies the service's pending migrations to its schema (the same ones, under the same lock, as
 * its start does) and returns their names; a service without migrations applies none.
 *
 * @example
 *   await migrateService(catalog, database); // ['0001_categories_and_books', ...] the first time, [] after
 */
export async function migrateService(manifest: ServiceManifest, database: Database): Promise<string[]> {
  if (!manifest.migrations) return [];
  return migrateToLatest(database, manifest.schema, await manifest.migrations());
}

/**
 * `node services/<name>/main.ts --migrate`: brings the service's schema up to date and exits, 0 when
 * it is, 1 when a migration failed (logged). Run by a deployment before the new version starts.
 *
 * @example
 *   if (process.argv.includes('--migrate')) return runMigrationsStandalone(manifest);
 */
export async function runMigrationsStandalone(manifest: ServiceManifest): Promise<void> {
  const config = loadConfigOrExit(() => loadConfig(MigrateEnv));
  const logger = createLogger({ name: manifest.name, level: config.LOG_LEVEL, pretty: config.LOG_PRETTY });
  // The directory the service itself uses on PGlite, so a local `--migrate` prepares what it will open.
  const database = await openDatabase({ url: config.DATABASE_URL, dataDir: join(config.DATA_DIR, `${manifest.name}-pglite`), poolMax: 2 });
  try {
    const applied = await migrateService(manifest, database);
    logger.info({ schema: manifest.schema, applied }, applied.length > 0 ? 'migrations applied' : 'schema already up to date');
  } catch (error) {
    logger.fatal({ err: error }, `${manifest.name} migrations failed`);
    process.exitCode = 1;
  } finally {
    await database.close();
  }
}
