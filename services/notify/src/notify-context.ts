import type { Cache } from '@pustaka/kit/cache';
import { serviceDb } from '@pustaka/kit/db';
import type { Kysely } from '@pustaka/kit/db';
import type { Logger } from '@pustaka/kit/log';
import type { PlatformDeps } from '@pustaka/kit/platform';
import type { NotifySettings } from '../config.ts';
import type { NotificationSender } from './email/notification-sender.ts';
import { logOnlySender } from './email/log-only-sender.ts';
import { noLiveDelivery } from './inbox/no-live-delivery.ts';
import type { LiveDelivery } from './live/live-delivery.ts';
import type { NotifyTables } from './notify.tables.ts';

/** What every notify use case receives: storage, its cache scope, the clock, and its ways out. */
export interface NotifyContext {
  db: Kysely<NotifyTables>;
  /** Already scoped to `notify`. */
  cache: Cache;
  logger: Logger;
  now: () => Date;
  /** Committed notifications go to the member's open sockets through it. */
  live: LiveDelivery;
  /** What sends the emails of the email outbox. */
  sender: NotificationSender;
  settings: NotifySettings;
  /** Where members reach the shop: the base of the links in emails. */
  publicBaseUrl: string;
}

/** The seams a caller may replace: live delivery (the live side, a test's recorder) and the email sender. */
export interface NotifySeams {
  live?: LiveDelivery;
  sender?: NotificationSender;
}

/**
 * The context over the platform's dependencies, as the service builds it (and tests that call use
 * cases directly). Without seams, nothing is delivered live and emails are only logged.
 *
 * @example
 *   const ctx = createNotifyContext(platformDepsFor(storage), notifySettings(), { live: recorder });
 */
export function createNotifyContext(
  deps: Pick<PlatformDeps, 'database' | 'cache' | 'logger' | 'now' | 'publicBaseUrl'>,
  settings: NotifySettings,
  seams: NotifySeams = {},
): NotifyContext {
  const logger = deps.logger.child({ service: 'notify' });
  return {
    db: serviceDb<NotifyTables>(deps.database, 'notify'),
    cache: deps.cache.scope('notify'),
    logger,
    now: deps.now,
    live: seams.live ?? noLiveDelivery,
    sender: seams.sender ?? logOnlySender(logger),
    settings,
    publicBaseUrl: deps.publicBaseUrl,
  };
}
