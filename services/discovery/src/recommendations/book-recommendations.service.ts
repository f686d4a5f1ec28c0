import { AppError } from '@pustaka/kit/errors';
import type { DiscoveryContext } from '../discovery-context.ts';
import { recommendedBook } from './recommendation-cards.ts';
import { Picks } from './recommendation-picks.ts';
import { findBoughtTogether, findNewestBooks, findPopularBooks, findRecommendableBook } from './recommended-books.repository.ts';
import type { BookRecommendations, RecommendationsQuery, RecommendedBook } from './recommendations.schema.ts';

/**
 * What to show beside a book: the books most often bought with it, then the best sellers of its
 * category, then the catalog's other books of that category (newest first), then the best sellers
 * and the newest of the whole shop, until `limit` (10 unless asked) books are found; the book
 * itself never, nor one twice, nor one sold out. So a page gets its 10 from the first sale on, or
 * from none while the shop has that many books on the shelf. At most five index reads.
 */
export async function recommendationsForBook(ctx: DiscoveryContext, bookId: string, query: RecommendationsQuery): Promise<BookRecommendations> {
  const book = await findRecommendableBook(ctx.db, bookId);
  if (!book) throw new AppError('not_found', 'BOOK_NOT_FOUND', 'The book was not found');
  const picks = new Picks<RecommendedBook>(query.limit ?? 10, [book.id]);
  picks.add((await findBoughtTogether(ctx.db, book.id, picks.room)).map((row) => recommendedBook(row, 'bought-together')));
  const categoryId = book.category_id ?? undefined;
  if (!picks.full && categoryId !== undefined) {
    const popular = await findPopularBooks(ctx.db, { categoryIds: [categoryId], inStockOnly: true, excludeIds: picks.takenIds, limit: picks.room });
    picks.add(popular.map((row) => recommendedBook(row, 'popular-in-category')));
  }
  if (!picks.full && categoryId !== undefined) {
    const newest = await findNewestBooks(ctx.db, { categoryId, excludeIds: picks.takenIds, limit: picks.room });
    picks.add(newest.map((row) => recommendedBook(row, 'popular-in-category')));
  }
  if (!picks.full) {
    const popular = await findPopularBooks(ctx.db, { inStockOnly: true, excludeIds: picks.takenIds, limit: picks.room });
    picks.add(popular.map((row) => recommendedBook(row, 'popular')));
  }
  if (!picks.full) {
    const newest = await findNewestBooks(ctx.db, { excludeIds: picks.takenIds, limit: picks.room });
    picks.add(newest.map((row) => recommendedBook(row, 'popular')));
  }
  return { items: picks.items };
}
