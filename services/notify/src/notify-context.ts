import type { Cache } from '@pustaka/kit/cache';
import { newId, serviceDb } from '@pustaka/kit/db';
import type { Kysely } from '@pustaka/kit/db';
import type { Logger } from '@pustaka/kit/log';
import type { Outbox, PlatformDeps } from '@pustaka/kit/platform';
import type { NotifySettings } from '../config.ts';
import type { NotifyTables } from './notify.tables.ts';

/** What every notify use case receives: storage, its cache scope, the clock, ids and its outbox. */
export interface NotifyContext {
  db: Kysely<NotifyTables>;
  /** Already scoped to `notify`. */
  cache: Cache;
  logger: Logger;
  now: () => Date;
  newId: () => string;
  /** Events recorded in the transaction of the change they announce (list their types in `publishes`). */
  events: Outbox;
  settings: NotifySettings;
}

/**
 * The context over the platform's dependencies, as the service builds it (and tests that call use
 * cases directly).
 *
 * @example
 *   const ctx = createNotifyContext(platformDepsFor(storage), notifySettings());
 */
export function createNotifyContext(deps: Pick<PlatformDeps, 'database' | 'cache' | 'logger' | 'now' | 'events'>, settings: NotifySettings): NotifyContext {
  return {
    db: serviceDb<NotifyTables>(deps.database, 'notify'),
    cache: deps.cache.scope('notify'),
    logger: deps.logger.child({ service: 'notify' }),
    now: deps.now,
    newId,
    events: deps.events.outbox('notify', deps.now),
    settings,
  };
}
