import type { DiscoveryContext } from '../discovery-context.ts';
import { indexBookPage, indexEventPage } from '../index/index-pages.service.ts';
import type { OwnerClients } from '../owners/owner-clients.ts';
import { catalogBooks, ticketedEvents } from '../owners/owner-listings.ts';
import { carryOverCategories } from '../index/categories.repository.ts';
import { SHADOW_SCHEMA } from '../read-models/read-model-schemas.ts';
import { carryOverUnsearchable } from '../read-models/read-models.repository.ts';
import { pageStep } from './rebuild-step.ts';
import type { RebuildStep } from './rebuild-step.ts';

const SEARCH_TABLES = ['documents', 'suggestions', 'vocabulary', 'categories'] as const;

/**
 * Rows a page of the rebuild holds, unless set. PGlite is one connection on the event loop's
 * thread, so a search waits for the page being written: small pages keep that wait short (and
 * were no slower there); PostgreSQL searches beside the writes and gains from large pages.
 */
export function rebuildPageSize(ctx: DiscoveryContext): number {
  return ctx.settings.DISCOVERY_REBUILD_PAGE_SIZE ?? (ctx.database.kind === 'pglite' ? 100 : 1000);
}

/**
 * The search index from scratch: every book the catalog lists, then every event ticketing ever
 * published, written page by page with the versions the live index holds; the live index's
 * withdrawn documents are carried over, since no owner lists a deleted book.
 *
 * @example
 *   const steps = searchIndexSteps(ctx, ownerClients(deps.rpc, { deadlineMs, logger }));
 */
export function searchIndexSteps(ctx: DiscoveryContext, owners: Pick<OwnerClients, 'inventory' | 'ticketing'>): RebuildStep[] {
  const pageSize = rebuildPageSize(ctx);
  return [
    pageStep({
      name: 'books',
      tables: SEARCH_TABLES,
      pages: (signal) => catalogBooks(owners, { pageSize, signal }),
      write: (shadow, books) => indexBookPage(shadow, books, ctx.now()),
      carryOver: async (trx) => {
        await carryOverUnsearchable(trx);
        await carryOverCategories(trx.withSchema(SHADOW_SCHEMA));
      },
    }),
    pageStep({
      name: 'events',
      tables: SEARCH_TABLES,
      pages: (signal) => ticketedEvents(owners, { pageSize, signal }),
      write: (shadow, events) => indexEventPage(shadow, events, ctx.now()),
    }),
  ];
}
