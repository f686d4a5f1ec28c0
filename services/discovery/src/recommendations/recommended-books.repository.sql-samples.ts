import { defineSqlSamples } from '@pustaka/kit/sql-snapshots';
import { migrations } from '../../migrations/index.ts';
import type { DiscoveryTables } from '../discovery.tables.ts';
import { sampleBookId } from '../discovery.sql-fixtures.ts';
import { samplePairedBookId, sampleUserId, seedRecommendations } from './recommendations.sql-fixtures.ts';
import {
  findBoughtTogether,
  findMemberSeeds,
  findNeighbourBooks,
  findNewestBooks,
  findPopularBooks,
  findRecommendableBook,
} from './recommended-books.repository.ts';

const categoryId = '00000000-0000-7000-8000-00000000c001';

/** The book answers: each a read down one index (scores, a book's pairs, a category's books, a member's books). */
export default defineSqlSamples<DiscoveryTables>({
  schema: 'discovery',
  migrations,
  seed: seedRecommendations,
  samples: [
    { name: 'findRecommendableBook', run: (db) => findRecommendableBook(db, sampleBookId) },
    { name: 'findPopularBooks', run: (db) => findPopularBooks(db, { inStockOnly: true, excludeIds: [], limit: 10 }) },
    {
      name: 'findPopularBooks (a window, categories, not bought)',
      run: (db) =>
        findPopularBooks(db, {
          window: 30,
          categoryIds: [categoryId],
          inStockOnly: false,
          excludeIds: [samplePairedBookId],
          notBoughtBy: sampleUserId,
          limit: 10,
        }),
    },
    { name: 'findBoughtTogether', run: (db) => findBoughtTogether(db, sampleBookId, 10) },
    { name: 'findNewestBooks', run: (db) => findNewestBooks(db, { categoryId, excludeIds: [sampleBookId], limit: 4 }) },
    { name: 'findNewestBooks (any category)', run: (db) => findNewestBooks(db, { excludeIds: [sampleBookId], limit: 4 }) },
    { name: 'findMemberSeeds', run: (db) => findMemberSeeds(db, sampleUserId, 20) },
    { name: 'findNeighbourBooks', run: (db) => findNeighbourBooks(db, [{ bookId: sampleBookId, weight: 1 }], sampleUserId, { perSeed: 20, limit: 10 }) },
  ],
});
