import type { Cache } from '@pustaka/kit/cache';
import { newId, serviceDb } from '@pustaka/kit/db';
import type { Kysely } from '@pustaka/kit/db';
import type { Logger } from '@pustaka/kit/log';
import type { Outbox, PlatformDeps } from '@pustaka/kit/platform';
import type { AnalyticsSettings } from '../config.ts';
import type { AnalyticsTables } from './analytics.tables.ts';

/** What every analytics use case receives: storage, its cache scope, the clock, ids and its outbox. */
export interface AnalyticsContext {
  db: Kysely<AnalyticsTables>;
  /** Already scoped to `analytics`. */
  cache: Cache;
  logger: Logger;
  now: () => Date;
  newId: () => string;
  /** Events recorded in the transaction of the change they announce (list their types in `publishes`). */
  events: Outbox;
  settings: AnalyticsSettings;
}

/**
 * The context over the platform's dependencies, as the service builds it (and tests that call use
 * cases directly).
 *
 * @example
 *   const ctx = createAnalyticsContext(platformDepsFor(storage), analyticsSettings());
 */
export function createAnalyticsContext(
  deps: Pick<PlatformDeps, 'database' | 'cache' | 'logger' | 'now' | 'events'>,
  settings: AnalyticsSettings,
): AnalyticsContext {
  return {
    db: serviceDb<AnalyticsTables>(deps.database, 'analytics'),
    cache: deps.cache.scope('analytics'),
    logger: deps.logger.child({ service: 'analytics' }),
    now: deps.now,
    newId,
    events: deps.events.outbox('analytics', deps.now),
    settings,
  };
}
