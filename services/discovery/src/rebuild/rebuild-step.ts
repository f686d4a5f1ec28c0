import type { Kysely, Transaction } from '@pustaka/kit/db';
import type { DiscoveryTables } from '../discovery.tables.ts';
import type { ReadModelTable } from '../read-models/read-models.repository.ts';

/**
 * One step of a rebuild: it fills some read models in the shadow schema from an owner's listing.
 * Once every step is done, the tables of all of them take the live ones' place together.
 */
export interface RebuildStep {
  /** What the run's progress calls it: `books`, `events`, `orders`. */
  name: string;
  /** The tables it fills (several steps may share one); a rebuild swaps in every step's. */
  tables: readonly ReadModelTable[];
  /**
   * Fills its tables of `shadow` a page at a time, yielding how many items each page wrote. A
   * table is fed by the consumers too while the step runs (see `applyToReadModels`), so a page must
   * leave a row an event wrote first as the event would: only a newer page may change it.
   */
  fill(shadow: Kysely<DiscoveryTables>, signal: AbortSignal): AsyncIterable<number>;
  /**
   * Runs in the swap's transaction, under the swap lock, before the shadow's tables go live: copies
   * what the live tables keep that no owner lists any more (tombstones of deleted books).
   */
  carryOver?(trx: Transaction<DiscoveryTables>): Promise<void>;
}

/**
 * A step that writes each page of a listing with one call: the shape of every step so far.
 *
 * @example
 *   pageStep({
 *     name: 'orders',
 *     tables: ['purchase_counts', 'co_purchases'],
 *     pages: (signal) => listedOrders(owners, { pageSize: 1000, statuses: ['placed', 'fulfilled'], signal }),
 *     write: (shadow, orders) => applyPlacedOrders(shadow, orders),
 *   });
 */
export function pageStep<Item>(step: {
  name: string;
  tables: readonly ReadModelTable[];
  pages: (signal: AbortSignal) => AsyncIterable<Item[]>;
  write: (shadow: Kysely<DiscoveryTables>, page: Item[]) => Promise<void>;
  carryOver?: (trx: Transaction<DiscoveryTables>) => Promise<void>;
}): RebuildStep {
  const { pages, write, ...rest } = step;
  return {
    ...rest,
    async *fill(shadow, signal) {
      for await (const page of pages(signal)) {
        await write(shadow, page);
        yield page.length;
      }
    },
  };
}
