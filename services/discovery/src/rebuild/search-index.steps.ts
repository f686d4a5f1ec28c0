import type { DiscoveryContext } from '../discovery-context.ts';
import { indexBookPage, indexEventPage } from '../index/index-pages.service.ts';
import type { OwnerClients } from '../owners/owner-clients.ts';
import { catalogBooks, ticketedEvents } from '../owners/owner-listings.ts';
import { carryOverUnsearchable } from '../read-models/read-models.repository.ts';
import { pageStep } from './rebuild-step.ts';
import type { RebuildStep } from './rebuild-step.ts';

const SEARCH_TABLES = ['documents', 'suggestions', 'vocabulary'] as const;

/**
 * The search index from scratch: every book the catalog lists, then every event ticketing ever
 * published, written page by page with the versions the live index holds; the live index's
 * withdrawn documents are carried over, since no owner lists a deleted book.
 *
 * @example
 *   const steps = searchIndexSteps(ctx, ownerClients(deps.rpc, { deadlineMs, logger }));
 */
export function searchIndexSteps(ctx: DiscoveryContext, owners: Pick<OwnerClients, 'inventory' | 'ticketing'>): RebuildStep[] {
  const pageSize = ctx.settings.DISCOVERY_REBUILD_PAGE_SIZE;
  return [
    pageStep({
      name: 'books',
      tables: SEARCH_TABLES,
      pages: (signal) => catalogBooks(owners, { pageSize, signal }),
      write: (shadow, books) => indexBookPage(ctx.db, shadow, books, ctx.now()),
      carryOver: async (trx) => {
        await carryOverUnsearchable(trx);
      },
    }),
    pageStep({
      name: 'events',
      tables: SEARCH_TABLES,
      pages: (signal) => ticketedEvents(owners, { pageSize, signal }),
      write: (shadow, events) => indexEventPage(ctx.db, shadow, events, ctx.now()),
    }),
  ];
}
