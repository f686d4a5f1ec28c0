import type { Cache } from '@pustaka/kit/cache';
import type { Kysely } from '@pustaka/kit/db';
import type { Logger } from '@pustaka/kit/log';
import type { Outbox } from '@pustaka/kit/platform';
import type { CatalogTables } from './catalog.tables.ts';

/** What every catalog use case receives: storage, the catalog's cache scope and its side effects. */
export interface CatalogContext {
  db: Kysely<CatalogTables>;
  /** Already scoped to `catalog`. */
  cache: Cache;
  logger: Logger;
  now: () => Date;
  newId: () => string;
  bookCacheTtlSeconds: number;
  /** The catalog's outbox: events recorded in the transaction of the change they announce. */
  events: Outbox;
}
