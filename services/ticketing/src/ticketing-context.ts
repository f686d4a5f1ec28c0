import type { Cache } from '@pustaka/kit/cache';
import { newId, serviceDb } from '@pustaka/kit/db';
import type { Kysely } from '@pustaka/kit/db';
import type { Logger } from '@pustaka/kit/log';
import type { Outbox, PlatformDeps } from '@pustaka/kit/platform';
import type { TicketingSettings } from '../config.ts';
import type { TicketingTables } from './ticketing.tables.ts';

/** The rules of selling seats, from configuration. */
export interface TicketingRules {
  holdTtlSeconds: number;
  maxSeatsPerMember: number;
  reminderLeadHours: number;
  /** Where members reach the platform (PUBLIC_BASE_URL, no trailing slash), for absolute links. */
  publicBaseUrl: string;
}

/** What every ticketing use case receives: storage, the clock, ids, its outbox and its rules. */
export interface TicketingContext {
  db: Kysely<TicketingTables>;
  /** Already scoped to `ticketing`. */
  cache: Cache;
  logger: Logger;
  /** Every time comparison uses this clock (passed into SQL too), so tests can move time. */
  now: () => Date;
  newId: () => string;
  /** Ticketing's outbox: events recorded in the transaction of the change they announce. */
  events: Outbox;
  settings: TicketingRules;
}

/**
 * The context over the platform's dependencies, as the service builds it (and tests that call use
 * cases or jobs directly).
 *
 * @example
 *   const ctx = createTicketingContext(platformDepsFor(storage), ticketingSettings());
 */
export function createTicketingContext(
  deps: Pick<PlatformDeps, 'database' | 'cache' | 'logger' | 'now' | 'events' | 'publicBaseUrl'>,
  settings: TicketingSettings,
): TicketingContext {
  return {
    db: serviceDb<TicketingTables>(deps.database, 'ticketing'),
    cache: deps.cache.scope('ticketing'),
    logger: deps.logger.child({ service: 'ticketing' }),
    now: deps.now,
    newId,
    events: deps.events.outbox('ticketing', deps.now),
    settings: {
      holdTtlSeconds: settings.HOLD_TTL_SECONDS,
      maxSeatsPerMember: settings.MAX_SEATS_PER_MEMBER,
      reminderLeadHours: settings.REMINDER_LEAD_HOURS,
      publicBaseUrl: deps.publicBaseUrl,
    },
  };
}
