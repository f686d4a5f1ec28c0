import type { Cache } from '@pustaka/kit/cache';
import { serviceDb } from '@pustaka/kit/db';
import type { Database, Kysely } from '@pustaka/kit/db';
import type { Logger } from '@pustaka/kit/log';
import type { PlatformDeps } from '@pustaka/kit/platform';
import type { AnalyticsSettings } from '../config.ts';
import type { AnalyticsTables } from './analytics.tables.ts';

/** What every analytics use case receives: its storage, its cache scope, the clock and its settings. */
export interface AnalyticsContext {
  db: Kysely<AnalyticsTables>;
  /** The whole database, for migrating the schema a rebuild writes into. */
  database: Database;
  /** Already scoped to `analytics`: dashboard answers and the marks they are keyed by. */
  cache: Cache;
  logger: Logger;
  now: () => Date;
  settings: AnalyticsSettings;
}

/**
 * The context over the platform's dependencies, as the service builds it (and tests that call use
 * cases directly).
 *
 * @example
 *   const ctx = createAnalyticsContext(platformDepsFor(storage), analyticsSettings());
 */
export function createAnalyticsContext(deps: Pick<PlatformDeps, 'database' | 'cache' | 'logger' | 'now'>, settings: AnalyticsSettings): AnalyticsContext {
  return {
    db: serviceDb<AnalyticsTables>(deps.database, 'analytics'),
    database: deps.database,
    cache: deps.cache.scope('analytics'),
    logger: deps.logger.child({ service: 'analytics' }),
    now: deps.now,
    settings,
  };
}
