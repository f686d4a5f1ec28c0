import { serviceDb } from '@pustaka/kit/db';
import type { Database, Kysely } from '@pustaka/kit/db';
import type { Logger } from '@pustaka/kit/log';
import type { PlatformDeps } from '@pustaka/kit/platform';
import type { DiscoverySettings } from '../config.ts';
import type { DiscoveryTables } from './discovery.tables.ts';

/** What every discovery use case receives: its storage, the clock and its settings. */
export interface DiscoveryContext {
  db: Kysely<DiscoveryTables>;
  /** The process's database, for what works beyond discovery's schema: migrating a rebuild's shadow schema. */
  database: Database;
  logger: Logger;
  now: () => Date;
  settings: DiscoverySettings;
}

/**
 * The context over the platform's dependencies, as the service builds it (and tests that call use
 * cases directly).
 *
 * @example
 *   const ctx = createDiscoveryContext(platformDepsFor(storage), discoverySettings());
 */
export function createDiscoveryContext(deps: Pick<PlatformDeps, 'database' | 'logger' | 'now'>, settings: DiscoverySettings): DiscoveryContext {
  return {
    db: serviceDb<DiscoveryTables>(deps.database, 'discovery'),
    database: deps.database,
    logger: deps.logger.child({ service: 'discovery' }),
    now: deps.now,
    settings,
  };
}
