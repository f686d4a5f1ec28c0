import type { Kysely } from '@pustaka/kit/db';
import type { DiscoveryContext } from '../discovery-context.ts';
import type { DiscoveryTables } from '../discovery.tables.ts';
import type { OwnerClients } from '../owners/owner-clients.ts';
import { confirmedBookings, listedOrders } from '../owners/owner-listings.ts';
import type { ListedOrder } from '../owners/owner-listings.ts';
import { holdSwapLockAlone } from '../read-models/read-models.repository.ts';
import { applyConfirmedBookings } from '../recommendations/bookings.service.ts';
import { applyOrderChanges } from '../recommendations/purchases.service.ts';
import type { OrderChange } from '../recommendations/purchases.service.ts';
import { batchesOf, readAhead } from './page-batches.ts';
import type { RebuildStep } from './rebuild-step.ts';
import { rebuildPageSize } from './search-index.steps.ts';

const ORDER_TABLES = ['purchase_orders', 'book_sales', 'book_sales_days', 'book_sales_windows', 'sales_windows', 'book_pairs', 'member_books'] as const;
const BOOKING_TABLES = ['booking_states', 'member_events', 'event_pairs'] as const;

/**
 * Pages of orders written in one transaction. Most of an order's rows are counters it shares with
 * many others (its books' sales, a series' pairs, a member's books), so ten pages add up in memory
 * to far fewer rows than ten writes of one page would touch. A write holds the swap lock alone, so
 * events wait for it: 5,000 orders (at the default page size) took about three seconds on two
 * shared cores at a load average of 15.
 */
const PAGES_PER_WRITE = 10;

/**
 * The recommendations from scratch: every order the orders service lists (ten pages to a write,
 * the next ones read meanwhile), then every confirmed booking, applied page by page through the
 * consumer's own code. Pages and the events consumed
 * meanwhile (applied to the shadow as well, see `applyToReadModels`) may name one order twice;
 * the recommendations keep each order and booking they have seen, so the second changes nothing.
 * A cancelled order is handed over as its placement and its cancellation, as its events did: it
 * ends counting nothing, and kept as cancelled. The shadow's popular-books windows end on the day
 * its migration ran (UTC, as the live ones after the windows' job), and the job moves them on once
 * they are live.
 *
 * @example
 *   const steps = [...searchIndexSteps(ctx, owners), ...recommendationsSteps(ctx, owners)];
 */
export function recommendationsSteps(ctx: DiscoveryContext, owners: Pick<OwnerClients, 'orders' | 'ticketing'>): RebuildStep[] {
  const pageSize = rebuildPageSize(ctx);
  return [
    {
      name: 'orders',
      tables: ORDER_TABLES,
      async *fill(shadow, signal) {
        const batches = readAhead(batchesOf(listedOrders(owners, { pageSize, signal }), pageSize * PAGES_PER_WRITE));
        for await (const orders of batches) {
          await inPage(shadow, (trx) => applyOrderChanges(ctx, trx, orders.flatMap(orderChangesOf)));
          yield orders.length;
        }
      },
    },
    {
      name: 'bookings',
      tables: BOOKING_TABLES,
      async *fill(shadow, signal) {
        for await (const bookings of confirmedBookings(owners, { pageSize, signal })) {
          await inPage(shadow, (trx) => applyConfirmedBookings(trx, bookings));
          yield bookings.length;
        }
      },
    },
  ];
}

/** A page is written alone, between consumer transactions, as the search index's pages are. */
async function inPage(shadow: Kysely<DiscoveryTables>, write: (trx: Kysely<DiscoveryTables>) => Promise<void>): Promise<void> {
  await shadow.transaction().execute(async (trx) => {
    await holdSwapLockAlone(trx);
    await write(trx);
  });
}

/** What the order's events did: its placement, and its cancellation if it has been cancelled since. */
function orderChangesOf(order: ListedOrder): OrderChange[] {
  const placed: OrderChange = { kind: 'placed', order };
  return order.status === 'cancelled' ? [placed, { kind: 'cancelled', order }] : [placed];
}
