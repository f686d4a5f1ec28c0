import type { Cache } from '@pustaka/kit/cache';
import { newId, serviceDb } from '@pustaka/kit/db';
import type { Kysely } from '@pustaka/kit/db';
import type { Logger } from '@pustaka/kit/log';
import type { Outbox, PlatformDeps } from '@pustaka/kit/platform';
import type { BlankSlateSettings } from '../config.ts';
import type { BlankSlateTables } from './blank-slate.tables.ts';

/** What every blank slate use case receives: storage, its cache scope, the clock, ids and its outbox. */
export interface BlankSlateContext {
  db: Kysely<BlankSlateTables>;
  /** Already scoped to `blank-slate`. */
  cache: Cache;
  logger: Logger;
  now: () => Date;
  newId: () => string;
  /** Events recorded in the transaction of the change they announce (list their types in `publishes`). */
  events: Outbox;
  settings: BlankSlateSettings;
}

/**
 * The context over the platform's dependencies, as the service builds it (and tests that call use
 * cases directly).
 *
 * @example
 *   const ctx = createBlankSlateContext(platformDepsFor(storage), blankSlateSettings());
 */
export function createBlankSlateContext(
  deps: Pick<PlatformDeps, 'database' | 'cache' | 'logger' | 'now' | 'events'>,
  settings: BlankSlateSettings,
): BlankSlateContext {
  return {
    db: serviceDb<BlankSlateTables>(deps.database, 'blank_slate'),
    cache: deps.cache.scope('blank-slate'),
    logger: deps.logger.child({ service: 'blank-slate' }),
    now: deps.now,
    newId,
    events: deps.events.outbox('blank_slate', deps.now),
    settings,
  };
}
