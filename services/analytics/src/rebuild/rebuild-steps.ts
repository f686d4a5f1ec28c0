import type { Kysely } from '@pustaka/kit/db';
import type { RebuildStep as KitRebuildStep } from '@pustaka/kit/rebuild';
import type { AnalyticsContext } from '../analytics-context.ts';
import type { AnalyticsTables } from '../analytics.tables.ts';
import { carryOverDeletedBooks, holdSwapLockAlone } from '../read-model/shadow.repository.ts';
import type { AnalyticsChange } from '../rollups/analytics-change.ts';
import { applyChanges } from '../rollups/apply-changes.service.ts';
import type { OwnerClients } from './owner-clients.ts';
import { bookFacts, bookingFacts, orderFacts, ticketedEventFacts } from './owner-facts.ts';
import type { ListingOptions } from './owner-facts.ts';

/** One step of a rebuild: an owner's listing (`books`, `events`, `orders`, `bookings`), applied to the shadow's rollups page by page. */
export type RebuildStep = KitRebuildStep<AnalyticsTables>;

/**
 * Every step of a rebuild of the rollups, in order, each applying the facts of one listing through
 * `applyChanges`, the consumer's own code: the books first (their categories file the sales; the
 * books the live rollups know as deleted, which the catalog no longer lists, are carried over), the
 * ticketed events (the capacity behind a fill rate), then the orders and the bookings.
 *
 * @example
 *   const rebuilds = createRebuilds(analyticsRebuildTarget(ctx), () => rebuildSteps(ctx, owners));
 */
export function rebuildSteps(ctx: AnalyticsContext, owners: OwnerClients): RebuildStep[] {
  const listing = (signal: AbortSignal): ListingOptions => ({ pageSize: ctx.settings.ANALYTICS_REBUILD_PAGE_SIZE, signal });
  const terms = { timeZone: ctx.settings.ANALYTICS_TIME_ZONE, currency: ctx.settings.ANALYTICS_CURRENCY };
  const step = (
    name: string,
    facts: (signal: AbortSignal) => AsyncIterable<AnalyticsChange[]>,
    before?: (shadow: Kysely<AnalyticsTables>) => Promise<unknown>,
  ): RebuildStep => ({
    name,
    async *fill(shadow, signal) {
      if (before) await before(shadow);
      for await (const changes of facts(signal)) {
        // A page is applied alone, between consumer transactions (which apply to the shadow too).
        await shadow.transaction().execute(async (trx) => {
          await holdSwapLockAlone(trx);
          await applyChanges(trx, changes, terms);
        });
        yield listedItems(changes);
      }
    },
  });
  return [
    step('books', (signal) => bookFacts(owners, listing(signal)), carryOverDeletedBooks),
    step('events', (signal) => ticketedEventFacts(owners, listing(signal))),
    step('orders', (signal) => orderFacts(owners, listing(signal))),
    step('bookings', (signal) => bookingFacts(owners, listing(signal))),
  ];
}

/** The orders, bookings, books or events a page of facts came from (an order or booking may give two facts). */
function listedItems(changes: AnalyticsChange[]): number {
  const ids = new Set<string>();
  for (const change of changes) {
    if (change.kind === 'order-placed') ids.add(change.orderId);
    else if (change.kind === 'booking') ids.add(change.bookingId);
    else if (change.kind === 'book') ids.add(change.bookId);
    else if (change.kind === 'ticketed-event') ids.add(change.eventId);
  }
  return ids.size;
}
