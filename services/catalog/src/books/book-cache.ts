import type { CatalogContext } from '../catalog-context.ts';
import type { Book } from './books.schema.ts';

/** The one place cache keys of books are named (under the `catalog` scope). */
export function bookCacheKey(id: string): string {
  return `book:${id}`;
}

/** Cache-aside read of one book; concurrent misses share one load. */
export function getCachedBook(ctx: CatalogContext, id: string, load: () => Promise<Book | undefined>): Promise<Book | undefined> {
  return ctx.cache.getOrLoad(bookCacheKey(id), ctx.bookCacheTtlSeconds, load);
}

/**
 * Drops a book from the cache. Call it after the change has committed: dropping it earlier would
 * let a concurrent read cache the old row again. A failure propagates, so a writer is never told
 * "done" while a stale copy may still be served.
 */
export async function forgetCachedBook(ctx: CatalogContext, id: string): Promise<void> {
  await forgetCachedBooks(ctx, [id]);
}

/** `forgetCachedBook` for many books in one cache command. */
export async function forgetCachedBooks(ctx: CatalogContext, ids: string[]): Promise<void> {
  if (ids.length > 0) await ctx.cache.delete(...ids.map(bookCacheKey));
}
