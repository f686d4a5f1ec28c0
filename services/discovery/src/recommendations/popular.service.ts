import type { DiscoveryContext } from '../discovery-context.ts';
import { bookCardOf } from './recommendation-cards.ts';
import { findPopularBooks } from './recommended-books.repository.ts';
import type { PopularQuery, PopularResult } from './recommendations.schema.ts';

/**
 * The best-selling books by time-decayed sales (a sale counts half after
 * `DISCOVERY_POPULAR_HALF_LIFE_DAYS`), over all sales or the last `days`, of one category or all,
 * sold-out books left out unless asked for: one read down a score index.
 */
export async function popularBooks(ctx: DiscoveryContext, query: PopularQuery): Promise<PopularResult> {
  const rows = await findPopularBooks(ctx.db, {
    window: query.days,
    categoryIds: query.category === undefined ? undefined : [query.category],
    inStockOnly: query.includeOutOfStock !== true,
    excludeIds: [],
    limit: query.limit ?? 10,
  });
  return { items: rows.map((row) => ({ ...bookCardOf(row), unitsSold: row.units })), days: query.days ?? null };
}
